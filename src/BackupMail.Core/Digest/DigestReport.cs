#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.History;
using BackupMail.Jobs;

namespace BackupMail.Digest
{
    /// <summary>
    /// What one digest says: the worst status (the banner), one row per job, the runs that failed or warned with their
    /// errors, and the overdue jobs. Built from the runs alone; <see cref="DigestRenderer"/> turns it into text and HTML.
    /// </summary>
    public sealed class DigestReport
    {
        /// <summary>The most problems listed one by one; the rest are counted.</summary>
        public const int MaxProblems = 100;

        private DigestReport()
        {
        }

        /// <summary>When the digest was made: the end of its period.</summary>
        public DateTimeOffset Created { get; private set; }

        /// <summary>The start of its period (the previous digest of its jobs, else its first run); null when it lists no run.</summary>
        public DateTimeOffset? PeriodStart { get; private set; }

        /// <summary>The worst status: of the runs, and Warning at least when a job is overdue; Success for an empty digest.</summary>
        public BackupStatus WorstStatus { get; private set; }

        /// <summary>One row per job with runs, by name.</summary>
        public IReadOnlyList<DigestJobRow> Jobs { get; private set; } = Array.Empty<DigestJobRow>();

        /// <summary>The runs that failed or warned, oldest first (at most <see cref="MaxProblems"/>, the newest ones).</summary>
        public IReadOnlyList<DigestProblem> Problems { get; private set; } = Array.Empty<DigestProblem>();

        /// <summary>How many problem runs were left out of <see cref="Problems"/>.</summary>
        public int ProblemsLeftOut { get; private set; }

        /// <summary>The overdue jobs, by name.</summary>
        public IReadOnlyList<OverdueJob> Overdue { get; private set; } = Array.Empty<OverdueJob>();

        /// <summary>How many runs the digest lists.</summary>
        public int RunCount { get; private set; }

        /// <summary>How many of them failed.</summary>
        public int FailureCount { get; private set; }

        /// <summary>How many of them ended with a warning.</summary>
        public int WarningCount { get; private set; }

        /// <summary>Builds the report.</summary>
        /// <param name="runs">The runs the digest lists, in any order.</param>
        /// <param name="knownLastSuccess">A job's last success as earlier digests saw it (by name, any case); null for none.</param>
        /// <param name="overdue">The overdue jobs to list.</param>
        /// <param name="created">When the digest is made.</param>
        /// <param name="periodStart">The start of its period; null to take its first run's time.</param>
        /// <exception cref="ArgumentNullException"><paramref name="runs"/> or <paramref name="overdue"/> is null.</exception>
        public static DigestReport Build(IEnumerable<RunRecord> runs, Func<string, DateTimeOffset?>? knownLastSuccess,
            IEnumerable<OverdueJob> overdue, DateTimeOffset created, DateTimeOffset? periodStart)
        {
            if (runs == null)
            {
                throw new ArgumentNullException(nameof(runs));
            }

            if (overdue == null)
            {
                throw new ArgumentNullException(nameof(overdue));
            }

            var ordered = runs.OrderBy(r => r.Sequence).ToList();
            var report = new DigestReport
            {
                Created = created,
                RunCount = ordered.Count,
                FailureCount = ordered.Count(r => r.Status == BackupStatus.Failure),
                WarningCount = ordered.Count(r => r.Status == BackupStatus.Warning),
                Overdue = overdue.OrderBy(o => o.BackupName, StringComparer.OrdinalIgnoreCase).ToList(),
            };

            report.PeriodStart = periodStart ?? (ordered.Count == 0 ? (DateTimeOffset?)null : ordered.Min(r => r.When));
            report.Jobs = ordered
                .GroupBy(r => r.BackupName, StringComparer.OrdinalIgnoreCase)
                .Select(g => RowOf(g.ToList(), knownLastSuccess))
                .OrderBy(row => row.BackupName, StringComparer.OrdinalIgnoreCase)
                .ToList();

            var problems = ordered.Where(r => r.Status != BackupStatus.Success).ToList();
            report.ProblemsLeftOut = Math.Max(0, problems.Count - MaxProblems);
            report.Problems = problems.Skip(report.ProblemsLeftOut).Select(r => new DigestProblem
            {
                BackupName = r.BackupName,
                When = r.When,
                Status = r.Status,
                ExitCode = r.ExitCode,
                ErrorMessage = string.IsNullOrWhiteSpace(r.ErrorMessage) ? null : r.ErrorMessage!.Trim(),
            }).ToList();

            var worst = ordered.Count == 0 ? BackupStatus.Success : ordered.Max(r => r.Status);
            if (report.Overdue.Count > 0 && worst == BackupStatus.Success)
            {
                worst = BackupStatus.Warning;
            }

            report.WorstStatus = worst;
            return report;
        }

        // The runs of one job, oldest first.
        private static DigestJobRow RowOf(List<RunRecord> runs, Func<string, DateTimeOffset?>? knownLastSuccess)
        {
            var last = runs[runs.Count - 1];
            var lastSuccess = runs.Where(r => r.Status == BackupStatus.Success).Select(r => (DateTimeOffset?)r.When).LastOrDefault()
                ?? knownLastSuccess?.Invoke(last.BackupName);
            return new DigestJobRow
            {
                BackupName = last.BackupName,
                LastStatus = last.Status,
                Runs = runs.Count,
                Failures = runs.Count(r => r.Status == BackupStatus.Failure),
                Warnings = runs.Count(r => r.Status == BackupStatus.Warning),
                LastSuccess = lastSuccess,
                LastDuration = last.Duration,
                BytesCopied = SumOrNull(runs.Select(r => r.BytesCopied)),
                FilesCopied = SumOrNull(runs.Select(r => r.FilesCopied)),
            };
        }

        private static long? SumOrNull(IEnumerable<long?> values)
        {
            long? sum = null;
            foreach (var value in values)
            {
                if (value.HasValue)
                {
                    sum = (sum ?? 0) + value.Value;
                }
            }

            return sum;
        }
    }
}
