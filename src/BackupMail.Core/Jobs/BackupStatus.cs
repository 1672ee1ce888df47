namespace BackupMail.Jobs
{
    /// <summary>The outcome of a backup run.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum BackupStatus : long
    {
        /// <summary>Everything was copied.</summary>
        Success,
        /// <summary>The run finished but something deserves a look (mismatches, vanished files).</summary>
        Warning,
        /// <summary>The run failed or some files could not be copied.</summary>
        Failure,
    }
}
