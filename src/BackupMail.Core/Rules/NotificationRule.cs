using System;

namespace BackupMail.Rules
{
    /// <summary>Who is told about a backup job, and when.</summary>
    public sealed class NotificationRule
    {
        /// <summary>The backup job's name.</summary>
        public string BackupName { get; set; }

        /// <summary>When to send.</summary>
        public NotificationMode Mode { get; set; } = NotificationMode.Always;

        /// <summary>The recipients.</summary>
        public string[] To { get; set; } = Array.Empty<string>();

        /// <summary>The account to send with; null for <c>Default</c>.</summary>
        public string Account { get; set; }

        /// <summary>The template to use; null for <c>Default</c>.</summary>
        public string Template { get; set; }

        /// <summary>Attach the job's log.</summary>
        public bool AttachLog { get; set; }

        /// <summary>Copy recipients (Cc).</summary>
        public string[] Cc { get; set; } = Array.Empty<string>();

        /// <summary>Blind copy recipients (Bcc): they get the message, and nobody else sees them.</summary>
        public string[] Bcc { get; set; } = Array.Empty<string>();

        /// <summary>Where replies go (Reply-To); empty for the sender.</summary>
        public string[] ReplyTo { get; set; } = Array.Empty<string>();

        /// <summary>The message's priority (Normal sets no priority headers).</summary>
        public BackupMail.Delivery.MailPriority Priority { get; set; }

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<BackupMail.Configuration.UnknownJsonProperty> UnknownProperties { get; set; }
    }
}
