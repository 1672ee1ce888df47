using System;
using System.Linq;
using BackupMail.Digest;
using BackupMail.Rules;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Digest
{
    /// <summary>Daily and weekly cadence, grouping by recipients, and who gets a digest without -To.</summary>
    public sealed class DigestCadenceTests : IDisposable
    {
        private readonly DigestTestBed _bed = new DigestTestBed();
        private readonly TestSmtpServer _server = TestSmtpServer.Start();

        public DigestCadenceTests() => _bed.Bed.PointAt(_server);

        public void Dispose()
        {
            _server.Dispose();
            _bed.Dispose();
        }

        private static readonly DigestSubscription[] Rules =
        {
            DigestTestBed.Rule("Daily", DigestCadence.Daily),
            DigestTestBed.Rule("Weekly", DigestCadence.Weekly),
            DigestTestBed.Rule("Never", DigestCadence.None),
        };

        private string[] JobsInLastDigest() =>
            DigestTestBed.Text(_server.Messages.Last().Message).Split('\n')
                .Where(l => l.StartsWith("Daily ") || l.StartsWith("Weekly ") || l.StartsWith("Never "))
                .Select(l => l.Split(' ')[0]).ToArray();

        [Fact]
        public void A_weekly_job_is_listed_once_its_previous_digest_is_a_week_old_and_a_daily_one_every_time()
        {
            var start = _bed.Now;
            for (var day = 0; day <= 8; day++)
            {
                _bed.Now = start.AddDays(day);
                _bed.Record("Daily");
                _bed.Record("Weekly");
                _bed.Record("Never");
                Assert.Single(_bed.Send(new DigestRequest(), Rules));
                Assert.DoesNotContain("Never", JobsInLastDigest());
                var weeklyExpected = day == 0 || day == 7;
                Assert.Equal(weeklyExpected ? new[] { "Daily", "Weekly" } : new[] { "Daily" }, JobsInLastDigest());
            }

            // The weekly digest on day 7 lists the seven runs since day 0.
            Assert.Matches(@"\nWeekly\s+Success\s+7\s+0", DigestTestBed.Text(_server.Messages[7].Message));
        }

        [Fact]
        public void A_weekly_digest_an_hour_early_still_counts()
        {
            _bed.Record("Weekly");
            Assert.Single(_bed.Send(new DigestRequest(), Rules));
            _bed.Now = _bed.Now.AddDays(7).AddMinutes(-59);
            _bed.Record("Weekly");

            Assert.Single(_bed.Send(new DigestRequest(), Rules));
            Assert.Equal(new[] { "Weekly" }, JobsInLastDigest());
        }

        [Fact]
        public void Rules_with_the_same_recipients_and_account_share_one_digest()
        {
            _bed.Record("A");
            _bed.Record("B");
            _bed.Record("C");

            var outcomes = _bed.Send(new DigestRequest(),
                DigestTestBed.Rule("A", DigestCadence.Daily, "ops@example.com", "boss@example.com"),
                DigestTestBed.Rule("B", DigestCadence.Weekly, "BOSS@example.com", "ops@example.com"),
                DigestTestBed.Rule("C", DigestCadence.Daily, "ops@example.com"));

            Assert.Equal(2, outcomes.Count);
            Assert.Equal(2, _server.Messages.Count);
            Assert.Contains(_server.Messages, m => m.EnvelopeTo.Count == 2 && m.Message.Subject.Contains("jobs: 2."));
        }

        [Fact]
        public void Without_to_and_without_a_digest_rule_there_is_nobody_to_send_to()
        {
            _bed.Record("Never");

            var error = Assert.Throws<BackupMailException>(() => _bed.Send(new DigestRequest(), DigestTestBed.Rule("Never", DigestCadence.None)));

            Assert.Equal(ErrorIds.DigestRecipientsMissing, error.ErrorId);
            Assert.Contains("-Digest Daily", error.Message);
        }

        [Fact]
        public void With_to_every_job_is_listed_whatever_its_rule_says()
        {
            _bed.Record("Never");
            _bed.Record("Unruled");

            Assert.Single(_bed.Send(new DigestRequest { To = new[] { "me@example.com" } }, Rules));

            var text = DigestTestBed.Text(Assert.Single(_server.Messages).Message);
            Assert.Contains("\nNever ", text);
            Assert.Contains("\nUnruled ", text);
            Assert.Equal("me@example.com", Assert.Single(_server.Messages[0].EnvelopeTo));
        }
    }
}
