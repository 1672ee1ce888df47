using System;
using System.Text;
using BackupMail.Delivery.Graph;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>
    /// Graph takes at most 4 MB of request body, the message in base64: the session reports the largest message that
    /// fits, the double takes a message of that size and of the exact limit, and refuses one byte more with 413.
    /// </summary>
    public sealed class GraphSizeTests : GraphDoublesTestBase
    {
        [Fact]
        public void The_session_reports_the_largest_message_whose_base64_fits_in_4_MB_less_a_margin()
        {
            using (var session = Transport.Open(Account()))
            {
                Assert.Equal(GraphLimits.MaxMessageBytes, session.MaxMessageSize);
            }

            Assert.Equal(3_129_344, GraphLimits.MaxMessageBytes);
            Assert.True(GraphLimits.Base64Length(GraphLimits.MaxMessageBytes) <= GraphLimits.MaxRequestBytes);
            Assert.Equal(4_194_304, GraphLimits.Base64Length(3_145_728));
            Assert.Equal(4_194_308, GraphLimits.Base64Length(3_145_729));
        }

        [Theory]
        [InlineData(3_129_344)] // MaxMessageSize
        [InlineData(3_145_728)] // base64 exactly 4,194,304 bytes
        public void A_message_that_fits_is_accepted(int size)
        {
            var message = OfSize(size);

            Send(message);

            Assert.Equal(size, SingleReceived().Mime.Length);
        }

        [Fact]
        public void A_message_one_byte_too_large_is_refused_with_413_as_the_session_said_it_would_not_fit()
        {
            var message = OfSize(3_145_729);
            long? limit;
            BackupMailException error;
            using (var session = Transport.Open(Account()))
            {
                limit = session.MaxMessageSize;
                error = Assert.Throws<BackupMailException>(() => session.Send(message, null));
            }

            Assert.True(MimeRequestContent.Measure(message) > limit);
            Assert.Equal("GraphMessageRejected", error.ErrorId);
            Assert.Equal(ErrorRecovery.Never, error.Recovery);
            Assert.Contains("413", error.Message, StringComparison.Ordinal);
            Assert.Contains("RequestBodyTooLarge", error.Message, StringComparison.Ordinal);
            Assert.Contains("3,145,729 bytes (4,194,308 bytes as base64)", error.Message, StringComparison.Ordinal);
            Assert.Empty(Host.State.ReceivedGraphMessages());
        }

        /// <summary>A composed message padded (in a 7bit text part) to exactly <paramref name="size"/> bytes as Graph receives it.</summary>
        private static MimeMessage OfSize(int size)
        {
            var filler = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.SevenBit, FileName = "padding.txt" };
            var message = Compose("Sized", new MimeEntity[] { filler });
            var padding = 0;
            for (var attempt = 0; attempt < 20; attempt++)
            {
                filler.Text = Lines(padding);
                var measured = MimeRequestContent.Measure(message);
                if (measured == size)
                {
                    return message;
                }

                padding += (int)(size - measured);
            }

            throw new InvalidOperationException("Could not pad the message to " + size + " bytes.");
        }

        // n characters as lines of at most 76 ("x"s and CRLFs), the last line without its line break.
        private static string Lines(int n)
        {
            var text = new StringBuilder(n);
            while (text.Length < n)
            {
                var left = n - text.Length;
                if (left >= 78)
                {
                    text.Append('x', 76).Append("\r\n");
                }
                else
                {
                    text.Append('x', left);
                }
            }

            return text.ToString();
        }
    }
}
