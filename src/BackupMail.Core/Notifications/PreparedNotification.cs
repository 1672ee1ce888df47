using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using BackupMail.Jobs;

namespace BackupMail.Notifications
{
    /// <summary>
    /// A notification decided and rendered but not yet sent: what <c>-WhatIf</c> shows, and what
    /// <see cref="NotificationService.Deliver"/> sends.
    /// </summary>
    public sealed class PreparedNotification
    {
        internal PreparedNotification(string backupName, BackupStatus status, int? exitCode, NotificationDecision decision,
            IReadOnlyList<string>? to, string? account, string? subject, string? reason, OutgoingMail? mail, string? attachmentPath)
        {
            BackupName = backupName;
            Status = status;
            ExitCode = exitCode;
            Decision = decision;
            To = to ?? Array.Empty<string>();
            Account = account;
            Subject = subject;
            Reason = reason;
            Mail = mail;
            AttachmentPath = attachmentPath;
        }

        /// <summary>
        /// Why the log given could not be read (<c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c>); the
        /// message goes out without the log's figures. Null when there was no log or it was read.
        /// </summary>
        public BackupMailException? LogProblem { get; internal set; }

        /// <summary>The run as read (its log's figures included), for the run journal; null when it was not read.</summary>
        internal Jobs.BackupRun? Run { get; set; }

        /// <summary>The rule's healthchecks-style URL, called once the result is known (null: none).</summary>
        internal string? PingUrl { get; set; }

        /// <summary>Sent because the job recovered (mode OnFailure or OnWarning, -NotifyOnRecovery), not because of its mode.</summary>
        public bool IsRecovery { get; internal set; }

        /// <summary>The backup job's name.</summary>
        public string BackupName { get; }

        /// <summary>The run's outcome.</summary>
        public BackupStatus Status { get; }

        /// <summary>The run's exit code, when known.</summary>
        public int? ExitCode { get; }

        /// <summary>Send or skip.</summary>
        public NotificationDecision Decision { get; }

        /// <summary>The recipients (empty when skipped without any).</summary>
        public IReadOnlyList<string> To { get; }

        /// <summary>The account the message goes through; null when skipped.</summary>
        public string? Account { get; }

        /// <summary>The rendered subject; null when skipped.</summary>
        public string? Subject { get; }

        /// <summary>Why it is skipped; null when it is sent.</summary>
        public string? Reason { get; }

        // True when the notification is to be sent: NotificationService.Prepare then gives it its account and its message.
        [MemberNotNullWhen(true, nameof(Mail), nameof(Account))]
        internal bool IsSent => Decision == NotificationDecision.Send;

        // What the dispatcher sends; internal so MimeKit types stay out of the cmdlets' surface.
        internal OutgoingMail? Mail { get; }

        // The log to attach when sending; null for none.
        internal string? AttachmentPath { get; }
    }
}
