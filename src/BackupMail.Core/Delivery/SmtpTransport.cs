using System;
using System.Threading;
using BackupMail.Accounts;

namespace BackupMail.Delivery
{
    /// <summary>
    /// SMTP as an <see cref="IMailTransport"/>: the account's credential from its vault (through
    /// <see cref="AccountService.GetCredential"/>), then <see cref="SmtpConnector"/>.
    /// </summary>
    public sealed class SmtpTransport : IMailTransport
    {
        private readonly AccountService _accounts;
        private readonly SmtpConnector _connector;

        /// <summary>Creates the SMTP transport.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or <paramref name="connector"/> is null.</exception>
        public SmtpTransport(AccountService accounts, SmtpConnector connector)
        {
            _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
            _connector = connector ?? throw new ArgumentNullException(nameof(connector));
        }

        /// <inheritdoc/>
        public IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default) =>
            _connector.Connect(account, _accounts.GetCredential(account), cancellationToken);

        /// <inheritdoc/>
        public AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default) =>
            _connector.Test(account, _accounts.GetCredential(account), cancellationToken);
    }
}
