namespace BackupMail.Rules
{
    /// <summary>When a backup job's notification is sent.</summary>
    public enum NotificationMode
    {
        /// <summary>Never send.</summary>
        Never,
        /// <summary>Send after every run.</summary>
        Always,
        /// <summary>Send when the run failed.</summary>
        OnFailure,
        /// <summary>Send when the run ended with a warning or failed.</summary>
        OnWarning,
    }
}
