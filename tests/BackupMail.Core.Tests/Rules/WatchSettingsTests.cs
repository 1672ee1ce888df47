using System;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Rules
{
    /// <summary>The watchdog, digest and ping settings of a rule, and the journal's settings: what is stored and what is refused.</summary>
    public sealed class WatchSettingsTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ConfigStore _store;
        private readonly RuleService _rules;

        public WatchSettingsTests()
        {
            _store = new ConfigStore(_temp.Combine("config"));
            _rules = new RuleService(_store);
        }

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void A_new_rule_has_no_digest_no_watchdog_no_ping_and_notifies_recovery()
        {
            var rule = _rules.Set(new RuleSettings { BackupName = "Nightly", To = new[] { "ops@example.com" } });

            Assert.Equal(DigestCadence.None, rule.Digest);
            Assert.Null(rule.ExpectEvery);
            Assert.Null(rule.PingUrl);
            Assert.True(rule.NotifyOnRecovery);
        }

        [Fact]
        public void Zero_stops_watching_and_an_empty_url_removes_the_ping()
        {
            _rules.Set(new RuleSettings { BackupName = "Nightly", To = new[] { "ops@example.com" }, ExpectEvery = TimeSpan.FromHours(26), PingUrl = " https://hc-ping.example.org/abc?x=1 " });
            Assert.Equal(TimeSpan.FromHours(26), _rules.Find("Nightly").ExpectEvery);
            Assert.Equal("https://hc-ping.example.org/abc?x=1", _rules.Find("Nightly").PingUrl);

            var rule = _rules.Set(new RuleSettings { BackupName = "nightly", ExpectEvery = TimeSpan.Zero, PingUrl = "" });

            Assert.Null(rule.ExpectEvery);
            Assert.Null(rule.PingUrl);
            Assert.Null(new RuleService(new ConfigStore(_store.DirectoryPath)).Find("Nightly").ExpectEvery);
        }

        [Theory]
        [InlineData(-1.0)]
        [InlineData(0.5)]
        [InlineData(367 * 24 * 60.0)]
        public void An_interval_outside_a_minute_to_366_days_is_refused_and_nothing_is_saved(double minutes)
        {
            _rules.Set(new RuleSettings { BackupName = "Nightly", To = new[] { "ops@example.com" }, ExpectEvery = TimeSpan.FromDays(1) });

            var error = Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Nightly", ExpectEvery = TimeSpan.FromMinutes(minutes) }));

            Assert.Equal(ErrorIds.InvalidExpectEvery, error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("26:00:00", error.Message);
            Assert.Equal(TimeSpan.FromDays(1), _rules.Find("Nightly").ExpectEvery);
        }

        [Theory]
        [InlineData("ftp://hc-ping.example.org/abc")]
        [InlineData("hc-ping.example.org/abc")]
        [InlineData("file:///etc/passwd")]
        [InlineData("https://")]
        public void A_ping_url_that_is_not_absolute_http_is_refused(string url)
        {
            var error = Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Nightly", To = new[] { "ops@example.com" }, PingUrl = url }));

            Assert.Equal(ErrorIds.InvalidPingUrl, error.ErrorId);
            Assert.Contains("https://hc-ping.com/<uuid>", error.Message);
            Assert.Null(_rules.Find("Nightly"));
        }

        [Theory]
        [InlineData("26:00:00", 26 * 60)]
        [InlineData("26:00", 26 * 60)]
        [InlineData("1.02:00:00", 26 * 60)]
        [InlineData("PT26H", 26 * 60)]
        [InlineData(" 00:30:00 ", 30)]
        [InlineData("168:00:00", 7 * 24 * 60)]
        [InlineData("7.00:00:00", 7 * 24 * 60)]
        public void An_interval_is_read_as_an_administrator_writes_it(string text, int minutes)
        {
            Assert.Equal(TimeSpan.FromMinutes(minutes), WatchValues.ParseInterval(text));
        }

        [Theory]
        [InlineData("banana")]
        [InlineData("26:61")]
        [InlineData("26:00:99")]
        [InlineData("")]
        [InlineData("P")]
        public void Text_that_is_no_interval_is_null(string text)
        {
            Assert.Null(WatchValues.ParseInterval(text));
        }

        [Fact]
        public void A_hand_edited_interval_in_config_json_is_read_the_same_way()
        {
            System.IO.Directory.CreateDirectory(_store.DirectoryPath);
            System.IO.File.WriteAllText(_store.ConfigFilePath,
                "{ \"rules\": [ { \"backupName\": \"Nightly\", \"to\": [ \"ops@example.com\" ], \"expectEvery\": \"26:00:00\" } ] }");

            Assert.Equal(TimeSpan.FromHours(26), _rules.Find("Nightly").ExpectEvery);
        }

        [Fact]
        public void A_rule_in_a_digest_needs_recipients_even_in_mode_Never()
        {
            var error = Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Quiet", Mode = NotificationMode.Never, Digest = DigestCadence.Daily }));

            Assert.Equal(ErrorIds.NoRecipients, error.ErrorId);
            Assert.Contains("-Digest None", error.Message);
            Assert.Equal(DigestCadence.None, _rules.Set(new RuleSettings { BackupName = "Quiet", Mode = NotificationMode.Never }).Digest);
        }

        [Fact]
        public void The_journal_settings_change_only_what_is_given_and_keep_their_range()
        {
            var journal = new JournalSettingsService(_store);
            Assert.True(journal.Get().Enabled);
            Assert.Equal(400, journal.Get().RetentionDays);

            journal.Set(enabled: null, retentionDays: 30);
            var saved = new JournalSettingsService(new ConfigStore(_store.DirectoryPath)).Set(enabled: false, retentionDays: null);

            Assert.False(saved.Enabled);
            Assert.Equal(30, saved.RetentionDays);
            foreach (var days in new[] { 0, 3661, -5 })
            {
                Assert.Equal(ErrorIds.InvalidRetentionDays, Assert.Throws<BackupMailException>(() => journal.Set(null, days)).ErrorId);
            }

            Assert.Equal(30, journal.Get().RetentionDays);
        }
    }
}
