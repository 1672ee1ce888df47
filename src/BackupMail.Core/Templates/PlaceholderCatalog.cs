using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// Every placeholder a template may use. Names match case-insensitively and ignore spaces, hyphens
    /// and underscores, so <c>##Backup-Name##</c> and <c>##backup name##</c> both mean <c>##BackupName##</c>.
    /// </summary>
    public static class PlaceholderCatalog
    {
        private static readonly string[] AllNames =
        {
            PlaceholderNames.BackupName, PlaceholderNames.Status, PlaceholderNames.StatusText,
            PlaceholderNames.StatusColor, PlaceholderNames.ExitStatus, PlaceholderNames.ExitCode,
            PlaceholderNames.Tool, PlaceholderNames.ComputerName, PlaceholderNames.UserName,
            PlaceholderNames.StartTime, PlaceholderNames.EndTime, PlaceholderNames.StartTimeIso,
            PlaceholderNames.EndTimeIso, PlaceholderNames.Duration,
            PlaceholderNames.Source, PlaceholderNames.Destination, PlaceholderNames.DirsCopied,
            PlaceholderNames.FilesCopied, PlaceholderNames.FilesFailed, PlaceholderNames.BytesCopied,
            PlaceholderNames.ErrorMessage, PlaceholderNames.LogPath, PlaceholderNames.LogTail,
            PlaceholderNames.LogTailLines,
            // From the run journal: the job's runs before this one.
            PlaceholderNames.PreviousStatus, PlaceholderNames.LastSuccessTime, PlaceholderNames.ConsecutiveFailures,
            PlaceholderNames.AverageDuration, PlaceholderNames.DurationChange, PlaceholderNames.Trend,
            // Digest (Send-BackupMailDigest); empty in an ordinary notification.
            BackupMail.Digest.DigestPlaceholders.DigestStatus, BackupMail.Digest.DigestPlaceholders.DigestPeriod,
            BackupMail.Digest.DigestPlaceholders.RunCount, BackupMail.Digest.DigestPlaceholders.FailureCount,
            BackupMail.Digest.DigestPlaceholders.DigestJobs, BackupMail.Digest.DigestPlaceholders.DigestErrors,
            BackupMail.Digest.DigestPlaceholders.OverdueJobs,
        };

        private static readonly Dictionary<string, string> ByKey =
            AllNames.ToDictionary(Normalize, n => n, StringComparer.Ordinal);

        /// <summary>The canonical names, in the order <c>Get-BackupMailTemplateValue</c> lists them.</summary>
        public static IReadOnlyList<string> Names => AllNames;

        /// <summary>Every placeholder with its description and example in <paramref name="culture"/> (the current UI culture when null).</summary>
        public static IReadOnlyList<PlaceholderInfo> GetAll(CultureInfo? culture = null)
        {
            IReadOnlyDictionary<string, string> examples = PlaceholderValues.Examples(culture);
            return AllNames.Select(n => Describe(n, culture, examples)).ToList();
        }

        /// <summary>
        /// The placeholder that <paramref name="token"/> names (with or without the surrounding <c>##</c>),
        /// or null when there is none.
        /// </summary>
        public static PlaceholderInfo? Find(string? token, CultureInfo? culture = null)
        {
            string? name = FindName(token);
            return name == null ? null : Describe(name, culture, PlaceholderValues.Examples(culture));
        }

        /// <summary>The canonical name that <paramref name="token"/> means, or null when it names no placeholder.</summary>
        public static string? FindName(string? token)
        {
            if (token == null) return null;
            return ByKey.TryGetValue(Normalize(token), out string? name) ? name : null;
        }

        /// <summary>The valid name closest to <paramref name="token"/> (fewest edits after normalizing).</summary>
        public static string Suggest(string? token)
        {
            string key = Normalize(token ?? string.Empty);
            string best = AllNames[0];
            int bestDistance = int.MaxValue;
            foreach (KeyValuePair<string, string> candidate in ByKey)
            {
                int distance = EditDistance(key, candidate.Key);
                // A shortened or misspelt beginning ("##Compuetr##") is judged against the name's start.
                string start = candidate.Key.Substring(0, Math.Min(candidate.Key.Length, key.Length));
                distance = Math.Min(distance, EditDistance(key, start) + 1);
                // A token that is a prefix or part of a name ("##Bytes##") is closer than its edit distance says.
                if (key.Length >= 3 && candidate.Key.Contains(key)) distance = Math.Min(distance, 1);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = candidate.Value;
                }
            }
            return best;
        }

        /// <summary>Lower case, without <c>#</c>, spaces, hyphens and underscores: the form names are compared in.</summary>
        internal static string Normalize(string token)
        {
            var builder = new StringBuilder(token.Length);
            foreach (char c in token)
            {
                if (c == '#' || c == '-' || c == '_' || char.IsWhiteSpace(c)) continue;
                builder.Append(char.ToLowerInvariant(c));
            }
            return builder.ToString();
        }

        private static PlaceholderInfo Describe(string name, CultureInfo? culture, IReadOnlyDictionary<string, string> examples)
            => new PlaceholderInfo(
                name,
                TemplateStrings.Get("Placeholder_" + name + "_Description", culture),
                examples.TryGetValue(name, out string example) ? example : string.Empty);

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.Length];
        }
    }
}
