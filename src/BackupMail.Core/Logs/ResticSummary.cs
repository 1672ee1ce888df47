using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace BackupMail.Logs
{
    /// <summary>The figures of the summary <c>restic backup</c> prints, and its error lines.</summary>
    internal static class ResticSummary
    {
        // Each label at the start of the line, or after what a script's logger wrote before it (time, level, a separator).
        private static readonly Regex Files = new Regex(LogText.AfterPrefix + @"Files:\s+(?<new>\d+) new,\s+(?<changed>\d+) changed,\s+\d+ unmodified", RegexOptions.CultureInvariant);
        private static readonly Regex Dirs = new Regex(LogText.AfterPrefix + @"Dirs:\s+(?<new>\d+) new,\s+(?<changed>\d+) changed,\s+\d+ unmodified", RegexOptions.CultureInvariant);
        private static readonly Regex Added = new Regex(LogText.AfterPrefix + @"Added to the repo(?:sitory)?:\s+(?<n>[\d.]+)\s*(?<u>B|KiB|MiB|GiB|TiB)", RegexOptions.CultureInvariant);
        // "error:" is a common word: after a prefix only when the summary lines carry one of the same shape.
        private static readonly Regex ErrorLine = new Regex(@"^\s*(?:error:|Fatal:|Warning: at least one source file could not be read)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex DistinctErrorLine = new Regex(LogText.AfterPrefix + @"(?<text>(?:Fatal:|Warning: at least one source file could not be read).*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>Fills <paramref name="facts"/> from <paramref name="lines"/>; false when they hold no restic summary or errors.</summary>
        internal static bool TryRead(IReadOnlyList<string> lines, LogFacts facts)
        {
            bool found = false;
            var errors = new List<string>();
            // The prefix of the first Files line (None without one) is the logger's: error lines are read behind it.
            Match first = lines.Select(line => Files.Match(line)).FirstOrDefault(m => m.Success);
            LinePrefix prefix = LinePrefix.Of(first?.Groups["prefix"].Value);
            foreach (string line in lines)
            {
                Match m = Files.Match(line);
                if (m.Success) { facts.FilesCopied = Sum(m); found = true; continue; }
                m = Dirs.Match(line);
                if (m.Success) { facts.DirsCopied = Sum(m); found = true; continue; }
                m = Added.Match(line);
                if (m.Success)
                {
                    string unit = m.Groups["u"].Value;
                    facts.BytesCopied = unit == "B"
                        ? RobocopyLogReader.Amount(m.Groups["n"].Value, null)
                        : RobocopyLogReader.Amount(m.Groups["n"].Value, unit.Substring(0, 1));
                    found = true;
                    continue;
                }
                string own = prefix.Strip(line);
                if (ErrorLine.IsMatch(own)) { errors.Add(own.Trim()); continue; }
                m = DistinctErrorLine.Match(line);
                if (m.Success) errors.Add(m.Groups["text"].Value.Trim());
            }
            if (errors.Count > 0)
            {
                facts.ErrorMessage = LogText.LastDistinct(errors, 3);
                found = true;
            }
            return found;
        }

        private static long Sum(Match m)
            => long.Parse(m.Groups["new"].Value, CultureInfo.InvariantCulture) + long.Parse(m.Groups["changed"].Value, CultureInfo.InvariantCulture);
    }
}
