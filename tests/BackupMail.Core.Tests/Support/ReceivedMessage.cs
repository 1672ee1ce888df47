using System.Collections.Generic;
using MimeKit;

namespace BackupMail.Tests.Support
{
    /// <summary>A message a <see cref="TestSmtpServer"/> accepted, with its envelope.</summary>
    public sealed class ReceivedMessage
    {
        internal ReceivedMessage(string envelopeFrom, IReadOnlyList<string> envelopeTo, byte[] raw, MimeMessage message, string authenticatedUser, bool secure)
        {
            EnvelopeFrom = envelopeFrom;
            EnvelopeTo = envelopeTo;
            Raw = raw;
            Message = message;
            AuthenticatedUser = authenticatedUser;
            Secure = secure;
        }

        /// <summary>The MAIL FROM address.</summary>
        public string EnvelopeFrom { get; }

        /// <summary>The RCPT TO addresses the server accepted.</summary>
        public IReadOnlyList<string> EnvelopeTo { get; }

        /// <summary>The message exactly as transmitted.</summary>
        public byte[] Raw { get; }

        /// <summary>The message, parsed.</summary>
        public MimeMessage Message { get; }

        /// <summary>The user the session authenticated as, or null.</summary>
        public string AuthenticatedUser { get; }

        /// <summary>True when the session was encrypted.</summary>
        public bool Secure { get; }
    }
}
