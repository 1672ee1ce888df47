#nullable enable
namespace BackupMail.Watchdog
{
    /// <summary>Where a backup job stands for the watchdog.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number.
    public enum JobState : long
    {
        /// <summary>The job's rule sets no <c>-ExpectEvery</c>: it is listed, never overdue.</summary>
        Unwatched,

        /// <summary>The job ran within its <c>-ExpectEvery</c>.</summary>
        OnTime,

        /// <summary>The job's last run is longer ago than its <c>-ExpectEvery</c> (or it never ran since the watchdog first saw it).</summary>
        Overdue,

        /// <summary>
        /// The job is watched but has no run in the journal, and the watchdog has not yet watched it for a whole
        /// <c>-ExpectEvery</c> (or has not seen it at all yet: <c>Send-BackupOverdueNotification</c> starts the clock).
        /// </summary>
        NeverRun,
    }
}
