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

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<BackupMail.Configuration.UnknownJsonProperty>? UnknownProperties { get; set; }
    }
}
