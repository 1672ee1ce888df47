using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace BackupMail.Logs
{
    /// <summary>The last lines of a log (<c>##LogTail##</c>), read from the end of the file with bounded memory.</summary>
    public static class LogTail
    {
        /// <summary>The most bytes read from the end of the file unless a caller asks otherwise.</summary>
        public const int DefaultMaxBytes = 1024 * 1024;

        private const int ChunkSize = 64 * 1024;

        /// <summary>
        /// The last <paramref name="lines"/> lines of the file at <paramref name="path"/>, joined with LF, without
        /// trailing blank lines. At most <paramref name="maxBytes"/> bytes are read from the end of the file,
        /// so a log of very long lines yields fewer lines rather than unbounded memory.
        /// </summary>
        /// <param name="path">The log file.</param>
        /// <param name="lines">How many lines (at least 1).</param>
        /// <param name="encoding">The file's encoding; null detects it (BOM, UTF-16, UTF-8, ANSI/OEM code pages).</param>
        /// <param name="maxBytes">The most bytes to read.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> or <paramref name="maxBytes"/> is less than 1.</exception>
        /// <exception cref="BackupMailException"><c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c>.</exception>
        public static string Read(string path, int lines, Encoding? encoding = null, int maxBytes = DefaultMaxBytes)
        {
            if (lines < 1) throw new ArgumentOutOfRangeException(nameof(lines));
            if (maxBytes < 1) throw new ArgumentOutOfRangeException(nameof(maxBytes));
            using (FileStream stream = LogFile.Open(path))
            {
                try
                {
                    int preamble;
                    if (encoding == null) encoding = LogEncoding.Detect(stream, out preamble);
                    else preamble = LogEncoding.PreambleLength(stream, encoding);
                    return Read(stream, encoding, preamble, lines, maxBytes);
                }
                catch (IOException e)
                {
                    throw LogFile.Unreadable(path, e);
                }
            }
        }

        /// <summary>The last lines of an open log whose encoding is known.</summary>
        internal static string Read(Stream stream, Encoding encoding, int preambleLength, int lines, long maxBytes)
        {
            long window = BytesForLines(stream, encoding, preambleLength, lines, maxBytes);
            List<string> all = LogText.ReadLastLines(stream, encoding, preambleLength, window, out _);
            int end = all.Count;
            while (end > 0 && all[end - 1].Trim().Length == 0) end--;
            int begin = Math.Max(0, end - lines);
            return string.Join("\n", all.GetRange(begin, end - begin));
        }

        /// <summary>
        /// How many bytes from the end hold the last <paramref name="lines"/> lines (plus slack for trailing
        /// blank lines), found by counting line feeds backwards chunk by chunk, never more than <paramref name="maxBytes"/>.
        /// </summary>
        private static long BytesForLines(Stream stream, Encoding encoding, int preambleLength, int lines, long maxBytes)
        {
            long length = stream.Length;
            bool twoByte = LogEncoding.IsTwoByte(encoding);
            bool bigEndian = twoByte && encoding.GetPreamble().Length == 2 && encoding.GetPreamble()[0] == 0xFE;
            int wanted = lines + 8; // slack for blank lines at the end and a first line cut by the window
            int found = 0;
            var buffer = new byte[ChunkSize];
            long position = length;
            while (position > preambleLength && length - position < maxBytes)
            {
                int size = (int)Math.Min(ChunkSize, position - preambleLength);
                position -= size;
                int read = LogFile.ReadAt(stream, position, buffer, size);
                for (int i = read - 1; i >= 0; i--)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    if (twoByte)
                    {
                        long offset = position + i - preambleLength;
                        // UTF-16: LF is 0A 00 (LE) or 00 0A (BE) on a code-unit boundary.
                        if (bigEndian ? (offset & 1) != 1 : (offset & 1) != 0) continue;
                    }
                    if (++found >= wanted) return Math.Min(maxBytes, length - (position + i + 1) + 1);
                }
            }
            return Math.Min(maxBytes, length - preambleLength);
        }
    }
}
