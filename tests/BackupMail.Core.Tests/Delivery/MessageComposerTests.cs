using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Delivery;
using BackupMail.Templates;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>The MIME message as it would go on the wire (written out and parsed back).</summary>
    public sealed class MessageComposerTests
    {
        private static MimeMessage RoundTrip(MimeMessage message, out string raw)
        {
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            raw = Encoding.ASCII.GetString(stream.ToArray());
            stream.Position = 0;
            return MimeMessage.Load(stream);
        }

        [Fact]
        public void HeadersIdentifyAnAutomaticMessageFromBackupMail()
        {
            var message = MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" }, new RenderedMessage("Subject", "Body", BodyFormat.Text));

            var parsed = RoundTrip(message, out _);
            Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
            Assert.StartsWith("BackupMail ", parsed.Headers["X-Mailer"]);
            Assert.EndsWith("@example.org", parsed.MessageId);
            Assert.NotEqual(default, parsed.Date);
        }

        [Fact]
        public void EachMessageGetsItsOwnMessageIdAndTheStandardHeadersOnce()
        {
            var rendered = new RenderedMessage("Subject", "Body", BodyFormat.Text);
            var first = RoundTrip(MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" }, rendered), out var raw);
            var second = RoundTrip(MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" }, rendered), out _);

            Assert.NotEqual(first.MessageId, second.MessageId);
            var headerNames = first.Headers.Select(h => h.Field).ToList();
            foreach (var name in new[] { "From", "Date", "Subject", "Message-Id", "To", "MIME-Version" })
            {
                Assert.Equal(1, headerNames.Count(n => string.Equals(n, name, System.StringComparison.OrdinalIgnoreCase)));
            }

            // In the order MimeKit's own constructor gives them, which mail clients show in their source view.
            Assert.Equal(new[] { "From", "Date", "Subject", "Message-Id", "To" }, headerNames.Take(5).ToArray());
            Assert.Matches("(?m)^From: backup@example.org\\r?$", raw);
        }

        [Fact]
        public void MessageIdOfAnInternationalDomainIsAscii()
        {
            var message = MessageComposer.Compose("backup@bücher.example", new[] { "admin@example.com" }, new RenderedMessage("Subject", "Body", BodyFormat.Text));

            var parsed = RoundTrip(message, out var raw);
            Assert.EndsWith("@xn--bcher-kva.example", parsed.MessageId);
            Assert.Matches("(?m)^Message-Id: <[0-9a-f]{32}@xn--bcher-kva\\.example>\\r?$", raw);
        }

        [Fact]
        public void SubjectWithLineBreaksBecomesOneLineAndAddsNoHeader()
        {
            var message = MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" },
                new RenderedMessage("x\r\nBcc: evil@example.com\nX-Evil:\t1\u2028end", "Body", BodyFormat.Text));

            var parsed = RoundTrip(message, out var raw);
            Assert.Equal("x Bcc: evil@example.com X-Evil: 1 end", parsed.Subject);
            Assert.False(parsed.Headers.Contains(HeaderId.Bcc));
            Assert.False(parsed.Headers.Contains("X-Evil"));
            Assert.DoesNotContain("\r\nBcc:", raw);
        }

        [Fact]
        public void NonAsciiTextIsEncodedSevenBitSafe()
        {
            var message = MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" },
                new RenderedMessage("Tägliches Backup", "Größe: 12 GB – fertig", BodyFormat.Text));

            var parsed = RoundTrip(message, out var raw);
            Assert.True(raw.All(c => c < 128));
            Assert.Equal("Tägliches Backup", parsed.Subject);
            Assert.Equal("Größe: 12 GB – fertig", parsed.TextBody);
            var body = Assert.IsType<TextPart>(parsed.Body);
            Assert.Equal("utf-8", body.ContentType.Charset, ignoreCase: true);
            Assert.Contains(body.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
        }

        [Fact]
        public void HtmlBodyIsMultipartAlternativeTextFirstThenHtml()
        {
            var message = MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" },
                new RenderedMessage("s", "<p>Backup &amp; restore</p>", BodyFormat.Html));

            var parsed = RoundTrip(message, out _);
            var alternative = Assert.IsType<MultipartAlternative>(parsed.Body);
            Assert.Equal(2, alternative.Count);
            Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
            Assert.Equal("text/html", alternative[1].ContentType.MimeType);
            Assert.Equal("utf-8", alternative[0].ContentType.Charset);
            Assert.Equal("<p>Backup &amp; restore</p>", parsed.HtmlBody.TrimEnd());
            Assert.Equal("Backup & restore", parsed.TextBody.TrimEnd());
        }

        [Fact]
        public void AttachmentsMakeAMultipartMixedMessage()
        {
            var log = new MimePart("text", "plain")
            {
                Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes("line 1\nline 2\n"))),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                FileName = "robocopy.log",
            };

            var message = MessageComposer.Compose("backup@example.org", new[] { "admin@example.com", "ops@example.com" },
                new RenderedMessage("s", "See the log.", BodyFormat.Text), new[] { log });

            var parsed = RoundTrip(message, out _);
            var mixed = Assert.IsType<Multipart>(parsed.Body);
            Assert.Equal("mixed", mixed.ContentType.MediaSubtype);
            Assert.Equal("See the log.", parsed.TextBody);
            var attachment = Assert.IsAssignableFrom<MimePart>(Assert.Single(parsed.Attachments));
            Assert.Equal("robocopy.log", attachment.FileName);
            using var content = new MemoryStream();
            attachment.Content.DecodeTo(content);
            Assert.Equal("line 1\nline 2\n", Encoding.UTF8.GetString(content.ToArray()));
            Assert.Equal(new[] { "admin@example.com", "ops@example.com" }, parsed.To.Mailboxes.Select(m => m.Address));
        }

        [Fact]
        public void InvalidSenderIsInvalidMailAddress()
        {
            var error = Assert.Throws<BackupMailException>(() =>
                MessageComposer.Compose("not an address", new[] { "admin@example.com" }, new RenderedMessage("s", "b", BodyFormat.Text)));

            Assert.Equal("InvalidMailAddress", error.ErrorId);
        }
    }
}
