using System;
using System.Collections.Generic;

namespace BackupMail.Outbox
{
    /// <summary>Which delivery failures keep a message in the outbox, and which are final.</summary>
    public static class OutboxPolicy
    {
        // Refusals of this message itself: sending it again would be refused again.
        private static readonly HashSet<string> Permanent = new HashSet<string>(StringComparer.Ordinal)
        {
            "SmtpRecipientRejected",
            "SmtpMessageRejected",
        };

        // Not transient by nature, but fixed by the admin (a password, a pin, the vault) rather than by the
        // message: the notification waits until then instead of being lost.
        private static readonly HashSet<string> FixableByAdmin = new HashSet<string>(StringComparer.Ordinal)
        {
            "SecretNotFound",
            "SecretVaultLocked",
            "SecretVaultError",
            "SecretVaultNotRegistered",
            "SecretManagementNotInstalled",
            "SmtpAuthenticationFailed",
            "SmtpAuthenticationNotSupported",
            "SmtpCertificateUntrusted",
            "SmtpTlsFailed",
            "SmtpConnectFailed",
            "SmtpTlsRequiredForAuthentication",
        };

        /// <summary>True when <paramref name="error"/> means "not now" rather than "never" for this message.</summary>
        public static bool ShouldQueue(BackupMailException error) =>
            error != null && !Permanent.Contains(error.ErrorId) && (error.IsTransient || FixableByAdmin.Contains(error.ErrorId));

        /// <summary>True when the server refused this message for good: it goes to <c>outbox/failed</c>.</summary>
        public static bool IsPermanent(BackupMailException error) => error != null && Permanent.Contains(error.ErrorId);
    }
}
