using System;
using System.Threading;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>An open, authenticated SMTP connection; several messages may go through it.</summary>
    public sealed class SmtpSession : IDisposable
    {
        /// <summary>The server's SIZE limit, when it announced one.</summary>
        public long? MaxMessageSize => throw new NotImplementedException();

        /// <summary>Sends one message.</summary>
        /// <exception cref="BackupMailException">
        /// <c>SmtpRecipientRejected</c>, <c>SmtpMessageRejected</c> (permanent); <c>SmtpConnectFailed</c> or
        /// <c>SmtpServerBusy</c> (transient, <see cref="BackupMailException.IsTransient"/> set).
        /// </exception>
        public SendReceipt Send(MimeMessage message, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Says QUIT and closes the connection.</summary>
        public void Dispose() { }
    }
}
