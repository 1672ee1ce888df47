using System;
using System.Threading;
using MailKit;

namespace BackupMail.Delivery
{
    /// <summary>
    /// The protocol logger every <see cref="BackupMailSmtpClient"/> installs. MailKit hands it each chunk the server
    /// sent (plain text, also under TLS) right after reading it and before parsing it, so it can stop a hostile reply
    /// while only a few KiB of it are buffered: MailKit itself keeps reading a reply line until it ends, however long.
    /// It also keeps the greeting, and tells the running deadline when the client writes (a new phase starts).
    /// </summary>
    internal sealed class ReplyGuard : IProtocolLogger
    {
        /// <summary>The longest reply line accepted, in bytes without CRLF: 16 times SMTP's 512.</summary>
        public const int MaxLineLength = 8192;

        /// <summary>The most lines one reply may have (an EHLO reply has a dozen or two).</summary>
        public const int MaxReplyLines = 100;

        private readonly GreetingRecorder _greeting = new GreetingRecorder();
        private Action? _clientWrote;
        private int _lineLength;
        private int _replyLines;
        private bool _continued;

        /// <summary>The server's greeting on the current connection, or null.</summary>
        public string? Greeting => _greeting.Greeting;

        public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

        /// <summary>Called after each write of the client while set (the running deadline restarts); null for none.</summary>
        public Action? ClientWrote
        {
            get => Volatile.Read(ref _clientWrote);
            set => Volatile.Write(ref _clientWrote, value);
        }

        public void LogConnect(Uri uri)
        {
            _lineLength = 0;
            _replyLines = 0;
            _continued = false;
            _greeting.LogConnect(uri);
        }

        public void LogClient(byte[] buffer, int offset, int count) => ClientWrote?.Invoke();

        /// <exception cref="SmtpReplyLimitException">The current line or reply is over a limit: MailKit drops the connection.</exception>
        public void LogServer(byte[] buffer, int offset, int count)
        {
            var end = offset + count;
            for (var i = offset; i < end; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n')
                {
                    // A reply ends at a line "NNN text"; "NNN-text" says another line follows.
                    if (_continued)
                    {
                        if (++_replyLines >= MaxReplyLines)
                        {
                            throw new SmtpReplyLimitException(MaxReplyLines, tooManyLines: true);
                        }
                    }
                    else
                    {
                        _replyLines = 0;
                    }

                    _lineLength = 0;
                    _continued = false;
                    continue;
                }

                if (b == (byte)'\r')
                {
                    continue;
                }

                if (_lineLength == 3)
                {
                    _continued = b == (byte)'-';
                }

                if (++_lineLength > MaxLineLength)
                {
                    throw new SmtpReplyLimitException(MaxLineLength, tooManyLines: false);
                }
            }

            _greeting.LogServer(buffer, offset, count);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>A server reply over a <see cref="ReplyGuard"/> limit; diagnosed as <c>SmtpProtocolViolation</c>.</summary>
    internal sealed class SmtpReplyLimitException : Exception
    {
        public SmtpReplyLimitException(int limit, bool tooManyLines)
            : base(tooManyLines
                ? "The SMTP server's reply has more than " + limit + " lines."
                : "An SMTP server reply line is longer than " + limit + " bytes.")
        {
            Limit = limit;
            TooManyLines = tooManyLines;
        }

        /// <summary>The limit that was broken (bytes of a line, or lines of a reply).</summary>
        public int Limit { get; }

        /// <summary>True for too many lines, false for a line too long.</summary>
        public bool TooManyLines { get; }
    }
}
