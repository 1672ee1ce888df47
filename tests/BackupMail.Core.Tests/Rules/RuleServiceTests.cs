using System;
using System.IO;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Rules
{
    public class RuleServiceTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ConfigStore _store;
        private readonly RuleService _rules;

        public RuleServiceTests()
        {
            _store = new ConfigStore(_temp.Combine("config"));
            _rules = new RuleService(_store);
        }

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Recipients_separated_by_semicolons_and_commas_are_stored_one_by_one()
        {
            var stored = _rules.Set(new NotificationRule { BackupName = "Nightly", Mode = NotificationMode.OnFailure, To = new[] { "a@x.org; b@y.org,c@z.org" } });

            Assert.Equal(new[] { "a@x.org", "b@y.org", "c@z.org" }, stored.To);
            var loaded = new RuleService(new ConfigStore(_store.DirectoryPath)).Find("nightly");
            Assert.Equal(new[] { "a@x.org", "b@y.org", "c@z.org" }, loaded.To);
            Assert.Equal(NotificationMode.OnFailure, loaded.Mode);
        }

        [Fact]
        public void An_array_is_accepted_and_duplicates_removed()
        {
            var stored = _rules.Set(new NotificationRule { BackupName = "Nightly", To = new[] { "a@x.org", "B@y.org", "A@X.org", " b@y.org " } });

            Assert.Equal(new[] { "a@x.org", "B@y.org" }, stored.To);
        }

        [Fact]
        public void Every_setting_round_trips()
        {
            _rules.Set(new NotificationRule { BackupName = " Weekly ", Mode = NotificationMode.OnWarning, To = new[] { "ops@example.com" }, Account = "Office", Template = " Short ", AttachLog = true });

            var rule = _rules.Find("WEEKLY");
            Assert.Equal("Weekly", rule.BackupName);
            Assert.Equal(NotificationMode.OnWarning, rule.Mode);
            Assert.Equal("Office", rule.Account);
            Assert.Equal("Short", rule.Template);
            Assert.True(rule.AttachLog);
        }

        [Fact]
        public void Setting_the_same_backup_again_replaces_the_rule()
        {
            _rules.Set(new NotificationRule { BackupName = "Nightly", To = new[] { "a@x.org" }, AttachLog = true });
            _rules.Set(new NotificationRule { BackupName = "NIGHTLY", Mode = NotificationMode.Never, To = new[] { "b@y.org" } });

            var rule = Assert.Single(_rules.GetAll());
            Assert.Equal("NIGHTLY", rule.BackupName);
            Assert.Equal(NotificationMode.Never, rule.Mode);
            Assert.Equal(new[] { "b@y.org" }, rule.To);
            Assert.False(rule.AttachLog);
        }

        [Fact]
        public void An_invalid_address_is_named_and_nothing_is_saved()
        {
            _rules.Set(new NotificationRule { BackupName = "Nightly", To = new[] { "a@x.org" } });
            var before = File.ReadAllBytes(_store.ConfigFilePath);

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _rules.Set(new NotificationRule { BackupName = "Nightly", To = new[] { "a@x.org, ops(at)example.com" } }));

                Assert.Equal("InvalidMailAddress", error.ErrorId);
                Assert.Equal("ops(at)example.com", error.Target);
                Assert.Contains("'ops(at)example.com'", error.Message);
            }

            Assert.Equal(before, File.ReadAllBytes(_store.ConfigFilePath));
        }

        [Fact]
        public void A_rule_needs_recipients_unless_it_never_sends()
        {
            Assert.Equal("NoRecipients", Assert.Throws<BackupMailException>(() => _rules.Set(new NotificationRule { BackupName = "A", To = new[] { " ; " } })).ErrorId);
            Assert.Equal("NoRecipients", Assert.Throws<BackupMailException>(() => _rules.Set(new NotificationRule { BackupName = "A", To = null })).ErrorId);

            var silent = _rules.Set(new NotificationRule { BackupName = "A", Mode = NotificationMode.Never, To = null });
            Assert.Empty(silent.To);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void A_rule_needs_a_backup_name(string name)
        {
            var error = Assert.Throws<BackupMailException>(() => _rules.Set(new NotificationRule { BackupName = name, To = new[] { "a@x.org" } }));

            Assert.Equal("BackupNameRequired", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
        }

        [Fact]
        public void GetAll_lists_by_name_and_Find_gives_null_for_an_unknown_job()
        {
            _rules.Set(new NotificationRule { BackupName = "b", To = new[] { "a@x.org" } });
            _rules.Set(new NotificationRule { BackupName = "A", To = new[] { "a@x.org" } });

            Assert.Equal(new[] { "A", "b" }, _rules.GetAll().Select(r => r.BackupName));
            Assert.Null(_rules.Find("c"));
            Assert.Null(_rules.Find(null));
        }

        [Fact]
        public void Remove_deletes_only_that_rule()
        {
            _rules.Set(new NotificationRule { BackupName = "Keep", To = new[] { "a@x.org" } });
            _rules.Set(new NotificationRule { BackupName = "Drop", To = new[] { "a@x.org" } });

            _rules.Remove("drop");

            Assert.Equal(new[] { "Keep" }, _rules.GetAll().Select(r => r.BackupName));
        }

        [Fact]
        public void Removing_a_missing_rule_is_RuleNotFound_and_writes_nothing()
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _rules.Remove("Nightly"));

                Assert.Equal("RuleNotFound", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.ObjectNotFound, error.Kind);
                Assert.Equal("Nightly", error.Target);
                Assert.Contains("'Nightly'", error.Message);
                Assert.Contains("Get-BackupNotificationRule", error.Message);
            }

            Assert.False(Directory.Exists(_store.DirectoryPath));
        }
    }
}
