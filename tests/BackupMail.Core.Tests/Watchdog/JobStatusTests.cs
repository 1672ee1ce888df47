using System;
using System.Linq;
using BackupMail.Jobs;
using BackupMail.Watchdog;
using Xunit;

namespace BackupMail.Tests.Watchdog
{
    public sealed class JobStatusTests : IDisposable
    {
        private readonly WatchdogTestBed _bed = new WatchdogTestBed();

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void A_job_that_ran_within_its_interval_is_on_time()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromHours(30), BackupStatus.Success);
            var last = _bed.Ran("Nightly", TimeSpan.FromHours(2), BackupStatus.Warning);

            var job = Assert.Single(_bed.Status());

            Assert.Equal(JobState.OnTime, job.State);
            Assert.Equal(_bed.Now - TimeSpan.FromHours(2), job.LastRun);
            Assert.Equal(BackupStatus.Warning, job.LastStatus);
            Assert.Equal(_bed.Now - TimeSpan.FromHours(30), job.LastSuccess);
            Assert.Equal(_bed.Now + TimeSpan.FromHours(22), job.NextDue);
            Assert.False(job.IsOverdue);
            Assert.Null(job.OverdueBy);
            Assert.Equal(last.Sequence, job.LastSequence);
            Assert.Equal("NAS01", job.ComputerName);
            Assert.True(job.HasRule);
        }

        [Fact]
        public void A_job_whose_last_run_is_older_than_its_interval_is_overdue_by_the_difference()
        {
            _bed.Watch("Nightly", TimeSpan.FromHours(26));
            _bed.Ran("Nightly", TimeSpan.FromHours(30), BackupStatus.Failure);

            var job = Assert.Single(_bed.Status());

            Assert.Equal(JobState.Overdue, job.State);
            Assert.True(job.IsOverdue);
            Assert.Equal(TimeSpan.FromHours(4), job.OverdueBy);
            Assert.Equal(_bed.Now - TimeSpan.FromHours(4), job.NextDue);
            Assert.Null(job.LastSuccess);
        }

        [Fact]
        public void A_damaged_watchdog_state_is_handed_back_and_the_jobs_are_still_listed()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Watch("New", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromHours(30), BackupStatus.Success);
            System.IO.File.WriteAllText(_bed.StatePath, "{ not the watchdog's");

            var jobs = JobStatusReader.Read(_bed.Rules, _bed.Journal, _bed.Now, null, watchedOnly: false, out var problem);

            Assert.Equal(ErrorIds.WatchdogStateCorrupt, problem?.ErrorId);
            Assert.Equal(new[] { "New", "Nightly" }, jobs.Select(j => j.BackupName).OrderBy(n => n));
            Assert.True(jobs.Single(j => j.BackupName == "Nightly").IsOverdue);
            Assert.Null(jobs.Single(j => j.BackupName == "New").NextDue);
        }

        [Fact]
        public void The_last_run_is_the_one_recorded_last()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromHours(1), BackupStatus.Success);
            _bed.Ran("Nightly", TimeSpan.FromDays(3), BackupStatus.Failure); // recorded late, with old times

            var job = Assert.Single(_bed.Status());

            Assert.Equal(BackupStatus.Failure, job.LastStatus);
            Assert.True(job.IsOverdue);
        }

        [Fact]
        public void A_job_without_ExpectEvery_is_listed_but_never_overdue()
        {
            _bed.Watch("Weekly", null);
            _bed.Ran("Weekly", TimeSpan.FromDays(90));

            var job = Assert.Single(_bed.Status());

            Assert.Equal(JobState.Unwatched, job.State);
            Assert.Null(job.NextDue);
            Assert.False(job.IsOverdue);
            Assert.NotNull(job.LastRun);
        }

        [Fact]
        public void A_job_known_only_from_the_journal_is_listed_without_a_rule()
        {
            _bed.Ran("Adhoc", TimeSpan.FromDays(2), BackupStatus.Failure);

            var job = Assert.Single(_bed.Status());

            Assert.Equal("Adhoc", job.BackupName);
            Assert.False(job.HasRule);
            Assert.Equal(JobState.Unwatched, job.State);
        }

        [Fact]
        public void A_watched_job_that_never_ran_has_no_due_time_until_the_watchdog_saw_it()
        {
            _bed.Watch("New", TimeSpan.FromDays(1));

            var job = Assert.Single(_bed.Status());

            Assert.Equal(JobState.NeverRun, job.State);
            Assert.Null(job.NextDue);
            Assert.False(job.IsOverdue);
            Assert.Equal(0, job.LastSequence);
        }

        [Fact]
        public void Jobs_are_listed_by_name_and_filtered()
        {
            _bed.Watch("b-job", TimeSpan.FromDays(1));
            _bed.Watch("A-job", null);
            _bed.Ran("c-job", TimeSpan.FromHours(1));
            _bed.Ran("A-JOB", TimeSpan.FromHours(1));

            Assert.Equal(new[] { "A-job", "b-job", "c-job" }, _bed.Status().Select(j => j.BackupName));
            Assert.Equal(new[] { "A-job", "b-job" }, _bed.Status(n => !n.StartsWith("c", StringComparison.Ordinal)).Select(j => j.BackupName));
        }

        [Fact]
        public void Reading_for_watched_jobs_stops_once_each_has_its_last_run_and_success()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            var runs = new[]
            {
                new BackupMail.History.RunRecord { Sequence = 3, BackupName = "Nightly", Status = BackupStatus.Success, EndTime = _bed.Now },
                new BackupMail.History.RunRecord { Sequence = 2, BackupName = "Other", Status = BackupStatus.Success, EndTime = _bed.Now },
            };
            var read = 0;

            var jobs = JobStatusReader.Compute(_bed.Rules, Counted(runs, () => read++).Concat(Throwing()), _bed.Now, watchedOnly: true);

            Assert.Equal("Nightly", Assert.Single(jobs).BackupName);
            Assert.Equal(1, read);
        }

        private static System.Collections.Generic.IEnumerable<BackupMail.History.RunRecord> Counted(BackupMail.History.RunRecord[] runs, Action onEach)
        {
            foreach (var run in runs)
            {
                onEach();
                yield return run;
            }
        }

        private static System.Collections.Generic.IEnumerable<BackupMail.History.RunRecord> Throwing()
        {
            throw new InvalidOperationException("read too far");
#pragma warning disable CS0162
            yield break;
#pragma warning restore CS0162
        }
    }
}
