using System;
using System.Text;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Keeps only the server's greeting (its first reply) from what <see cref="ReplyGuard"/>, the protocol logger, sees
    /// the server send; no client line, and therefore no AUTH exchange, ever reaches it.
    /// </summary>
    internal sealed class GreetingRecorder
    {
        private const int MaxGreetingLength = 1024;
        private readonly StringBuilder _buffer = new StringBuilder();
        private bool _complete;

        /// <summary>The greeting lines, joined by spaces, codes included (e.g. "220 mail.example.com ESMTP"); null before it arrived.</summary>
        public string? Greeting { get; private set; }

        public void LogConnect(Uri uri)
        {
            // A new connection gets a new greeting.
            _buffer.Clear();
            _complete = false;
            Greeting = null;
        }

        public void LogServer(byte[] buffer, int offset, int count)
        {
            if (_complete)
            {
                return;
            }

            _buffer.Append(Encoding.UTF8.GetString(buffer, offset, count));
            var text = _buffer.ToString();
            var lines = text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None);

            // The last element is an unfinished line (or empty); a reply ends at a line "NNN text".
            for (var i = 0; i < lines.Length - 1; i++)
            {
                var line = lines[i];
                if (line.Length < 4 || line[3] != '-')
                {
                    _complete = true;
                    Greeting = string.Join(" ", lines, 0, i + 1).Trim();
                    _buffer.Clear();
                    return;
                }
            }

            if (_buffer.Length > MaxGreetingLength)
            {
                _complete = true;
                Greeting = text.Substring(0, MaxGreetingLength).Trim();
                _buffer.Clear();
            }
        }
    }
}
