using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupMail.Logs
{
    /// <summary>Reads a region at the end of a log as text, and cleans its lines.</summary>
    internal static class LogText
    {
        /// <summary>
        /// The start of a pattern for a label at the start of a line or after a logger's prefix (<c>12:56:51 Info | </c>,
        /// <c>[INFO] </c>...): the prefix, in group <c>prefix</c>, ends with a blank or a separator, never inside a word or path.
        /// </summary>
        internal const string AfterPrefix = @"^(?<prefix>(?:.*?[\s|\]>)}:;,\-])?)\s*";

        private static readonly Regex Progress = new Regex(@"^\s*\d+(?:[.,]\d+)?%\s*$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The lines of the last <paramref name="maxBytes"/> bytes of the file (all of it when smaller). A first
        /// line cut by the window's start is dropped. <paramref name="reachedStart"/> tells whether the window began at the file's start.
        /// </summary>
        internal static List<string> ReadLastLines(Stream stream, Encoding encoding, int preambleLength, long maxBytes, out bool reachedStart)
        {
            long length = stream.Length;
            long start = Math.Max(preambleLength, length - maxBytes);
            if (LogEncoding.IsTwoByte(encoding) && ((start - preambleLength) & 1) != 0) start++;
            reachedStart = start <= preambleLength;
            string text = Decode(stream, encoding, start, length);
            List<string> lines = SplitLines(text);
            if (!reachedStart && lines.Count > 0) lines.RemoveAt(0);
            return lines;
        }

        /// <summary>Decodes the bytes from <paramref name="start"/> to <paramref name="end"/>.</summary>
        internal static string Decode(Stream stream, Encoding encoding, long start, long end)
        {
            var buffer = new byte[(int)Math.Max(0, end - start)];
            int read = LogFile.ReadAt(stream, start, buffer, buffer.Length);
            return encoding.GetString(buffer, 0, read);
        }

        /// <summary>
        /// The last <paramref name="max"/> distinct lines of <paramref name="errors"/>, in the order they last occurred,
        /// one per line; null when there are none. Retries repeat the same error: only its last occurrence counts.
        /// </summary>
        internal static string? LastDistinct(IEnumerable<string> errors, int max)
        {
            var distinct = new List<string>();
            foreach (var error in errors)
            {
                distinct.Remove(error);
                distinct.Add(error);
            }

            return distinct.Count == 0 ? null : string.Join("\n", distinct.Skip(Math.Max(0, distinct.Count - max)));
        }

        /// <summary>
        /// Splits on LF; each line loses its CRs, robocopy's progress figures ("100%" after a bare CR),
        /// NUL characters, and has other control characters (except tab) turned into spaces.
        /// </summary>
        internal static List<string> SplitLines(string text)
        {
            var lines = new List<string>();
            int start = 0;
            while (start <= text.Length)
            {
                int newline = text.IndexOf('\n', start);
                int end = newline < 0 ? text.Length : newline;
                lines.Add(Clean(text, start, end));
                if (newline < 0) break;
                start = newline + 1;
            }
            // The text ends with a line break: there is no line after it.
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0 && text.EndsWith("\n", StringComparison.Ordinal)) lines.RemoveAt(lines.Count - 1);
            return lines;
        }

        private static string Clean(string text, int start, int end)
        {
            string raw = text.Substring(start, end - start);
            if (raw.IndexOf('\r') >= 0)
            {
                var kept = new List<string>();
                foreach (string part in raw.Split('\r'))
                {
                    if (part.Trim().Length == 0 || Progress.IsMatch(part)) continue;
                    kept.Add(part);
                }
                raw = string.Join(" ", kept);
            }
            StringBuilder? builder = null;
            for (int i = 0; i < raw.Length; i++)
            {
                char c = raw[i];
                if (c >= ' ' || c == '\t') { builder?.Append(c); continue; }
                if (builder == null) builder = new StringBuilder(raw, 0, i, raw.Length);
                if (c != '\0') builder.Append(' ');
            }
            return builder?.ToString() ?? raw;
        }
    }
}
