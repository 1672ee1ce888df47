#nullable enable
namespace BackupMail.Ping
{
    /// <summary>How a health-check ping ended.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number.
    public enum PingOutcomeKind : long
    {
        /// <summary>The monitor answered with a 2xx status.</summary>
        Sent,

        /// <summary>The monitor answered, but not with a 2xx status (a wrong or deleted check, say).</summary>
        Refused,

        /// <summary>The monitor could not be reached (name not found, connection refused, TLS failed).</summary>
        Unreachable,

        /// <summary>The monitor did not answer within the timeout (it hung, or dribbled its answer).</summary>
        TimedOut,

        /// <summary>The caller stopped the ping (Ctrl+C) before the monitor answered.</summary>
        Cancelled,

        /// <summary>The ping URL is not an absolute http or https address; nothing was sent.</summary>
        InvalidUrl,
    }
}
