using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Delivery;
using BackupMail.Templates;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>An HTML body goes out as multipart/alternative (text/plain, then text/html), with or without attachments.</summary>
    public sealed class MessageComposerAlternativeTests
    {
        private static MimeMessage RoundTrip(MimeMessage message)
        {
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            stream.Position = 0;
            return MimeMessage.Load(stream);
        }

        private static MimePart Log() => new MimePart("text", "plain")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes("line 1\n"))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            FileName = "robocopy.log",
        };

        [Fact]
        public void TheTemplatesTextIsTheTextPartWhenItHasOne()
        {
            var rendered = new RenderedMessage("s", "<p>HTML version</p>", BodyFormat.Html, "Text version\nsecond line\n");

            var parsed = RoundTrip(MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" }, rendered));

            var alternative = Assert.IsType<MultipartAlternative>(parsed.Body);
            Assert.Equal(new[] { "text/plain", "text/html" }, alternative.Select(p => p.ContentType.MimeType).ToArray());
            Assert.Equal("Text version\nsecond line\n", ((TextPart)alternative[0]).Text.Replace("\r\n", "\n"));
            Assert.Equal("<p>HTML version</p>", ((TextPart)alternative[1]).Text.TrimEnd());
        }

        [Fact]
        public void WithoutATemplateTextTheTextIsDerivedFromTheHtml()
        {
            var html = "<html><head><title>t</title><style>p{color:red}</style></head><body><p>R&amp;D: &lt;ok&gt;</p>"
                + "<p>Line one<br>Line two</p><p>See <a href=\"https://example.com/runs/1\">the run</a>.</p></body></html>";

            var parsed = RoundTrip(MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" },
                new RenderedMessage("s", html, BodyFormat.Html)));

            Assert.Equal("R&D: <ok>\n\nLine one\nLine two\n\nSee the run (https://example.com/runs/1).\n", parsed.TextBody.Replace("\r\n", "\n"));
            Assert.Equal(html, parsed.HtmlBody.TrimEnd());
        }

        [Fact]
        public void AttachmentsWrapTheAlternativeInMultipartMixed()
        {
            var rendered = new RenderedMessage("s", "<p>Bäckup</p>", BodyFormat.Html, "Bäckup\n");

            var parsed = RoundTrip(MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" }, rendered, new[] { Log() }));

            var mixed = Assert.IsType<Multipart>(parsed.Body);
            Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
            Assert.Equal(2, mixed.Count);
            var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
            Assert.Equal(new[] { "text/plain", "text/html" }, alternative.Select(p => p.ContentType.MimeType).ToArray());
            Assert.Equal("robocopy.log", Assert.IsAssignableFrom<MimePart>(Assert.Single(parsed.Attachments)).FileName);
            Assert.Equal("Bäckup", parsed.TextBody.TrimEnd());
            Assert.Equal("<p>Bäckup</p>", parsed.HtmlBody.TrimEnd());
        }

        [Fact]
        public void EveryTextPartIsSevenBitSafeUtf8()
        {
            var rendered = new RenderedMessage("s", "<p>Grüße – 日本</p>", BodyFormat.Html);

            var message = MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" }, rendered);

            foreach (var part in message.BodyParts.OfType<TextPart>())
            {
                Assert.Equal("utf-8", part.ContentType.Charset);
                Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
            }
            Assert.Equal("Grüße – 日本", RoundTrip(message).TextBody.TrimEnd());
        }

        [Fact]
        public void ATextBodyStaysOneTextPlainPart()
        {
            var parsed = RoundTrip(MessageComposer.Compose("backup@example.org", new[] { "admin@example.com" },
                new RenderedMessage("s", "plain", BodyFormat.Text, "ignored")));

            var part = Assert.IsType<TextPart>(parsed.Body);
            Assert.Equal("text/plain", part.ContentType.MimeType);
            Assert.Equal("plain", part.Text.TrimEnd());
        }
    }
}
