using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.Protocol;

namespace BackupMail.Tests.Support
{
    /// <summary>How a <see cref="TestSmtpServer"/> secures its port.</summary>
    public enum TestSmtpTls
    {
        /// <summary>Plain text only.</summary>
        None,
        /// <summary>Plain text, offering STARTTLS.</summary>
        StartTls,
        /// <summary>TLS from the first byte (like port 465).</summary>
        ImplicitTls,
    }

    /// <summary>What a <see cref="TestSmtpServer"/> offers and how it answers.</summary>
    public sealed class TestSmtpServerOptions
    {
        private readonly Dictionary<string, SmtpResponse> _recipientReplies = new Dictionary<string, SmtpResponse>(StringComparer.OrdinalIgnoreCase);

        /// <summary>How the port is secured (default plain).</summary>
        public TestSmtpTls Tls { get; set; } = TestSmtpTls.None;

        /// <summary>The server certificate; a fresh self-signed one for "localhost" when null and TLS is used.</summary>
        public X509Certificate2 Certificate { get; set; }

        /// <summary>When set (with <see cref="Password"/>), the server offers AUTH PLAIN/LOGIN and accepts only this pair.</summary>
        public string UserName { get; set; }

        /// <summary>The password <see cref="UserName"/> must give.</summary>
        public string Password { get; set; }

        /// <summary>Refuse MAIL FROM until the client has authenticated.</summary>
        public bool AuthenticationRequired { get; set; }

        /// <summary>Offer AUTH on an unencrypted connection too (default true; false hides AUTH until TLS).</summary>
        public bool AllowAuthenticationWithoutTls { get; set; } = true;

        /// <summary>The SIZE limit to announce and enforce, in bytes; null announces none.</summary>
        public int? MaxMessageSize { get; set; }

        /// <summary>The reply to the end of DATA; null means 250 Ok (the message is kept).</summary>
        public SmtpResponse DataReply { get; set; }

        /// <summary>The replies to RCPT TO for particular addresses (see <see cref="RejectRecipient"/>).</summary>
        public IReadOnlyDictionary<string, SmtpResponse> RecipientReplies => _recipientReplies;

        /// <summary>Makes the server refuse RCPT TO for <paramref name="address"/> with the given reply (default 550).</summary>
        public TestSmtpServerOptions RejectRecipient(string address, int code = 550, string text = "5.1.1 Mailbox unavailable")
        {
            _recipientReplies[address] = new SmtpResponse((SmtpReplyCode)code, text);
            return this;
        }

        /// <summary>The reply to every MAIL FROM, or null to accept it (see <see cref="RejectSender"/>).</summary>
        public SmtpResponse SenderReply { get; set; }

        /// <summary>Makes the server refuse MAIL FROM with <paramref name="code"/> and <paramref name="text"/>.</summary>
        public TestSmtpServerOptions RejectSender(int code = 553, string text = "5.7.1 Sender address rejected")
        {
            SenderReply = new SmtpResponse((SmtpReplyCode)code, text);
            return this;
        }

        /// <summary>Makes the server answer DATA with <paramref name="code"/> and <paramref name="text"/> instead of accepting the message.</summary>
        public TestSmtpServerOptions ReplyToData(int code, string text)
        {
            DataReply = new SmtpResponse((SmtpReplyCode)code, text);
            return this;
        }
    }
}
