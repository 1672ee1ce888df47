using System.Threading;
using BackupMail.Accounts;

namespace BackupMail.Delivery
{
    /// <summary>
    /// One way of handing composed messages to a mail service for an account: SMTP (<see cref="SmtpTransport"/>), and
    /// later Microsoft Graph. The dispatcher, the outbox, templates and rules do not know which one sends.
    /// </summary>
    /// <remarks>
    /// Failures are <see cref="BackupMailException"/>s whose <see cref="BackupMailException.Recovery"/> says whether the
    /// message waits in the outbox or is final; a transport sets it where it creates the error.
    /// </remarks>
    public interface IMailTransport
    {
        /// <summary>Opens a session for <paramref name="account"/>: connects, secures and authenticates as the account says.</summary>
        /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">The credential could not be read, or the service could not be reached or refused it.</exception>
        IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default);

        /// <summary>Checks <paramref name="account"/> end to end as <see cref="Open"/> does, reports what it saw, and sends nothing.</summary>
        /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">As <see cref="Open"/>.</exception>
        AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default);
    }
}
