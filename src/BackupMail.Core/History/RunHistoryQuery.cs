#nullable enable
using System;
using System.Collections.Generic;
using BackupMail.Jobs;

namespace BackupMail.History
{
    /// <summary>
    /// What <c>Get-BackupRunHistory</c> asks of the journal: runs of some backups (wildcards), since a time, of some
    /// statuses, the last so many; newest first. Name and status are checked before a line is parsed in full, and
    /// <see cref="Last"/> stops the reading as soon as it has enough, so <c>-Last 20</c> reads only the file's tail.
    /// </summary>
    public sealed class RunHistoryQuery
    {
        /// <summary>Backup name patterns (<c>*</c>, <c>?</c>, any case); a run matching any of them is listed. Null or empty: all.</summary>
        public string[]? BackupName { get; set; }

        /// <summary>Only runs that happened (<see cref="RunRecord.When"/>) at or after this time; null: all.</summary>
        public DateTimeOffset? Since { get; set; }

        /// <summary>At most this many runs (the newest); null: all.</summary>
        public int? Last { get; set; }

        /// <summary>Only runs with one of these statuses; null or empty: all.</summary>
        public BackupStatus[]? Status { get; set; }

        /// <summary>The runs of <paramref name="journal"/> this query selects, newest first, read lazily.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="journal"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><see cref="Last"/> is negative.</exception>
        /// <exception cref="BackupMailException"><c>RunJournalUnreadable</c>, when enumerated.</exception>
        public IEnumerable<RunRecord> Run(RunJournal journal)
        {
            if (journal == null) throw new ArgumentNullException(nameof(journal));
            if (Last < 0) throw new ArgumentOutOfRangeException(nameof(Last), Last, "Last cannot be negative.");
            return Select(journal, Filter(), Since, Last);
        }

        private static IEnumerable<RunRecord> Select(RunJournal journal, RunLineFilter? filter, DateTimeOffset? since, int? last)
        {
            if (last == 0) yield break;
            var taken = 0;
            foreach (var record in journal.ReadNewestFirst(filter))
            {
                if (since.HasValue && record.When < since.Value) continue;
                yield return record;
                if (++taken == last) yield break;
            }
        }

        private RunLineFilter? Filter()
        {
            var names = Matcher(BackupName);
            var statuses = Status != null && Status.Length > 0 ? (BackupStatus[])Status.Clone() : null;
            return names == null && statuses == null ? null : new RunLineFilter { Name = names, Statuses = statuses };
        }

        // The parser hands out one string per distinct name, so the answer is remembered per name.
        private static Func<string, bool>? Matcher(string[]? patterns)
        {
            if (patterns == null || patterns.Length == 0) return null;
            var compiled = new List<BackupNamePattern>();
            foreach (var pattern in patterns)
            {
                if (pattern == null) continue;
                if (pattern == "*") return null;
                compiled.Add(new BackupNamePattern(pattern));
            }

            if (compiled.Count == 0) return null;
            var known = new Dictionary<string, bool>(StringComparer.Ordinal);
            string? lastName = null;
            var lastAnswer = false;
            return name =>
            {
                if (ReferenceEquals(name, lastName)) return lastAnswer;
                if (!known.TryGetValue(name, out var answer))
                {
                    answer = compiled.Exists(p => p.IsMatch(name));
                    if (known.Count < 10000) known[name] = answer;
                }

                lastName = name;
                lastAnswer = answer;
                return answer;
            };
        }
    }
}
