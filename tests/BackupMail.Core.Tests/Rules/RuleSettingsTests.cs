using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Rules
{
    /// <summary>
    /// <see cref="RuleService.Set(RuleSettings)"/> changes only what it is given. The rule's properties are enumerated by
    /// reflection: a property added to <see cref="NotificationRule"/> later fails these tests until it has a setting and
    /// survives a call that does not name it.
    /// </summary>
    public class RuleSettingsTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ConfigStore _store;
        private readonly RuleService _rules;

        public RuleSettingsTests()
        {
            _store = new ConfigStore(_temp.Combine("config"));
            _rules = new RuleService(_store);
        }

        public void Dispose() => _temp.Dispose();

        // Every public property of a rule but its key.
        private static IEnumerable<PropertyInfo> RuleProperties() =>
            typeof(NotificationRule).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.Name != nameof(NotificationRule.BackupName));

        public static IEnumerable<object[]> SettingNames() =>
            RuleProperties().Select(p => new object[] { p.Name });

        [Fact]
        public void Every_rule_property_has_a_setting_of_the_same_type()
        {
            foreach (var property in RuleProperties())
            {
                var setting = typeof(RuleSettings).GetProperty(property.Name);
                Assert.True(setting != null, "RuleSettings has no property for NotificationRule." + property.Name + ": Set-BackupNotificationRule could not change it.");
                var type = Nullable.GetUnderlyingType(setting.PropertyType) ?? setting.PropertyType;
                Assert.Equal(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, type);
                Assert.True(!setting.PropertyType.IsValueType || Nullable.GetUnderlyingType(setting.PropertyType) != null,
                    "RuleSettings." + property.Name + " must be nullable: null means 'not given'.");
            }

            // And nothing on the settings that a rule does not store.
            foreach (var setting in typeof(RuleSettings).GetProperties())
            {
                Assert.NotNull(typeof(NotificationRule).GetProperty(setting.Name));
            }
        }

        [Fact]
        public void A_call_that_names_nothing_but_the_backup_keeps_every_property()
        {
            var before = StoreFullRule();

            var after = _rules.Set(new RuleSettings { BackupName = "documents" });

            AssertSame(before, after, except: null);
            AssertSame(before, _rules.Find("Documents"), except: null);
            Assert.Equal("Documents", after.BackupName);
        }

        [Theory]
        [MemberData(nameof(SettingNames))]
        public void A_call_that_names_one_property_changes_it_and_keeps_every_other(string name)
        {
            var before = StoreFullRule();
            var setting = typeof(RuleSettings).GetProperty(name);
            var changed = ValueFor(typeof(NotificationRule).GetProperty(name), 2);
            var settings = new RuleSettings { BackupName = "DOCUMENTS" };
            setting.SetValue(settings, changed);

            var after = _rules.Set(settings);
            var loaded = new RuleService(new ConfigStore(_store.DirectoryPath)).Find("documents");

            foreach (var rule in new[] { after, loaded })
            {
                AssertEqualValue(name, changed, typeof(NotificationRule).GetProperty(name).GetValue(rule));
                AssertSame(before, rule, except: name);
            }
        }

        [Fact]
        public void The_reported_case_mode_To_alone_keeps_the_template_and_the_mode()
        {
            _rules.Set(new RuleSettings { BackupName = "Documents", Mode = NotificationMode.OnFailure, To = new[] { "old@example.com" }, Template = "Report" });

            var rule = _rules.Set(new RuleSettings { BackupName = "Documents", To = new[] { "ops@example.com" } });

            Assert.Equal(NotificationMode.OnFailure, rule.Mode);
            Assert.Equal("Report", rule.Template);
            Assert.Equal(new[] { "ops@example.com" }, rule.To);

            rule = _rules.Set(new RuleSettings { BackupName = "Documents", Template = "Short" });
            Assert.Equal(new[] { "ops@example.com" }, rule.To);
            Assert.Equal("Short", rule.Template);
        }

        [Fact]
        public void A_new_rule_takes_the_defaults()
        {
            var rule = _rules.Set(new RuleSettings { BackupName = " Nightly ", To = new[] { "a@x.org; b@y.org" } });

            Assert.Equal("Nightly", rule.BackupName);
            Assert.Equal(NotificationMode.Always, rule.Mode);
            Assert.Equal(new[] { "a@x.org", "b@y.org" }, rule.To);
            Assert.Null(rule.Account);
            Assert.Null(rule.Template);
            Assert.False(rule.AttachLog);
        }

        [Fact]
        public void A_new_rule_without_recipients_is_NoRecipients_naming_the_job_and_writes_nothing()
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Documents", Template = "Report" }));

                Assert.Equal("NoRecipients", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
                Assert.Equal("Documents", error.Target);
                Assert.Contains("'Documents'", error.Message);
                Assert.Contains("-To", error.Message);
            }

            Assert.Empty(_rules.GetAll());
            var silent = _rules.Set(new RuleSettings { BackupName = "Documents", Mode = NotificationMode.Never });
            Assert.Empty(silent.To);
        }

        [Fact]
        public void An_existing_rule_that_would_lose_its_recipients_is_refused_and_kept()
        {
            _rules.Set(new RuleSettings { BackupName = "Silent", Mode = NotificationMode.Never });
            var before = File.ReadAllBytes(_store.ConfigFilePath);

            Assert.Equal("NoRecipients", Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Silent", Mode = NotificationMode.OnFailure })).ErrorId);
            _rules.Set(new RuleSettings { BackupName = "Loud", To = new[] { "a@x.org" } });
            Assert.Equal("NoRecipients", Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Loud", To = new[] { " " } })).ErrorId);

            Assert.Equal(NotificationMode.Never, _rules.Find("Silent").Mode);
            Assert.Equal(new[] { "a@x.org" }, _rules.Find("Loud").To);
            Assert.NotEqual(before, File.ReadAllBytes(_store.ConfigFilePath)); // Loud was added
        }

        [Fact]
        public void An_empty_account_or_template_goes_back_to_Default()
        {
            _rules.Set(new RuleSettings { BackupName = "A", To = new[] { "a@x.org" }, Account = "Office", Template = "Report" });

            var rule = _rules.Set(new RuleSettings { BackupName = "A", Account = "", Template = " " });

            Assert.Null(rule.Account);
            Assert.Null(rule.Template);
        }

        [Fact]
        public void An_invalid_address_changes_nothing()
        {
            var before = StoreFullRule();
            var bytes = File.ReadAllBytes(_store.ConfigFilePath);

            Assert.Equal("InvalidMailAddress", Assert.Throws<BackupMailException>(() => _rules.Set(new RuleSettings { BackupName = "Documents", To = new[] { "broken" }, Mode = NotificationMode.Never })).ErrorId);

            Assert.Equal(bytes, File.ReadAllBytes(_store.ConfigFilePath));
            AssertSame(before, _rules.Find("Documents"), except: null);
        }

        // A rule whose every property holds a value that is not its default.
        private NotificationRule StoreFullRule()
        {
            var rule = new NotificationRule { BackupName = "Documents" };
            foreach (var property in RuleProperties())
            {
                property.SetValue(rule, ValueFor(property, 1));
            }

            var stored = _rules.Set(rule);
            foreach (var property in RuleProperties())
            {
                Assert.True(!Equals(property.GetValue(stored), Default(property.PropertyType)), "The test gives NotificationRule." + property.Name + " its default value.");
            }

            return stored;
        }

        // A value of the type, different for each variant and from the type's default (of NotificationRule's, too).
        private static object ValueFor(PropertyInfo property, int variant)
        {
            // Values the rule service checks beyond their type.
            if (property.Name == nameof(NotificationRule.PingUrl)) return "https://hc-ping.example.org/check-" + variant;
            return ValueFor(property.PropertyType, variant);
        }

        private static object ValueFor(Type type, int variant)
        {
            if (type == typeof(string)) return "Value" + variant;
            if (type == typeof(string[])) return new[] { "someone" + variant + "@example.com", "other" + variant + "@example.com" };
            if (type == typeof(RecipientList)) return new RecipientList(new[] { "someone" + variant + "@example.com", "other" + variant + "@example.com" });
            if (type == typeof(bool)) return variant == 1;
            if (type.IsEnum)
            {
                var values = Enum.GetValues(type);
                return values.GetValue(values.Length - variant); // the last ones: never the first, the usual default
            }

            if (type == typeof(int)) return 10 + variant;
            if (type == typeof(TimeSpan)) return TimeSpan.FromHours(variant + 1);
            if (type == typeof(TimeSpan?)) return TimeSpan.FromHours(variant + 1);
            if (type == typeof(int?)) return 10 + variant;
            if (type == typeof(bool?)) return variant == 1;
            throw new NotSupportedException("RuleSettingsTests does not know how to make a value of " + type + ": teach ValueFor.");
        }

        private static object Default(Type type)
        {
            var rule = new NotificationRule();
            var property = RuleProperties().First(p => p.PropertyType == type);
            var value = property.GetValue(rule);
            return value is System.Collections.ICollection list && list.Count == 0 ? null : value;
        }

        private static void AssertSame(NotificationRule expected, NotificationRule actual, string except)
        {
            Assert.NotNull(actual);
            foreach (var property in RuleProperties().Where(p => p.Name != except))
            {
                AssertEqualValue(property.Name, property.GetValue(expected), property.GetValue(actual));
            }
        }

        private static void AssertEqualValue(string name, object expected, object actual)
        {
            if (expected is IEnumerable left && !(expected is string))
            {
                Assert.True(actual is IEnumerable, name + " is not a list");
                Assert.True(left.Cast<object>().SequenceEqual(((IEnumerable)actual).Cast<object>()), name + " changed: " + Show(expected) + " became " + Show(actual));
                return;
            }

            Assert.True(Equals(expected, actual), name + " changed: " + Show(expected) + " became " + Show(actual));
        }

        private static string Show(object value) =>
            value is IEnumerable list && !(value is string) ? "[" + string.Join(", ", list.Cast<object>()) + "]" : value?.ToString() ?? "null";
    }
}
