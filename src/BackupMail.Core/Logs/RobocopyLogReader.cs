using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupMail.Logs
{
    /// <summary>
    /// Reads the summary of a robocopy log from the end of the file, in any of the languages and encodings
    /// robocopy writes: the table is recognised by its shape (three rows of six numbers under a header,
    /// then the Times row, Speed and Ended lines), not by its labels, so English, German, Russian and other
    /// UI languages work alike.
    /// </summary>
    /// <remarks>
    /// Only the end of the file is read: windows of 16 KB, 64 KB, 256 KB and at most 1 MB, so the time does not
    /// grow with the size of the log. Errors (<c>ERROR 5 (0x00000005) ...</c>, <c>FEHLER</c>, <c>ОШИБКА</c>) are
    /// collected from the same window.
    /// </remarks>
    public static class RobocopyLogReader
    {
        /// <summary>The largest window read from the end of the file.</summary>
        internal const int MaxWindow = 1024 * 1024;
        private const int MaxErrors = 3;
        private static readonly int[] Windows = { 16 * 1024, 64 * 1024, 256 * 1024, MaxWindow };

        // A row is "label : six values" at the end of the line; the values hold no colon, so the last colon ends the label.
        private static readonly Regex Values = new Regex(
            @"^(?<values>(?:\s+\d+(?:[.,]\d+)*(?:\s[kmgtKMGT](?=\s|$))?){6})\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex Value = new Regex(@"(?<n>\d+(?:[.,]\d+)*)(?:\s(?<u>[kmgtKMGT])(?=\s|$))?", RegexOptions.CultureInvariant);
        // The label: a word or words (Dirs, Verzeich., Каталогов) not glued to what a logger wrote before it.
        private static readonly Regex WordLabel = new Regex(
            @"(?<![\p{L}\p{Mn}.'\-])\p{L}[\p{L}\p{Mn}.'\-]*(?: \p{L}[\p{L}\p{Mn}.'\-]*)*$", RegexOptions.CultureInvariant);
        private static readonly Regex AnyLabel = new Regex(@"^\s*(?<label>[^\d:]*[^\d\s:])$", RegexOptions.CultureInvariant);
        private static readonly Regex TimesRow = new Regex(
            @"^\s*[^\d:]*[^\d\s:]\s*:(?<values>(?:\s+\d+:\d{2}:\d{2}){4})\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex LabelLine = new Regex(@"^\s*(?<label>[^\d:]*[^\d\s:])\s*:\s*(?<value>.+?)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex SpeedValue = new Regex(@"^[\d\s.,'\u00A0\u202F]*\d\s*\S+/\S+$", RegexOptions.CultureInvariant);
        // ERROR 5 (0x00000005) ..., after robocopy's own date and time, and after whatever a script's logger wrote first.
        private static readonly Regex Error = new Regex(
            @"^(?<prefix>.*?)(?:\d{4}/\d{2}/\d{2}\s+\d{1,2}:\d{2}:\d{2}\s+)?(?<![\p{L}\p{Mn}])(?<head>\p{L}[\p{L}\p{Mn}]*\s+\d+\s+\(0x[0-9A-Fa-f]{8}\))\s*(?<what>.*?)\s*$",
            RegexOptions.CultureInvariant);
        private static readonly Regex Header = new Regex(@"ROBOCOPY\s+::", RegexOptions.CultureInvariant);

        /// <summary>The summary of the robocopy log at <paramref name="path"/>, or null when it has none (e.g. a fatal error before the copy).</summary>
        /// <param name="path">The log file.</param>
        /// <param name="encoding">The file's encoding; null detects it.</param>
        /// <exception cref="BackupMailException"><c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c>.</exception>
        public static RobocopySummary? TryReadSummary(string path, Encoding? encoding = null)
        {
            using (FileStream stream = LogFile.Open(path))
            {
                try
                {
                    int preamble;
                    if (encoding == null) encoding = LogEncoding.Detect(stream, out preamble);
                    else preamble = LogEncoding.PreambleLength(stream, encoding);
                    return Analyze(stream, encoding, preamble, out _);
                }
                catch (IOException e)
                {
                    throw LogFile.Unreadable(path, e);
                }
            }
        }

        /// <summary>Finds the summary (or null) and the error message (or null) at the end of an open log.</summary>
        internal static RobocopySummary? Analyze(Stream stream, Encoding encoding, int preambleLength, out string? errorMessage)
        {
            List<string>? lines = null;
            RobocopySummary? summary = null;
            foreach (int window in Windows)
            {
                lines = LogText.ReadLastLines(stream, encoding, preambleLength, window, out bool reachedStart);
                summary = Parse(lines);
                if (summary != null || reachedStart) break;
            }
            errorMessage = Errors(lines);
            if (summary != null) summary.ErrorMessage = errorMessage;
            return summary;
        }

        /// <summary>
        /// The last summary in <paramref name="lines"/>, or null (also when a later run's header follows it). The lines may
        /// carry a prefix a script's logger wrote (time, level...): the three rows must then carry prefixes of one shape,
        /// and the prefix is removed from the lines after them.
        /// </summary>
        internal static RobocopySummary? Parse(IReadOnlyList<string> lines)
        {
            for (int i = lines.Count - 3; i >= 0; i--)
            {
                RobocopySummaryRow? dirs = ParseRow(lines[i], out LinePrefix prefix);
                if (dirs == null) continue;
                RobocopySummaryRow? files = ParseRow(lines[i + 1], out LinePrefix filesPrefix);
                if (files == null || filesPrefix.Shape != prefix.Shape) continue;
                RobocopySummaryRow? bytes = ParseRow(lines[i + 2], out LinePrefix bytesPrefix);
                if (bytes == null || bytesPrefix.Shape != prefix.Shape) continue;
                var summary = new RobocopySummary { Dirs = dirs, Files = files, Bytes = bytes };
                int j = i + 3;
                if (j < lines.Count)
                {
                    Match times = TimesRow.Match(prefix.Strip(lines[j]));
                    if (times.Success)
                    {
                        summary.Times = times.Groups["values"].Value.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                        j++;
                    }
                }
                ReadTrailer(lines, j, prefix, summary);
                // A summary followed by a new run's header belongs to an earlier run (/LOG+): the last run has none.
                for (int k = j; k < lines.Count; k++) if (Header.IsMatch(lines[k])) return null;
                return summary;
            }
            return null;
        }

        private static void ReadTrailer(IReadOnlyList<string> lines, int start, LinePrefix prefix, RobocopySummary summary)
        {
            var speed = new List<string>();
            for (int j = start; j < lines.Count && j < start + 8; j++)
            {
                string line = prefix.Strip(lines[j]);
                if (line.Trim().Length == 0) continue;
                if (line.TrimStart().StartsWith("---", StringComparison.Ordinal)) break;
                Match labelled = LabelLine.Match(line);
                if (!labelled.Success) break;
                string value = labelled.Groups["value"].Value;
                if (SpeedValue.IsMatch(value))
                {
                    speed.Add(value);
                    continue;
                }
                summary.Ended = value;
                break;
            }
            summary.Speed = speed;
            if (speed.Count > 0)
            {
                string digits = new string(speed[0].TakeWhile(c => !char.IsLetter(c)).Where(char.IsDigit).ToArray());
                if (digits.Length > 0 && digits.Length < 19) summary.BytesPerSecond = long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>
        /// A row of the table (<c>label : six values</c> at the end of the line), or null; <paramref name="prefix"/> is what
        /// stands before the label (<see cref="LinePrefix.None"/> for robocopy's own indentation).
        /// </summary>
        private static RobocopySummaryRow? ParseRow(string line, out LinePrefix prefix)
        {
            prefix = LinePrefix.None;
            if (line.Length > 500) return null;
            int colon = line.LastIndexOf(':');
            if (colon <= 0) return null;
            Match row = Values.Match(line.Substring(colon + 1));
            if (!row.Success) return null;
            string before = line.Substring(0, colon).TrimEnd();
            string label;
            Match word = WordLabel.Match(before);
            if (word.Success)
            {
                label = word.Value;
                prefix = LinePrefix.Of(before.Substring(0, word.Index));
            }
            else
            {
                // A label of other characters (no digits, no colon), from the start of the line.
                Match any = AnyLabel.Match(before);
                if (!any.Success) return null;
                label = any.Groups["label"].Value;
            }
            var values = new List<long>(6);
            var raw = new List<string>(6);
            foreach (Match value in Value.Matches(row.Groups["values"].Value))
            {
                raw.Add(value.Value);
                values.Add(Amount(value.Groups["n"].Value, value.Groups["u"].Success ? value.Groups["u"].Value : null));
            }
            return values.Count == 6 ? new RobocopySummaryRow(label.Trim(), values, raw) : null;
        }

        /// <summary>A count as robocopy prints it: a plain number, or a decimal (point or comma) with k/m/g/t (powers of 1024).</summary>
        internal static long Amount(string number, string? unit)
        {
            if (unit == null)
            {
                string digits = new string(number.Where(char.IsDigit).ToArray());
                return digits.Length == 0 || digits.Length > 18 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
            }
            int separator = number.LastIndexOfAny(new[] { '.', ',' });
            string normal = separator < 0
                ? number
                : new string(number.Substring(0, separator).Where(char.IsDigit).ToArray()) + "." + number.Substring(separator + 1);
            double value = double.Parse(normal, NumberStyles.Float, CultureInfo.InvariantCulture);
            int power = "kmgt".IndexOf(char.ToLowerInvariant(unit[0])) + 1;
            return (long)Math.Round(value * Math.Pow(1024, power));
        }

        /// <summary>The last few distinct errors of the last run in <paramref name="lines"/>, each with its explanation line; null when there are none.</summary>
        internal static string? Errors(IReadOnlyList<string>? lines)
        {
            if (lines == null) return null;
            int start = 0;
            for (int i = lines.Count - 1; i >= 0; i--)
            {
                if (Header.IsMatch(lines[i])) { start = i; break; }
            }
            var errors = new List<string>();
            for (int i = start; i < lines.Count; i++)
            {
                Match error = Error.Match(lines[i]);
                if (!error.Success) continue;
                string text = (error.Groups["head"].Value + " " + error.Groups["what"].Value).Trim();
                if (i + 1 < lines.Count)
                {
                    // The explanation ("Access is denied.") carries the same logger's prefix, if any.
                    string next = LinePrefix.Of(error.Groups["prefix"].Value).Strip(lines[i + 1]).Trim();
                    if (next.Length > 0 && !Error.IsMatch(lines[i + 1])) text += "\n" + next;
                }
                errors.Add(text);
            }
            return LogText.LastDistinct(errors, MaxErrors);
        }
    }
}
