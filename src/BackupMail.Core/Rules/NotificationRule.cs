using System;

namespace BackupMail.Rules
{
    /// <summary>Who is told about a backup job, and when.</summary>
    public sealed class NotificationRule
    {
        /// <summary>The backup job's name.</summary>
        // Null only while a rule is being built: RuleService requires a name, and ConfigValidator refuses a stored rule without one.
        public string BackupName { get; set; } = null!;

        /// <summary>When to send.</summary>
        public NotificationMode Mode { get; set; } = NotificationMode.Always;

        /// <summary>The recipients.</summary>
        public RecipientList To { get; set; } = new RecipientList();

        /// <summary>The account to send with; null for <c>Default</c>.</summary>
        public string? Account { get; set; }

        /// <summary>The template to use; null for <c>Default</c>.</summary>
        public string? Template { get; set; }

        /// <summary>Attach the job's log.</summary>
        public bool AttachLog { get; set; }

        /// <summary>Copy recipients (Cc).</summary>
        public RecipientList Cc { get; set; } = new RecipientList();

        /// <summary>Blind copy recipients (Bcc): they get the message, and nobody else sees them.</summary>
        public RecipientList Bcc { get; set; } = new RecipientList();

        /// <summary>Where replies go (Reply-To); empty for the sender.</summary>
        public RecipientList ReplyTo { get; set; } = new RecipientList();

        /// <summary>The message's priority (Normal sets no priority headers).</summary>
        public BackupMail.Delivery.MailPriority Priority { get; set; }

        /// <summary>How often the job's runs are listed in a digest, independent of <see cref="Mode"/> (default None).</summary>
        public DigestCadence Digest { get; set; }

        /// <summary>How often the job is expected to run; once that long has passed since its last run it is overdue (null: not watched).</summary>
        public TimeSpan? ExpectEvery { get; set; }

        /// <summary>
        /// In mode OnFailure or OnWarning, also send the first successful run after one the mode reported
        /// ("recovered after 3 failures"). On by default.
        /// </summary>
        public bool NotifyOnRecovery { get; set; } = true;

        /// <summary>A healthchecks-style URL called after every run: itself on success or warning, with <c>/fail</c> on failure (null: none).</summary>
        public string? PingUrl { get; set; }

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<BackupMail.Configuration.UnknownJsonProperty>? UnknownProperties { get; set; }
    }
}
