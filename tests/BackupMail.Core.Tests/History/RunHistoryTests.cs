#nullable enable
using System;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.History
{
    /// <summary>
    /// The job history one notification call shares: the trend of each job from one backward reading of the journal,
    /// runs the call records counted by the later notifications, and the same answers as a reading of its own.
    /// </summary>
    public sealed class RunHistoryTests : IDisposable
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(1));
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly string _directory;

        public RunHistoryTests()
        {
            _directory = _temp.Combine("config");
        }

        public void Dispose() => _temp.Dispose();

        private RunHistory NewHistory() => new RunHistory(_directory, new JournalSettingsService(new ConfigStore(_directory)), null);

        private BackupRun Run(string name, BackupStatus status, int day, int minutes = 10) => new BackupRun
        {
            BackupName = name,
            Status = status,
            StartTime = Start.AddDays(day),
            EndTime = Start.AddDays(day).AddMinutes(minutes),
        };

        [Fact]
        public void Trends_of_many_jobs_in_one_call_equal_those_read_alone_and_count_the_runs_recorded_in_the_call()
        {
            var journal = RunJournal.InConfigDirectory(_directory);
            var statuses = new[] { BackupStatus.Success, BackupStatus.Failure, BackupStatus.Warning };
            for (var day = 0; day < 40; day++)
            {
                foreach (var job in new[] { "A", "B", "C" })
                {
                    journal.Append(RunRecord.From(Run(job, statuses[(day + job[0]) % 3], day, 10 + day % 7)));
                }
            }

            using (var shared = NewHistory())
            {
                foreach (var job in new[] { "C", "A", "b", "Unknown" })
                {
                    var together = shared.TrendOf(job, BackupStatus.Success, TimeSpan.FromMinutes(20))!;
                    var alone = RunTrend.Of(journal.ReadNewestFirst(), job, BackupStatus.Success, TimeSpan.FromMinutes(20));
                    Assert.Equal(
                        (alone.PreviousStatus, alone.LastSuccessTime, alone.ConsecutiveFailures, alone.FailuresBefore, alone.AverageDuration, alone.DurationChangePercent),
                        (together.PreviousStatus, together.LastSuccessTime, together.ConsecutiveFailures, together.FailuresBefore, together.AverageDuration, together.DurationChangePercent));
                }

                // A failure recorded in this call is the next notification's previous run.
                Assert.NotNull(shared.Record(Run("A", BackupStatus.Failure, 41), null));
                var next = shared.TrendOf("A", BackupStatus.Failure, null)!;
                Assert.Equal(BackupStatus.Failure, next.PreviousStatus);
                Assert.Equal(RunTrend.Of(journal.ReadNewestFirst(), "A", BackupStatus.Failure, null).ConsecutiveFailures, next.ConsecutiveFailures);
                Assert.True(next.ConsecutiveFailures >= 2);
            }

            Assert.Equal(121, journal.ReadNewestFirst().Count());
        }

        [Fact]
        public void With_the_journal_off_there_is_no_trend_and_nothing_is_recorded()
        {
            new JournalSettingsService(new ConfigStore(_directory)).Set(enabled: false, retentionDays: null);
            using (var history = NewHistory())
            {
                Assert.False(history.Records);
                Assert.Null(history.TrendOf("A", BackupStatus.Success, null));
                Assert.Null(history.Record(Run("A", BackupStatus.Success, 0), null));
            }

            Assert.Empty(RunJournal.InConfigDirectory(_directory).ReadNewestFirst());
        }
    }
}
