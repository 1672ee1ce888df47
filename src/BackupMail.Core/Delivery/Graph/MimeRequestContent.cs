using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using MimeKit;
using MimeKit.IO;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// The body of a MIME <c>sendMail</c> request: the message as MimeKit writes it (CRLF line ends, every header kept,
    /// Bcc included), encoded in base64 as it streams out, as <c>text/plain</c>. Its length is measured first, so the
    /// request has a Content-Length and the message is never held in memory as a whole.
    /// </summary>
    internal sealed class MimeRequestContent : HttpContent
    {
        private readonly MimeMessage _message;
        private readonly FormatOptions _options;

        public MimeRequestContent(MimeMessage message)
        {
            _message = message;
            _options = Options;
            MimeLength = Measure(message);
            Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        }

        /// <summary>How the message is written: CRLF line ends (MIME's canonical form); no header hidden, so Bcc stays.</summary>
        public static FormatOptions Options
        {
            get
            {
                var options = FormatOptions.Default.Clone();
                options.NewLineFormat = NewLineFormat.Dos;
                options.HiddenHeaders.Clear();
                return options;
            }
        }

        /// <summary>The size of the message as written (before base64).</summary>
        public long MimeLength { get; }

        /// <summary>The size of the request body (the base64 text).</summary>
        public long Base64Length => GraphLimits.Base64Length(MimeLength);

        /// <summary>The message's size as <see cref="Options"/> writes it.</summary>
        public static long Measure(MimeMessage message)
        {
            using (var measuring = new MeasuringStream())
            {
                message.WriteTo(Options, measuring);
                return measuring.Length;
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext context)
        {
            var base64 = new Base64WriteStream(stream);
            await _message.WriteToAsync(_options, base64).ConfigureAwait(false);
            await base64.CompleteAsync(System.Threading.CancellationToken.None).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Base64Length;
            return true;
        }
    }
}
