using System.Collections.Generic;
using MailKit.Net.Smtp;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>
    /// MailKit's <see cref="SmtpClient"/>, changed in two ways: a recipient the server refuses no longer
    /// aborts the whole message (the others still get it, and <see cref="RejectedRecipients"/> names the
    /// refused ones), and the server's greeting is kept for <c>Test-BackupMailAccount</c>.
    /// </summary>
    public sealed class BackupMailSmtpClient : SmtpClient
    {
        private readonly GreetingRecorder _greeting;
        private readonly List<SmtpRejection> _rejected = new List<SmtpRejection>();

        /// <summary>Creates an unconnected client.</summary>
        public BackupMailSmtpClient()
            : this(new GreetingRecorder())
        {
        }

        private BackupMailSmtpClient(GreetingRecorder greeting)
            : base(greeting)
        {
            _greeting = greeting;
        }

        /// <summary>The server's greeting on the current connection (e.g. "220 mail.example.com ESMTP"), or null.</summary>
        public string Greeting => _greeting.Greeting;

        /// <summary>The recipients the server refused while sending the last message.</summary>
        public IReadOnlyList<SmtpRejection> RejectedRecipients => _rejected.ToArray();

        /// <inheritdoc />
        protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            // MAIL FROM starts every transaction: forget the refusals of the previous message.
            _rejected.Clear();
            base.OnSenderAccepted(message, mailbox, response);
        }

        /// <inheritdoc />
        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            _rejected.Add(new SmtpRejection(mailbox.Address, (int)response.StatusCode, response.Response));
        }

        /// <inheritdoc />
        protected override void OnNoRecipientsAccepted(MimeMessage message)
        {
            var status = _rejected.Count > 0 ? (SmtpStatusCode)_rejected[_rejected.Count - 1].StatusCode : SmtpStatusCode.MailboxUnavailable;
            var response = _rejected.Count > 0 ? _rejected[_rejected.Count - 1].Response : string.Empty;
            throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, status, response);
        }
    }
}
