using System;
using System.Collections.Generic;
using BackupMail.Jobs;
using BackupMail.Rules;

namespace BackupMail.Notifications
{
    /// <summary>
    /// One backup run to notify about, as Send-BackupNotification and Invoke-BackupJob receive it. Anything
    /// left null comes from the job's rule, the log, or the defaults.
    /// </summary>
    public sealed class NotificationRequest
    {
        /// <summary>The backup job's name (required; the key of its rule).</summary>
        public string? BackupName { get; set; }

        /// <summary>The program's exit code; read through <see cref="Tool"/> when <see cref="Status"/> is not given.</summary>
        public int? ExitCode { get; set; }

        /// <summary>The program whose exit code it is.</summary>
        public BackupTool Tool { get; set; } = BackupTool.Generic;

        /// <summary>The outcome, when the caller knows it; wins over <see cref="ExitCode"/>.</summary>
        public BackupStatus? Status { get; set; }

        /// <summary>When the run started.</summary>
        public DateTimeOffset? StartTime { get; set; }

        /// <summary>When the run ended.</summary>
        public DateTimeOffset? EndTime { get; set; }

        /// <summary>What was backed up.</summary>
        public string? Source { get; set; }

        /// <summary>Where it went.</summary>
        public string? Destination { get; set; }

        /// <summary>The job's log file: its summary fills the counters and its tail fills <c>##LogTail##</c>.</summary>
        public string? LogPath { get; set; }

        /// <summary>How many lines the log's tail (<c>##LogTail##</c>) has when nothing else is said.</summary>
        public const int DefaultLogTailLines = 20;

        /// <summary>How many of the log's last lines <c>##LogTail##</c> shows.</summary>
        public int LogTailLines { get; set; } = DefaultLogTailLines;

        /// <summary>Attach the log; null means "as the rule says".</summary>
        public bool? AttachLog { get; set; }

        /// <summary>The error text; read from the log when not given.</summary>
        public string? ErrorMessage { get; set; }

        /// <summary>Recipients for this call only (array items may hold several addresses separated by commas or semicolons); override the rule's.</summary>
        public IReadOnlyList<string>? To { get; set; }

        /// <summary>The mode for this call only; overrides the rule's.</summary>
        public NotificationMode? Mode { get; set; }

        /// <summary>The account for this call only; overrides the rule's.</summary>
        public string? Account { get; set; }

        /// <summary>The template for this call only; overrides the rule's.</summary>
        public string? Template { get; set; }

        /// <summary>Copy recipients for this call only; override the rule's (null: the rule's).</summary>
        public IReadOnlyList<string>? Cc { get; set; }

        /// <summary>Blind copy recipients for this call only; override the rule's (null: the rule's).</summary>
        public IReadOnlyList<string>? Bcc { get; set; }

        /// <summary>Reply-To addresses for this call only; override the rule's (null: the rule's).</summary>
        public IReadOnlyList<string>? ReplyTo { get; set; }

        /// <summary>The priority for this call only; overrides the rule's.</summary>
        public BackupMail.Delivery.MailPriority? Priority { get; set; }
    }
}
