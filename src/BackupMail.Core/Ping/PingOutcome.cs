#nullable enable
using System;

namespace BackupMail.Ping
{
    /// <summary>
    /// What a health-check ping did. A ping never fails the backup's notification: the caller writes
    /// <see cref="Message"/> as a warning when <see cref="Succeeded"/> is false, and as a verbose message otherwise.
    /// </summary>
    public sealed class PingOutcome
    {
        internal PingOutcome(PingOutcomeKind kind, string target, int? statusCode, TimeSpan elapsed, string message)
        {
            Kind = kind;
            Target = target;
            StatusCode = statusCode;
            Elapsed = elapsed;
            Message = message;
        }

        /// <summary>How the ping ended.</summary>
        public PingOutcomeKind Kind { get; }

        /// <summary>True when the monitor acknowledged the ping (a 2xx answer).</summary>
        public bool Succeeded => Kind == PingOutcomeKind.Sent;

        /// <summary>
        /// Where the ping went, as scheme, host and port alone (<c>https://hc-ping.com</c>): a ping URL's path usually
        /// holds the check's secret key, so neither it nor the query is ever shown.
        /// </summary>
        public string Target { get; }

        /// <summary>The HTTP status the monitor answered with; null when it did not answer.</summary>
        public int? StatusCode { get; }

        /// <summary>How long the ping took.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>A sentence for the user (in the current UI culture) that says what happened, without the URL's secret parts.</summary>
        public string Message { get; }

        /// <inheritdoc />
        public override string ToString() => Message;
    }
}
