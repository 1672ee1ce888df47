namespace BackupMail.Rules
{
    /// <summary>
    /// What <c>Set-BackupNotificationRule</c> was given. A null property means "not given": a new rule takes the
    /// default, an existing one keeps its stored value. For <see cref="Account"/> and <see cref="Template"/> an empty
    /// string goes back to <c>Default</c>; for the address lists an empty list (or only blanks) removes them.
    /// </summary>
    public sealed class RuleSettings
    {
        /// <summary>The backup job's name (required: the key of the rule).</summary>
        public string? BackupName { get; set; }

        /// <summary>When to send (a new rule: Always).</summary>
        public NotificationMode? Mode { get; set; }

        /// <summary>The recipients: addresses, or strings of them separated by commas or semicolons (a new rule needs them unless its mode is Never).</summary>
        public RecipientList? To { get; set; }

        /// <summary>The account to send with; empty string for <c>Default</c>.</summary>
        public string? Account { get; set; }

        /// <summary>The template to use; empty string for <c>Default</c>.</summary>
        public string? Template { get; set; }

        /// <summary>Attach the job's log (a new rule: false).</summary>
        public bool? AttachLog { get; set; }

        /// <summary>Copy recipients; an empty list removes them.</summary>
        public RecipientList? Cc { get; set; }

        /// <summary>Blind copy recipients; an empty list removes them.</summary>
        public RecipientList? Bcc { get; set; }

        /// <summary>Where replies go; an empty list goes back to the sender.</summary>
        public RecipientList? ReplyTo { get; set; }

        /// <summary>The message's priority (a new rule: Normal).</summary>
        public BackupMail.Delivery.MailPriority? Priority { get; set; }

        /// <summary>How often the job's runs are listed in a digest (null: unchanged; a new rule: None).</summary>
        public DigestCadence? Digest { get; set; }

        /// <summary>
        /// How often the job is expected to run (null: unchanged; <see cref="System.TimeSpan.Zero"/> stops watching it).
        /// </summary>
        public System.TimeSpan? ExpectEvery { get; set; }

        /// <summary>Whether a recovery is notified in mode OnFailure or OnWarning (null: unchanged; a new rule: true).</summary>
        public bool? NotifyOnRecovery { get; set; }

        /// <summary>The healthchecks-style URL to call after every run (null: unchanged; an empty string removes it).</summary>
        public string? PingUrl { get; set; }
    }
}
