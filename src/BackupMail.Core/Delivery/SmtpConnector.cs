using System;
using System.Net;
using System.Threading;
using BackupMail.Accounts;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Opens authenticated SMTP sessions for an account: security mode, certificate pinning or skipping,
    /// timeouts, and MailKit's exceptions turned into <see cref="BackupMailException"/>s that say what to do.
    /// </summary>
    public sealed class SmtpConnector
    {
        /// <summary>Creates a connector.</summary>
        public SmtpConnector(ISmtpClientFactory factory, IOutputWriter output)
        {
            Factory = factory ?? throw new ArgumentNullException(nameof(factory));
            Output = output ?? NullOutputWriter.Instance;
        }

        internal ISmtpClientFactory Factory { get; }
        internal IOutputWriter Output { get; }

        /// <summary>Connects, secures and authenticates (when <paramref name="credential"/> is not null).</summary>
        /// <exception cref="BackupMailException"><c>SmtpConnectFailed</c>, <c>SmtpCertificateUntrusted</c>, <c>SmtpTlsFailed</c>, <c>SmtpAuthenticationFailed</c>.</exception>
        public SmtpSession Connect(MailAccount account, NetworkCredential credential, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();

        /// <summary>Connects, secures, authenticates and says QUIT, reporting what it saw; sends nothing.</summary>
        /// <exception cref="BackupMailException">As <see cref="Connect"/>.</exception>
        public AccountTestResult Test(MailAccount account, NetworkCredential credential, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException();
    }
}
