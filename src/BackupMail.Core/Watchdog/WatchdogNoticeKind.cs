#nullable enable
namespace BackupMail.Watchdog
{
    /// <summary>What a watchdog notice says.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number.
    public enum WatchdogNoticeKind : long
    {
        /// <summary>The job became overdue: it has not run within its <c>-ExpectEvery</c>.</summary>
        Overdue,

        /// <summary>A job that was notified as overdue has run again.</summary>
        RanAgain,
    }
}
