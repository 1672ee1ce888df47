#nullable enable
using System;
using System.Collections.Generic;
using BackupMail.Jobs;

namespace BackupMail.History
{
    /// <summary>
    /// How one backup went before the current run, for the trend placeholders (<c>##PreviousStatus##</c>,
    /// <c>##LastSuccessTime##</c>, <c>##ConsecutiveFailures##</c>, <c>##AverageDuration##</c>, <c>##DurationChange##</c>)
    /// and the recovery notice ("recovered after 3 failures").
    /// </summary>
    public sealed class RunTrend
    {
        /// <summary>How many successful runs <see cref="AverageDuration"/> is taken over.</summary>
        public const int AverageOver = 10;

        private RunTrend()
        {
        }

        /// <summary>The status of the run before the current one; null when there was none.</summary>
        public BackupStatus? PreviousStatus { get; private set; }

        /// <summary>When the last successful run before the current one happened (<see cref="RunRecord.When"/>); null when none did.</summary>
        public DateTimeOffset? LastSuccessTime { get; private set; }

        /// <summary>Failures in a row ending with the current run (1 for a first failure); 0 when the current run did not fail.</summary>
        public int ConsecutiveFailures { get; private set; }

        /// <summary>Runs in a row that did not succeed (failures and warnings) just before the current run: 3 for "recovered after 3 failures".</summary>
        public int FailuresBefore { get; private set; }

        /// <summary>
        /// The average duration of the last <see cref="AverageOver"/> successful runs before the current one (of those
        /// that have a start and an end); null when none has.
        /// </summary>
        public TimeSpan? AverageDuration { get; private set; }

        /// <summary>The current run's duration against <see cref="AverageDuration"/>, in percent (+85 is 85 % longer); null when either is unknown or the average is zero.</summary>
        public double? DurationChangePercent { get; private set; }

        /// <summary>
        /// The trend of <paramref name="backupName"/> (any case) from <paramref name="newestFirst"/>, the runs recorded
        /// before the current one, newest first (for example <see cref="RunJournal.ReadNewestFirst()"/>). Reading stops as
        /// soon as everything is known: at the <see cref="AverageOver"/>th successful run of the backup.
        /// </summary>
        /// <param name="newestFirst">Recorded runs, newest first, without the current one.</param>
        /// <param name="backupName">The backup whose trend is asked for.</param>
        /// <param name="current">The current run's status.</param>
        /// <param name="currentDuration">The current run's duration, when known.</param>
        /// <exception cref="ArgumentNullException"><paramref name="newestFirst"/> or <paramref name="backupName"/> is null.</exception>
        public static RunTrend Of(IEnumerable<RunRecord> newestFirst, string backupName, BackupStatus current, TimeSpan? currentDuration)
        {
            if (newestFirst == null) throw new ArgumentNullException(nameof(newestFirst));
            if (backupName == null) throw new ArgumentNullException(nameof(backupName));

            var trend = new RunTrend();
            var failing = current == BackupStatus.Failure; // still counting the current failure streak
            var recovering = true; // still counting the runs without success before the current one
            var consecutive = failing ? 1 : 0;
            var successes = 0;
            var durations = 0;
            var total = TimeSpan.Zero;
            string? lastName = null; // the journal hands out one string per name: most runs compare by reference
            foreach (var run in newestFirst)
            {
                if (run == null) continue;
                if (!ReferenceEquals(run.BackupName, lastName))
                {
                    if (!string.Equals(run.BackupName, backupName, StringComparison.OrdinalIgnoreCase)) continue;
                    lastName = run.BackupName;
                }

                if (!trend.PreviousStatus.HasValue) trend.PreviousStatus = run.Status;

                if (failing)
                {
                    if (run.Status == BackupStatus.Failure) consecutive++;
                    else failing = false;
                }

                if (run.Status != BackupStatus.Success)
                {
                    if (recovering) trend.FailuresBefore++;
                    continue;
                }

                recovering = false;
                failing = false;
                if (!trend.LastSuccessTime.HasValue) trend.LastSuccessTime = run.When;
                var duration = run.Duration;
                if (duration.HasValue)
                {
                    total += duration.Value;
                    durations++;
                }

                if (++successes == AverageOver) break;
            }

            trend.ConsecutiveFailures = consecutive;
            if (durations > 0)
            {
                trend.AverageDuration = TimeSpan.FromTicks(total.Ticks / durations);
                if (currentDuration.HasValue && trend.AverageDuration.Value > TimeSpan.Zero)
                {
                    trend.DurationChangePercent = (currentDuration.Value.Ticks - trend.AverageDuration.Value.Ticks) * 100.0 / trend.AverageDuration.Value.Ticks;
                }
            }

            return trend;
        }
    }
}
