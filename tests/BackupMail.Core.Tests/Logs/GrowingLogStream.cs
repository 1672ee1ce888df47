using System;
using System.IO;
using System.Text;

namespace BackupMail.Tests.Logs
{
    /// <summary>
    /// A log that reports a small length but never ends, as a log still being written (or a /proc file) does:
    /// it counts what is read from it, and fails loudly past <see cref="Ceiling"/> so that a reader that trusts the
    /// length fails the test instead of filling the memory.
    /// </summary>
    internal sealed class GrowingLogStream : Stream
    {
        public const long Ceiling = 256L * 1024 * 1024;
        private static readonly byte[] Line = Encoding.ASCII.GetBytes("2026/11/27 12:00:00 copied C:\\Data\\folder\\file.dat\n");
        private readonly long _reportedLength;
        private long _position;

        public GrowingLogStream(long reportedLength) => _reportedLength = reportedLength;

        /// <summary>Every byte handed out, over all reads.</summary>
        public long TotalRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => _reportedLength;
        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (TotalRead > Ceiling) throw new InvalidOperationException("Read " + TotalRead + " bytes of a log that reports " + _reportedLength + ": the reader has no budget.");
            for (int i = 0; i < count; i++) buffer[offset + i] = Line[(_position + i) % Line.Length];
            _position += count;
            TotalRead += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            _position = origin == SeekOrigin.Begin ? offset : origin == SeekOrigin.Current ? _position + offset : _reportedLength + offset;
            return _position;
        }

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
