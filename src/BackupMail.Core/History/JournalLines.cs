#nullable enable
using System;
using System.Collections.Generic;
using System.IO;

namespace BackupMail.History
{
    /// <summary>
    /// Splits a byte range of a file into lines, forwards or backwards, lazily and in blocks: the file is never read
    /// whole, nothing past the range is read (a file that grows or never ends is bounded by the length taken when it
    /// was opened), and a line longer than <see cref="RunLineFormat.MaxLineLength"/> is skipped without being held.
    /// Empty lines are not returned. Each <see cref="LineSlice"/> is valid until the next one is asked for.
    /// </summary>
    internal static class JournalLines
    {
        /// <summary>Bytes read at a time.</summary>
        internal const int BlockSize = 64 * 1024;

        /// <summary>Bytes read at a time where only a line or two is wanted (the ends of the file, when appending).</summary>
        internal const int SmallBlockSize = 4 * 1024;

        private const int MaxLine = RunLineFormat.MaxLineLength;
        private const int InitialLineRoom = 4 * 1024;

        /// <summary>The lines of <paramref name="stream"/> before <paramref name="end"/>, last first.</summary>
        /// <exception cref="IOException">The file cannot be read.</exception>
        internal static IEnumerable<LineSlice> Backward(Stream stream, long end, int blockSize = BlockSize)
        {
            // Room for a line's start grows as long lines come, up to MaxLine: short reads stay cheap.
            var carry = new byte[Math.Min(MaxLine, InitialLineRoom)]; // the start of a line whose end was in the block read before
            var work = new byte[blockSize + carry.Length];
            var carryLength = 0;
            var skipping = false; // inside a line too long to keep: its bytes are dropped until its start
            var position = end;
            while (position > 0)
            {
                var count = (int)Math.Min(blockSize, position);
                position -= count;
                if (count + carryLength > work.Length) work = new byte[blockSize + carry.Length];
                stream.Position = position;
                if (!ReadFully(stream, work, count))
                {
                    yield break; // shortened behind our back (not by BackupMail, which replaces the file)
                }

                Buffer.BlockCopy(carry, 0, work, count, carryLength);
                var lineEnd = count + carryLength;
                var newline = lineEnd;
                while ((newline = newline == 0 ? -1 : Array.LastIndexOf(work, (byte)'\n', newline - 1, newline)) >= 0)
                {
                    if (skipping)
                    {
                        skipping = false;
                    }
                    else if (lineEnd > newline + 1)
                    {
                        yield return new LineSlice(work, newline + 1, lineEnd - newline - 1);
                    }

                    lineEnd = newline;
                }

                // work[0, lineEnd) began in an earlier block.
                if (skipping || lineEnd > MaxLine)
                {
                    skipping = true;
                    carryLength = 0;
                }
                else
                {
                    if (lineEnd > carry.Length) carry = new byte[Math.Min(MaxLine, Math.Max(lineEnd, 2 * carry.Length))];
                    Buffer.BlockCopy(work, 0, carry, 0, lineEnd);
                    carryLength = lineEnd;
                }
            }

            if (!skipping && carryLength > 0)
            {
                yield return new LineSlice(carry, 0, carryLength);
            }
        }

        /// <summary>The lines of <paramref name="stream"/> from <paramref name="start"/> (a line's start) to <paramref name="end"/>, first first.</summary>
        /// <exception cref="IOException">The file cannot be read.</exception>
        internal static IEnumerable<LineSlice> Forward(Stream stream, long start, long end, int blockSize = BlockSize)
        {
            var buffer = new byte[blockSize + Math.Min(MaxLine, InitialLineRoom)];
            int count = 0, lineStart = 0, scan = 0;
            var skipping = false;
            var position = start;
            stream.Position = start;
            while (true)
            {
                var newline = scan < count ? Array.IndexOf(buffer, (byte)'\n', scan, count - scan) : -1;
                if (newline >= 0)
                {
                    if (skipping)
                    {
                        skipping = false;
                    }
                    else if (newline > lineStart)
                    {
                        yield return new LineSlice(buffer, lineStart, newline - lineStart);
                    }

                    lineStart = scan = newline + 1;
                    continue;
                }

                // No line feed in what is left: drop it (too long) or move it to the front, and read on.
                if (skipping || count - lineStart > MaxLine)
                {
                    skipping = true;
                    count = 0;
                }
                else if (lineStart > 0)
                {
                    Buffer.BlockCopy(buffer, lineStart, buffer, 0, count - lineStart);
                    count -= lineStart;
                }

                lineStart = 0;
                scan = count;
                if (count == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(blockSize + MaxLine, 2 * buffer.Length)); // a long line, not too long yet
                }

                var read = position < end ? stream.Read(buffer, count, (int)Math.Min(buffer.Length - count, end - position)) : 0;
                if (read <= 0)
                {
                    break;
                }

                position += read;
                count += read;
            }

            if (!skipping && count > lineStart)
            {
                yield return new LineSlice(buffer, lineStart, count - lineStart);
            }
        }

        private static bool ReadFully(Stream stream, byte[] buffer, int count)
        {
            var read = 0;
            while (read < count)
            {
                var n = stream.Read(buffer, read, count - read);
                if (n <= 0) return false;
                read += n;
            }

            return true;
        }
    }
}
