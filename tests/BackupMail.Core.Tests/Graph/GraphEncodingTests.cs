using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BackupMail.Delivery.Graph;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>The request body: base64 as one line, the message as MimeKit writes it with CRLF and Bcc kept.</summary>
    public sealed class GraphEncodingTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(12287)]
        [InlineData(12288)]
        [InlineData(12289)]
        [InlineData(100_001)]
        public async Task The_base64_stream_writes_what_Convert_writes_in_any_pieces(int length)
        {
            var data = new byte[length];
            new Random(length).NextBytes(data);
            foreach (var piece in new[] { 1, 7, 4096, 65536 })
            {
                using (var sink = new MemoryStream())
                {
                    var base64 = new Base64WriteStream(sink);
                    for (var offset = 0; offset < length; offset += piece)
                    {
                        var count = Math.Min(piece, length - offset);
                        if (piece == 7) await base64.WriteAsync(data, offset, count); else base64.Write(data, offset, count);
                    }

                    await base64.CompleteAsync(default);
                    Assert.Equal(Convert.ToBase64String(data), Encoding.ASCII.GetString(sink.ToArray()));
                    Assert.Equal(GraphLimits.Base64Length(length), sink.Length);
                    Assert.Equal(sink.Length, base64.Base64Written);
                }
            }
        }

        [Fact]
        public async Task The_request_body_is_the_message_with_CRLF_and_its_Bcc_header_in_base64_with_a_matching_length()
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("backup@example.com"));
            message.To.Add(MailboxAddress.Parse("admin@example.com"));
            message.Bcc.Add(MailboxAddress.Parse("auditor@example.com"));
            message.Subject = "Bcc stays";
            message.Body = new TextPart("plain") { Text = "line 1\nline 2\n" };

            using (var content = new MimeRequestContent(message))
            {
                var body = await content.ReadAsByteArrayAsync();
                var mime = Encoding.ASCII.GetString(Convert.FromBase64String(Encoding.ASCII.GetString(body)));

                Assert.Equal("text/plain", content.Headers.ContentType.MediaType);
                Assert.Equal(body.Length, content.Headers.ContentLength);
                Assert.Equal(content.MimeLength, mime.Length);
                Assert.Contains("\r\nBcc: auditor@example.com\r\n", mime, StringComparison.Ordinal);
                Assert.Contains("line 1\r\nline 2\r\n", mime, StringComparison.Ordinal);
                Assert.DoesNotContain("\n", mime.Replace("\r\n", string.Empty), StringComparison.Ordinal);
                Assert.DoesNotContain((byte)'\n', body);
            }
        }
    }
}
