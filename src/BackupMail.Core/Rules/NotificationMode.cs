namespace BackupMail.Rules
{
    /// <summary>When a backup job's notification is sent.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum NotificationMode : long
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
