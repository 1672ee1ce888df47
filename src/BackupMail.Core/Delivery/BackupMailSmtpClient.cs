using System.Collections.Generic;
using MailKit.Net.Smtp;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>
    /// MailKit's <see cref="SmtpClient"/>, changed in two ways: a recipient the server refuses no longer
    /// aborts the whole message (the others still get it, and <see cref="RejectedRecipients"/> names the
    /// refused ones), the server's greeting is kept for <c>Test-BackupMailAccount</c>, and a reply line or a reply
    /// over a sane limit ends the connection before it fills the memory (see <see cref="ReplyGuard"/>).
    /// </summary>
    public sealed class BackupMailSmtpClient : SmtpClient
    {
        private readonly ReplyGuard _guard;
        private readonly List<SmtpRejection> _rejected = new List<SmtpRejection>();

        /// <summary>Creates an unconnected client.</summary>
        public BackupMailSmtpClient()
            : this(new ReplyGuard())
        {
        }

        private BackupMailSmtpClient(ReplyGuard guard)
            : base(guard)
        {
            _guard = guard;
        }

        /// <summary>The server's greeting on the current connection (e.g. "220 mail.example.com ESMTP"), or null.</summary>
        public string? Greeting => _guard.Greeting;

        /// <summary>Bounds every server reply in size and reports the client's writes to the running deadline.</summary>
        internal ReplyGuard Guard => _guard;

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
