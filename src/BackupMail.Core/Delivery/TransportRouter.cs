using System;
using System.Threading;
using BackupMail.Accounts;

namespace BackupMail.Delivery
{
    /// <summary>
    /// The <see cref="IMailTransport"/> the dispatcher uses: it hands each account to the transport its
    /// <see cref="MailAccount.Transport"/> names. A new transport is one more case here and nothing elsewhere.
    /// </summary>
    public sealed class TransportRouter : IMailTransport
    {
        private readonly IMailTransport _smtp;
        private readonly Lazy<IMailTransport> _graph;

        /// <summary>Creates the router.</summary>
        /// <param name="smtp">Sends for SMTP accounts.</param>
        /// <param name="graph">Makes the transport of Microsoft Graph accounts, when the first one sends: a run that only
        /// uses SMTP never loads the HTTP stack.</param>
        /// <exception cref="ArgumentNullException"><paramref name="smtp"/> or <paramref name="graph"/> is null.</exception>
        public TransportRouter(IMailTransport smtp, Func<IMailTransport> graph)
        {
            _smtp = smtp ?? throw new ArgumentNullException(nameof(smtp));
            if (graph == null)
            {
                throw new ArgumentNullException(nameof(graph));
            }

            _graph = new Lazy<IMailTransport>(graph);
        }

        /// <inheritdoc/>
        public IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default) =>
            For(account).Open(account, cancellationToken);

        /// <inheritdoc/>
        public AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default) =>
            For(account).Test(account, cancellationToken);

        private IMailTransport For(MailAccount account)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            return account.Transport == MailTransportKind.Graph ? _graph.Value : _smtp;
        }
    }
}
