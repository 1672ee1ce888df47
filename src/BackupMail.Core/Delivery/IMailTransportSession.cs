using System;
using System.Collections.Generic;
using System.Threading;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>An open session of an <see cref="IMailTransport"/>; several messages may go through it, one at a time.</summary>
    public interface IMailTransportSession : IDisposable
    {
        /// <summary>The largest message the service takes, when it said so; null when unknown.</summary>
        long? MaxMessageSize { get; }

        /// <summary>
        /// Sends <paramref name="message"/> to <paramref name="envelopeRecipients"/> (its headers unchanged), or to every
        /// recipient it names when that is null or empty.
        /// </summary>
        /// <returns>The service's answer, and the recipients it refused or deferred while taking the message for others.</returns>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">The message was not taken (its <see cref="BackupMailException.Recovery"/> says why).</exception>
        SendReceipt Send(MimeMessage message, IReadOnlyList<string>? envelopeRecipients, CancellationToken cancellationToken = default);
    }
}
