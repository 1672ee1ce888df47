#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.History;
using BackupMail.Jobs;
using Xunit;

namespace BackupMail.Tests.History
{
    /// <summary>Issue 14 §2: the trend of one backup before the current run, read newest first and no further than needed.</summary>
    public sealed class RunTrendTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        private readonly List<RunRecord> _oldestFirst = new List<RunRecord>();

        private void Add(BackupStatus status, int minutes = 10, string name = "Docs")
        {
            var start = Start.AddDays(_oldestFirst.Count);
            _oldestFirst.Add(new RunRecord { BackupName = name, Status = status, StartTime = start, EndTime = start.AddMinutes(minutes), Sequence = _oldestFirst.Count + 1 });
        }

        private IEnumerable<RunRecord> NewestFirst() => Enumerable.Reverse(_oldestFirst);

        [Fact]
        public void Success_failure_failure_success_recovers_after_two_failures()
        {
            Add(BackupStatus.Success);
            var first = _oldestFirst[0];
            var second = RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Failure, null);
            Add(BackupStatus.Failure);
            var third = RunTrend.Of(NewestFirst(), "docs", BackupStatus.Failure, null);
            Add(BackupStatus.Failure);
            var fourth = RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Success, TimeSpan.FromMinutes(10));

            Assert.Equal((BackupStatus.Success, 1, 0), (second.PreviousStatus!.Value, second.ConsecutiveFailures, second.FailuresBefore));
            Assert.Equal((BackupStatus.Failure, 2, 1), (third.PreviousStatus!.Value, third.ConsecutiveFailures, third.FailuresBefore));
            Assert.Equal((BackupStatus.Failure, 0, 2), (fourth.PreviousStatus!.Value, fourth.ConsecutiveFailures, fourth.FailuresBefore));
            Assert.Equal(first.When, fourth.LastSuccessTime);
            Assert.Equal(TimeSpan.FromMinutes(10), fourth.AverageDuration);
            Assert.Equal(0, fourth.DurationChangePercent);
        }

        [Fact]
        public void The_first_run_has_no_history()
        {
            var trend = RunTrend.Of(Enumerable.Empty<RunRecord>(), "Docs", BackupStatus.Failure, TimeSpan.FromMinutes(1));

            Assert.Null(trend.PreviousStatus);
            Assert.Null(trend.LastSuccessTime);
            Assert.Null(trend.AverageDuration);
            Assert.Null(trend.DurationChangePercent);
            Assert.Equal((1, 0), (trend.ConsecutiveFailures, trend.FailuresBefore));
        }

        [Fact]
        public void A_warning_counts_as_no_success_but_breaks_a_failure_streak()
        {
            Add(BackupStatus.Success);
            Add(BackupStatus.Failure);
            Add(BackupStatus.Warning);
            Add(BackupStatus.Failure);

            var failing = RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Failure, null);
            var recovered = RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Success, null);

            Assert.Equal(2, failing.ConsecutiveFailures);
            Assert.Equal(3, recovered.FailuresBefore);
            Assert.Equal(0, RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Warning, null).ConsecutiveFailures);
        }

        [Fact]
        public void The_average_is_over_the_last_ten_successes_only_and_other_backups_are_ignored()
        {
            for (var i = 0; i < 5; i++) Add(BackupStatus.Success, minutes: 1000); // older than the last ten
            for (var i = 1; i <= 10; i++)
            {
                Add(BackupStatus.Success, minutes: i * 2); // 2..20 minutes: average 11
                Add(BackupStatus.Failure, minutes: 500);
                Add(BackupStatus.Success, minutes: 999, name: "Other");
            }

            var trend = RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Success, TimeSpan.FromMinutes(20.35));

            Assert.Equal(TimeSpan.FromMinutes(11), trend.AverageDuration);
            Assert.Equal(85.0, trend.DurationChangePercent!.Value, precision: 6);
            Assert.Equal(BackupStatus.Failure, trend.PreviousStatus);
            Assert.Equal(_oldestFirst[_oldestFirst.Count - 3].When, trend.LastSuccessTime);
        }

        [Fact]
        public void Reading_stops_at_the_tenth_success()
        {
            for (var i = 0; i < 1000; i++) Add(BackupStatus.Success);
            var read = 0;

            RunTrend.Of(NewestFirst().Select(r => { read++; return r; }), "Docs", BackupStatus.Success, null);

            Assert.Equal(10, read);
        }

        [Fact]
        public void Successes_without_times_count_towards_ten_but_not_towards_the_average()
        {
            Add(BackupStatus.Success, minutes: 30);
            _oldestFirst.Add(new RunRecord { BackupName = "Docs", Status = BackupStatus.Success, RecordedAt = Start.AddDays(5) });

            var trend = RunTrend.Of(NewestFirst(), "Docs", BackupStatus.Success, TimeSpan.FromMinutes(15));

            Assert.Equal(TimeSpan.FromMinutes(30), trend.AverageDuration);
            Assert.Equal(-50, trend.DurationChangePercent);
            Assert.Equal(Start.AddDays(5), trend.LastSuccessTime);
        }
    }
}
