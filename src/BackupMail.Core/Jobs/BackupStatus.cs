namespace BackupMail.Jobs
{
    /// <summary>The outcome of a backup run.</summary>
    public enum BackupStatus
    {
        /// <summary>Everything was copied.</summary>
        Success,
        /// <summary>The run finished but something deserves a look (mismatches, vanished files).</summary>
        Warning,
        /// <summary>The run failed or some files could not be copied.</summary>
        Failure,
    }
}
