using System;

namespace BackupMail
{
    /// <summary>
    /// An error the user can act on. <see cref="ErrorId"/> is stable (scripts match on it); the
    /// message says what happened and what to do next, and never contains a secret.
    /// </summary>
    public class BackupMailException : Exception
    {
        /// <summary>Creates an error with its stable id, kind and the input it is about.</summary>
        public BackupMailException(string errorId, BackupMailErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>The stable PascalCase error id, e.g. <c>SmtpAuthenticationFailed</c>.</summary>
        public string ErrorId { get; }

        /// <summary>The broad kind of error.</summary>
        public BackupMailErrorKind Kind { get; }

        /// <summary>The offending input (an address, a file path, an account name...).</summary>
        public object? Target { get; }

        /// <summary>What can make the failed delivery succeed later (see <see cref="ErrorRecovery"/>).</summary>
        public ErrorRecovery Recovery { get; set; }

        /// <summary>
        /// How long the service asked to be left alone (an HTTP <c>Retry-After</c>); the outbox waits at least this long
        /// before the next attempt. Null when the service did not say.
        /// </summary>
        public System.TimeSpan? RetryAfter { get; set; }

        /// <summary>True when retrying later may succeed by itself: <see cref="Recovery"/> is <see cref="ErrorRecovery.Retry"/>.</summary>
        public bool IsTransient
        {
            get => Recovery == ErrorRecovery.Retry;
            set => Recovery = value ? ErrorRecovery.Retry : Recovery == ErrorRecovery.Retry ? ErrorRecovery.None : Recovery;
        }

        /// <summary>
        /// The outbox item that keeps the message this error is about (in <c>outbox/failed</c> when it was refused for
        /// good), so that it can be sent again once the cause is fixed; null when no message was kept.
        /// </summary>
        public string? QueueId { get; set; }
    }
}
