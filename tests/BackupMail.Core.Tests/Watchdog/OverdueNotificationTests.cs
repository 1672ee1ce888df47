using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BackupMail.Jobs;
using BackupMail.Watchdog;
using Xunit;

namespace BackupMail.Tests.Watchdog
{
    /// <summary>Issue 14 §4: one notice per job that became overdue (not one per check), one when it runs again.</summary>
    public sealed class OverdueNotificationTests : IDisposable
    {
        private readonly WatchdogTestBed _bed = new WatchdogTestBed();

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void An_overdue_job_is_notified_once_over_many_checks_and_once_when_it_runs_again()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1), "ops@example.com");
            _bed.Ran("Nightly", TimeSpan.FromHours(30), BackupStatus.Success);

            var first = _bed.Check();
            for (var hour = 1; hour <= 5; hour++)
            {
                _bed.Now += TimeSpan.FromHours(1);
                Assert.Empty(_bed.Check());
            }

            var overdue = Assert.Single(first);
            Assert.Equal(DeliveryAction.Sent, overdue.Action);
            Assert.Equal(BackupStatus.Failure, overdue.Status);
            Assert.Equal("Nightly", overdue.BackupName);
            var mail = Assert.Single(_bed.Transport.Sent);
            Assert.Equal("[Overdue] Backup 'Nightly' has not run for 30 h 00 min 00 s", mail.Subject);
            Assert.Equal("ops@example.com", mail.To);
            Assert.Contains("expected to run every 24 h 00 min 00 s", mail.Body);
            Assert.Contains("Overdue by:    6 h 00 min 00 s", mail.Body);
            Assert.Contains("NAS01", mail.Body);

            _bed.Ran("Nightly", TimeSpan.FromMinutes(5), BackupStatus.Warning);
            var again = _bed.Check();
            _bed.Now += TimeSpan.FromHours(1);
            Assert.Empty(_bed.Check());

            var ranAgain = Assert.Single(again);
            Assert.Equal(BackupStatus.Warning, ranAgain.Status);
            Assert.Equal(2, _bed.Transport.Sent.Count);
            Assert.Equal("[Running again] Backup 'Nightly' ran again: Warning", _bed.Transport.Sent[1].Subject);
        }

        [Fact]
        public void A_job_that_goes_silent_again_is_notified_again_for_its_new_last_run()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromDays(2));
            _bed.Check();
            _bed.Ran("Nightly", TimeSpan.Zero);
            _bed.Check();

            _bed.Now += TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
            var results = _bed.Check();
            _bed.Now += TimeSpan.FromHours(1);
            _bed.Check();

            Assert.Single(results);
            Assert.Equal(new[] { "[Overdue]", "[Running again]", "[Overdue]" }, _bed.Transport.Sent.Select(m => m.Subject.Substring(0, m.Subject.IndexOf(']') + 1)));
        }

        [Fact]
        public void A_job_on_time_gets_nothing()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Watch("Unwatched", null);
            _bed.Ran("Nightly", TimeSpan.FromHours(3));
            _bed.Ran("Unwatched", TimeSpan.FromDays(100));

            Assert.Empty(_bed.Check());
            Assert.Empty(_bed.Transport.Sent);
            Assert.Contains(_bed.Output.Verbose, line => line.Contains("'Nightly' is on time"));
        }

        [Fact]
        public void A_job_that_never_ran_is_overdue_one_interval_after_the_first_check_saw_it()
        {
            _bed.Watch("New", TimeSpan.FromHours(6));

            Assert.Empty(_bed.Check());
            Assert.Equal(_bed.Now + TimeSpan.FromHours(6), Assert.Single(_bed.Status()).NextDue);
            _bed.Now += TimeSpan.FromHours(5);
            Assert.Empty(_bed.Check());
            _bed.Now += TimeSpan.FromHours(2);
            var overdue = _bed.Check();
            _bed.Now += TimeSpan.FromHours(1);
            Assert.Empty(_bed.Check());

            Assert.Single(overdue);
            var mail = Assert.Single(_bed.Transport.Sent);
            Assert.Contains("no run of it has been recorded since the watchdog started watching it", mail.Body);

            _bed.Ran("New", TimeSpan.Zero);
            Assert.Single(_bed.Check());
            Assert.StartsWith("[Running again]", _bed.Transport.Sent.Last().Subject);
            Assert.Null(WatchdogState.Load(_bed.StatePath).FirstSeenOf("New"));
        }

        [Fact]
        public void A_notice_that_waits_in_the_outbox_counts_as_given()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromDays(2));
            _bed.Transport.Failure = new BackupMailException("SmtpConnectFailed", BackupMailErrorKind.ConnectionError, "Down.") { IsTransient = true };

            var queued = Assert.Single(_bed.Check());
            _bed.Now += TimeSpan.FromHours(1);
            var later = _bed.Check();

            Assert.Equal(DeliveryAction.Queued, queued.Action);
            Assert.Equal("[Overdue] Backup 'Nightly' has not run for 48 h 00 min 00 s", Assert.Single(_bed.Outbox.List()).Subject);
            Assert.Empty(later);
        }

        [Fact]
        public void A_notice_refused_for_good_is_tried_again_at_the_next_check()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromDays(2));
            _bed.Transport.Failure = new BackupMailException("SmtpRecipientRejected", BackupMailErrorKind.InvalidArgument, "No such user.") { Recovery = ErrorRecovery.Never };

            Assert.Throws<BackupMailException>(() => _bed.Check());
            _bed.Transport.Failure = null;
            var retried = _bed.Check();

            Assert.Equal(DeliveryAction.Sent, Assert.Single(retried).Action);
        }

        [Fact]
        public void A_rule_without_recipients_is_an_error_naming_the_job()
        {
            var rule = _bed.Watch("Silent", TimeSpan.FromDays(1));
            rule.To = Array.Empty<string>();
            _bed.Ran("Silent", TimeSpan.FromDays(2));

            var error = Assert.Throws<BackupMailException>(() => _bed.Check());

            Assert.Equal(ErrorIds.NoRecipients, error.ErrorId);
            Assert.Contains("'Silent'", error.Message);
        }

        [Fact]
        public void To_and_the_filter_of_the_call_apply()
        {
            _bed.Watch("A", TimeSpan.FromDays(1));
            _bed.Watch("B", TimeSpan.FromDays(1));
            _bed.Ran("A", TimeSpan.FromDays(2));
            _bed.Ran("B", TimeSpan.FromDays(2));

            var results = _bed.Check(new WatchdogOptions { Include = n => n == "B", To = new[] { "night-shift@example.com" } });

            Assert.Equal("B", Assert.Single(results).BackupName);
            Assert.Equal("night-shift@example.com", Assert.Single(_bed.Transport.Sent).To);
            Assert.Equal("A", Assert.Single(_bed.Check()).BackupName);
        }

        [Fact]
        public void Notices_are_in_German_for_a_German_culture()
        {
            _bed.Watch("Nächtlich", TimeSpan.FromDays(1));
            _bed.Ran("Nächtlich", TimeSpan.FromDays(2));

            _bed.Check(new WatchdogOptions { Culture = CultureInfo.GetCultureInfo("de-DE") });

            var mail = Assert.Single(_bed.Transport.Sent);
            Assert.StartsWith("[Überfällig] Sicherung 'Nächtlich' ist seit", mail.Subject);
            Assert.Contains("Letzter Lauf:", mail.Body);
        }

        [Fact]
        public void What_if_decides_without_recording_anything()
        {
            _bed.Watch("New", TimeSpan.FromDays(1));
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromDays(2));

            using (var check = _bed.Open())
            {
                Assert.Equal(WatchdogNoticeKind.Overdue, Assert.Single(check.Notices).Kind);
            }

            Assert.False(File.Exists(_bed.StatePath));
            Assert.Single(_bed.Check());
        }

        [Fact]
        public void A_job_no_longer_watched_is_forgotten()
        {
            var rule = _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromDays(2));
            _bed.Check();
            Assert.True(WatchdogState.Load(_bed.StatePath).Jobs.ContainsKey("Nightly"));

            rule.ExpectEvery = null;
            _bed.Check();

            Assert.Empty(WatchdogState.Load(_bed.StatePath).Jobs);
        }

        [Theory]
        [InlineData("not json at all")]
        [InlineData("[1,2,3]")]
        [InlineData("{\"version\": 99, \"jobs\": {}}")]
        [InlineData("{\"version\": 1, \"jobs\": {\"A\": {\"overdueSequence\": \"x\"}}}")]
        [InlineData("{\"version\": 1, \"jobs\": {\"A\": {\"firstSeen\": \"yesterday\"}}}")]
        [InlineData("{\"version\": 1, \"jobs\": {\"A\": 5}}")]
        public void A_damaged_state_file_is_a_clear_error_and_changes_nothing(string content)
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            _bed.Ran("Nightly", TimeSpan.FromDays(2));
            File.WriteAllText(_bed.StatePath, content);

            var error = Assert.Throws<BackupMailException>(() => _bed.Check());

            Assert.Equal(ErrorIds.WatchdogStateCorrupt, error.ErrorId);
            Assert.Equal(_bed.StatePath, error.Target);
            Assert.Contains("Delete it", error.Message);
            Assert.Empty(_bed.Transport.Sent);
            Assert.Equal(content, File.ReadAllText(_bed.StatePath));
        }

        [Fact]
        public void A_second_check_waits_for_the_first_and_gives_up_with_WatchdogBusy()
        {
            _bed.Watch("Nightly", TimeSpan.FromDays(1));
            using (_bed.Open())
            {
                var error = Assert.Throws<BackupMailException>(() => _bed.Open(new WatchdogOptions { LockTimeout = TimeSpan.FromMilliseconds(200) }));

                Assert.Equal(ErrorIds.WatchdogBusy, error.ErrorId);
                Assert.True(error.IsTransient);
            }

            using (_bed.Open())
            {
            }
        }

        [Fact]
        public void The_state_file_round_trips()
        {
            var state = new WatchdogState();
            state.For("A").FirstSeen = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1));
            state.For("B").OverdueSequence = 42;
            state.For("B").OverdueNotifiedAt = new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero);
            state.For("Empty");
            Directory.CreateDirectory(Path.GetDirectoryName(_bed.StatePath));

            state.Save(_bed.StatePath);
            var read = WatchdogState.Load(_bed.StatePath);

            Assert.Equal(new[] { "A", "B" }, read.Jobs.Keys.OrderBy(k => k));
            Assert.Equal(state.For("A").FirstSeen, read.FirstSeenOf("a"));
            Assert.Equal(42, read.Jobs["B"].OverdueSequence);
            Assert.Equal(state.For("B").OverdueNotifiedAt, read.Jobs["B"].OverdueNotifiedAt);
        }
    }
}
