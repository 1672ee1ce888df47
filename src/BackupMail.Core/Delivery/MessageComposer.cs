using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>Builds the MIME message: headers from safe values only, UTF-8 text or HTML body, attachments.</summary>
    public static class MessageComposer
    {
        private static readonly Lazy<string> MailerName = new Lazy<string>(() => "BackupMail " + ProductVersion());
        private static Tuple<string, string>? s_lastDomain;

        /// <summary>Composes a message from a rendered template.</summary>
        /// <remarks>
        /// The subject is made one line (control characters, CR and LF included, become single spaces) so no
        /// value can add a header. The message is marked <c>Auto-Submitted: auto-generated</c> so auto-responders
        /// do not answer it, and gets a Message-Id in the sender's domain.
        /// </remarks>
        /// <param name="from">The sender address (a display name is allowed).</param>
        /// <param name="to">The recipients.</param>
        /// <param name="rendered">Subject, body and body format. An HTML body is sent as multipart/alternative (text/plain
        /// first, from <see cref="RenderedMessage.TextBody"/> or derived from the HTML by <see cref="HtmlToText"/>, then text/html).</param>
        /// <param name="attachments">Parts to attach (e.g. a log); the message becomes multipart/mixed (the body, text or
        /// alternative, first) when given.</param>
        /// <exception cref="ArgumentNullException"><paramref name="to"/> or <paramref name="rendered"/> is null.</exception>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c> for a sender or recipient that is not an address; <c>NoRecipients</c> when <paramref name="to"/> is empty.</exception>
        public static MimeMessage Compose(string? from, IReadOnlyList<string> to, RenderedMessage rendered, IEnumerable<MimeEntity>? attachments = null)
        {
            if (to == null)
            {
                throw new ArgumentNullException(nameof(to));
            }

            if (rendered == null)
            {
                throw new ArgumentNullException(nameof(rendered));
            }

            var sender = MailboxAddress.Parse(MailAddressList.ParseOne(from));

            // Not new MimeMessage(): it makes a Date and a Message-Id of its own that would be replaced at once, and
            // its Message-Id looks up the host name and draws from OpenSSL's generator, which a plain send needs
            // nowhere else. The headers keep the order that constructor gives them.
            var message = new MimeMessage(new HeaderList());
            message.From.Add(sender);
            message.Date = DateTimeOffset.Now;
            message.Subject = OneLine(rendered.Subject);
            message.MessageId = MessageIdFor(sender.Domain);
            foreach (var address in MailAddressList.Parse(to))
            {
                message.To.Add(MailboxAddress.Parse(address));
            }

            message.Headers.Add("Auto-Submitted", "auto-generated");
            message.Headers.Add("X-Mailer", MailerName.Value);

            // Headers end here; the body below is the same whatever the headers are.
            var body = BodyOf(rendered);
            var mixed = attachments == null ? null : new Multipart("mixed") { body };
            if (mixed != null && attachments != null)
            {
                foreach (var attachment in attachments)
                {
                    if (attachment != null)
                    {
                        mixed.Add(attachment);
                    }
                }
            }

            message.Body = mixed != null && mixed.Count > 1 ? (MimeEntity)mixed : body;
            return message;
        }

        /// <summary>
        /// Adds Cc, Bcc and Reply-To addresses and the priority headers to a composed message. High and Low set
        /// <c>X-Priority</c>, <c>Importance</c> and <c>Priority</c> as MimeKit writes them; Normal sets none. The Bcc
        /// header stays in the message (the outbox keeps who gets it) and is never sent: MailKit leaves it out of what
        /// it transmits over SMTP, and Graph removes it from the copies it delivers.
        /// </summary>
        /// <param name="message">The composed message.</param>
        /// <param name="cc">Copy recipients, already validated; null or empty for none.</param>
        /// <param name="bcc">Blind copy recipients, already validated; null or empty for none.</param>
        /// <param name="replyTo">Where replies go, already validated; null or empty for the sender.</param>
        /// <param name="priority">The priority.</param>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c> for an address that is not one.</exception>
        public static void AddHeaders(MimeMessage message, IReadOnlyList<string> cc, IReadOnlyList<string> bcc, IReadOnlyList<string> replyTo, MailPriority priority)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            AddAddresses(message.Cc, cc);
            AddAddresses(message.Bcc, bcc);
            AddAddresses(message.ReplyTo, replyTo);
            if (priority == MailPriority.High)
            {
                message.XPriority = XMessagePriority.Highest;
                message.Importance = MessageImportance.High;
                message.Priority = MessagePriority.Urgent;
            }
            else if (priority == MailPriority.Low)
            {
                message.XPriority = XMessagePriority.Lowest;
                message.Importance = MessageImportance.Low;
                message.Priority = MessagePriority.NonUrgent;
            }
        }

        private static void AddAddresses(InternetAddressList list, IReadOnlyList<string> addresses)
        {
            if (addresses == null || addresses.Count == 0)
            {
                return;
            }

            foreach (var address in MailAddressList.Parse(addresses))
            {
                list.Add(MailboxAddress.Parse(address));
            }
        }

        /// <summary>
        /// A text body as one text/plain part; an HTML body as multipart/alternative: text/plain first (the template's
        /// text, or the text derived from the HTML), then text/html, so that spam filters and text-only readers get text.
        /// </summary>
        private static MimeEntity BodyOf(RenderedMessage rendered)
        {
            if (rendered.BodyFormat != BodyFormat.Html)
            {
                return TextPartOf("plain", rendered.Body);
            }

            var html = rendered.Body ?? string.Empty;
            var text = rendered.TextBody ?? HtmlToText.Convert(html);
            return new MultipartAlternative { TextPartOf("plain", text), TextPartOf("html", html) };
        }

        private static TextPart TextPartOf(string subtype, string content)
        {
            var part = new TextPart(subtype);
            part.SetText(Encoding.UTF8, content ?? string.Empty);

            // Seven-bit safe whatever the server supports: quoted-printable or base64, whichever is shorter.
            part.ContentTransferEncoding = part.GetBestEncoding(EncodingConstraint.SevenBit);
            return part;
        }

        /// <summary>
        /// A unique Message-Id in the sender's domain (ASCII, as RFC 5322 requires): a random GUID, which on every
        /// platform comes from the operating system without loading a cryptography library.
        /// </summary>
        internal static string MessageIdFor(string senderDomain)
        {
            var domain = AsciiDomain(senderDomain);
            return Guid.NewGuid().ToString("N") + "@" + domain;
        }

        private static string AsciiDomain(string domain)
        {
            if (string.IsNullOrEmpty(domain))
            {
                return "localhost";
            }

            // A call sends many messages from one sender: the last domain is kept, the IDN mapping is not free.
            var known = s_lastDomain;
            if (known != null && known.Item1 == domain)
            {
                return known.Item2;
            }

            string ascii;
            try
            {
                ascii = new IdnMapping().GetAscii(domain);
            }
            catch (ArgumentException)
            {
                // Not a valid international name (MimeKit accepted it leniently): the id still has to be unique.
                ascii = "localhost";
            }

            s_lastDomain = Tuple.Create(domain, ascii);
            return ascii;
        }

        /// <summary>The subject as one line: every run of control characters (CR, LF, TAB...) becomes one space.</summary>
        internal static string OneLine(string subject)
        {
            if (string.IsNullOrEmpty(subject))
            {
                return string.Empty;
            }

            var line = new StringBuilder(subject.Length);
            var inControlRun = false;
            foreach (var c in subject)
            {
                // Unicode line and paragraph separators end a line too, for some readers.
                if (char.IsControl(c) || c == '\u2028' || c == '\u2029')
                {
                    if (!inControlRun)
                    {
                        line.Append(' ');
                    }

                    inControlRun = true;
                }
                else
                {
                    line.Append(c);
                    inControlRun = false;
                }
            }

            return line.ToString().Trim();
        }

        private static string ProductVersion()
        {
            var assembly = typeof(MessageComposer).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (!Strings.IsNullOrEmpty(informational))
            {
                // Drop the "+commit" build metadata the SDK appends.
                var plus = informational.IndexOf('+');
                return plus > 0 ? informational.Substring(0, plus) : informational;
            }

            return assembly.GetName().Version?.ToString() ?? "0.0.0";
        }
    }
}
