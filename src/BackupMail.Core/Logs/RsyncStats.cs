using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace BackupMail.Logs
{
    /// <summary>The figures of rsync's <c>--stats</c> block and its error lines.</summary>
    internal static class RsyncStats
    {
        // Each label at the start of the line, or after what a script's logger wrote before it (time, level, a separator).
        private static readonly Regex FilesTransferred = new Regex(LogText.AfterPrefix + @"Number of (?:regular )?files transferred:\s*(?<n>[\d,.]+)", RegexOptions.CultureInvariant);
        private static readonly Regex BytesTransferred = new Regex(LogText.AfterPrefix + @"Total transferred file size:\s*(?<n>[\d,.]+)\s*(?<u>[KMGT]?)", RegexOptions.CultureInvariant);
        private static readonly Regex ErrorLine = new Regex(LogText.AfterPrefix + @"(?<text>rsync(?: error)?:\s.*)$", RegexOptions.CultureInvariant);

        /// <summary>Fills <paramref name="facts"/> from <paramref name="lines"/>; false when they hold no rsync statistics or errors.</summary>
        internal static bool TryRead(IReadOnlyList<string> lines, LogFacts facts)
        {
            bool found = false;
            var errors = new List<string>();
            foreach (string line in lines)
            {
                Match m = FilesTransferred.Match(line);
                if (m.Success) { facts.FilesCopied = Count(m.Groups["n"].Value); found = true; continue; }
                m = BytesTransferred.Match(line);
                if (m.Success)
                {
                    // --human-readable prints 1.23M; plain --stats prints 1,234,567 bytes.
                    string unit = m.Groups["u"].Value;
                    facts.BytesCopied = unit.Length == 0 ? Count(m.Groups["n"].Value) : RobocopyLogReader.Amount(m.Groups["n"].Value.Replace(",", "."), unit);
                    found = true;
                    continue;
                }
                m = ErrorLine.Match(line);
                if (m.Success) errors.Add(m.Groups["text"].Value.Trim());
            }
            if (errors.Count > 0)
            {
                facts.ErrorMessage = LogText.LastDistinct(errors, 3);
                found = true;
            }
            return found;
        }

        private static long Count(string text)
        {
            string digits = new string(text.Where(char.IsDigit).ToArray());
            return digits.Length == 0 || digits.Length > 18 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
        }
    }
}
