using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// A write-only stream that writes the base64 text of what is written to it (one line, padded at the end) into
    /// another stream, which it never closes. <see cref="CompleteAsync"/> writes the last, padded group.
    /// </summary>
    internal sealed class Base64WriteStream : Stream
    {
        // A multiple of 3 bytes of input, so that only the very end is padded.
        private const int ChunkBytes = 3 * 4096;

        private readonly Stream _inner;
        private readonly byte[] _pending = new byte[ChunkBytes];
        private readonly char[] _chars = new char[ChunkBytes / 3 * 4];
        private readonly byte[] _ascii = new byte[ChunkBytes / 3 * 4];
        private int _count;
        private long _written;
        private bool _completed;

        public Base64WriteStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>How many bytes of base64 text went into the inner stream so far.</summary>
        public long Base64Written => _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => !_completed;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfCompleted();
            for (var end = offset + count; offset < end;)
            {
                offset += Take(buffer, offset, end - offset);
                if (_count == ChunkBytes)
                {
                    Emit();
                }
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfCompleted();
            for (var end = offset + count; offset < end;)
            {
                offset += Take(buffer, offset, end - offset);
                if (_count == ChunkBytes)
                {
                    await EmitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Encodes what is left (with padding) and flushes the inner stream.</summary>
        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (_completed)
            {
                return;
            }

            if (_count > 0)
            {
                await EmitAsync(cancellationToken).ConfigureAwait(false);
            }

            _completed = true;
            await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public override void Flush()
        {
            // Only whole groups of three bytes can be encoded before the end; the rest waits for CompleteAsync.
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        private void ThrowIfCompleted()
        {
            if (_completed)
            {
                throw new InvalidOperationException("The base64 text is complete.");
            }
        }

        // Copies as much of the buffer as the pending chunk has room for; returns how many bytes that was.
        private int Take(byte[] buffer, int offset, int count)
        {
            var take = Math.Min(count, ChunkBytes - _count);
            Buffer.BlockCopy(buffer, offset, _pending, _count, take);
            _count += take;
            return take;
        }

        private void Emit()
        {
            var length = Encode();
            _inner.Write(_ascii, 0, length);
            Advance(length);
        }

        private async Task EmitAsync(CancellationToken cancellationToken)
        {
            var length = Encode();
            await _inner.WriteAsync(_ascii, 0, length, cancellationToken).ConfigureAwait(false);
            Advance(length);
        }

        // The pending bytes as base64 in _ascii; returns its length.
        private int Encode()
        {
            var length = Convert.ToBase64CharArray(_pending, 0, _count, _chars, 0);
            for (var i = 0; i < length; i++)
            {
                _ascii[i] = (byte)_chars[i];
            }

            return length;
        }

        private void Advance(int length)
        {
            _written += length;
            _count = 0;
        }
    }
}
