using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    /// <summary>
    /// Every property that config.json stores survives a write and a read. The values are found by reflection, each
    /// different from the property's default, so a property added to an account, template or rule but forgotten by the
    /// writer or the reader fails here without anyone remembering to extend the test.
    /// </summary>
    public class ConfigRoundTripTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        // Values that the validator constrains (hosts, addresses, thumbprints, https endpoints); every other property
        // gets a value derived from its type. A new property the validator constrains goes here.
        private static readonly Dictionary<string, object> ValidValues = new Dictionary<string, object>
        {
            ["MailAccount.SmtpServer"] = "smtp.round-trip.example.net",
            ["MailAccount.From"] = "Round Trip <round-trip@example.org>",
            ["MailAccount.CertificateThumbprint"] = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
            ["MailAccount.ClientCertificateThumbprint"] = "FEDCBA9876543210FEDCBA9876543210FEDCBA98",
            ["MailAccount.AuthorityHost"] = "https://login.round-trip.example.net",
            ["MailAccount.GraphEndpoint"] = "https://graph.round-trip.example.net",
            ["MailAccount.TokenEndpoint"] = "https://token.round-trip.example.net/oauth2/token",
            ["NotificationRule.To"] = new[] { "first@round-trip.example.org", "Second <second@round-trip.example.org>" },
            ["NotificationRule.Cc"] = new[] { "copy@round-trip.example.org", "Copy Two <copy2@round-trip.example.org>" },
            ["NotificationRule.Bcc"] = new[] { "blind@round-trip.example.org" },
            ["NotificationRule.ReplyTo"] = new[] { "Help Desk <helpdesk@round-trip.example.org>" },
            ["NotificationRule.ExpectEvery"] = new TimeSpan(1, 2, 3, 0),
            ["NotificationRule.PingUrl"] = "https://hc-ping.round-trip.example.org/0f5e6a1c-1d2b-4c3d-9e8f-7a6b5c4d3e2f?create=1",
            ["JournalSettings.RetentionDays"] = 30,
        };

        // The stored settings: public properties with a public getter and setter. Computed ones (HasCredential,
        // UsesOAuth, SecretLocations...) have no setter and are not stored.
        private static PropertyInfo[] StoredProperties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.CanWrite && p.GetSetMethod() != null && p.GetIndexParameters().Length == 0)
                .ToArray();

        private static object NonDefaultValue(Type owner, PropertyInfo property, object defaultValue)
        {
            if (ValidValues.TryGetValue(owner.Name + "." + property.Name, out var known))
            {
                return known;
            }

            var type = property.PropertyType;
            if (type == typeof(string))
            {
                return owner.Name + "." + property.Name + " value ä€";
            }

            if (type == typeof(bool))
            {
                return !(bool)defaultValue;
            }

            if (type == typeof(int))
            {
                return (int)defaultValue + 7;
            }

            if (type.IsEnum)
            {
                // The last defined value that is not the default (an OAuth account over Graph with TLS, for example).
                return Enum.GetValues(type).Cast<object>().Last(v => !v.Equals(defaultValue));
            }

            if (type == typeof(string[]))
            {
                return new[] { property.Name + " one", property.Name + " two" };
            }

            throw new InvalidOperationException(
                "The round-trip test has no non-default value for " + owner.Name + "." + property.Name + " of type " + type +
                ": add one (a valid one, if the validator checks it) to ValidValues.");
        }

        private static T Filled<T>(out Dictionary<PropertyInfo, object> values)
            where T : new()
        {
            var fresh = new T();
            var item = new T();
            values = new Dictionary<PropertyInfo, object>();
            foreach (var property in StoredProperties(typeof(T)))
            {
                var defaultValue = property.GetValue(fresh);
                var value = NonDefaultValue(typeof(T), property, defaultValue);
                Assert.False(Same(value, defaultValue), typeof(T).Name + "." + property.Name + " must get a value other than its default");
                // Reflection does not apply implicit conversions: a list of addresses is made a RecipientList here.
                if (property.PropertyType == typeof(RecipientList) && value is string[] addresses)
                {
                    value = new RecipientList(addresses);
                }

                property.SetValue(item, value);
                values[property] = value;
            }

            return item;
        }

        private static bool Same(object a, object b) =>
            a is IEnumerable first && !(a is string) && b is IEnumerable second && !(b is string)
                ? first.Cast<object>().SequenceEqual(second.Cast<object>())
                : Equals(a, b);

        private static string Show(object value) =>
            value is IEnumerable items && !(value is string)
                ? "[" + string.Join(", ", items.Cast<object>()) + "]"
                : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";

        private static void AssertKept<T>(T loaded, Dictionary<PropertyInfo, object> values)
        {
            var lost = values
                .Where(v => !Same(v.Key.GetValue(loaded), v.Value))
                .Select(v => typeof(T).Name + "." + v.Key.Name + ": wrote " + Show(v.Value) + ", read " + Show(v.Key.GetValue(loaded)))
                .ToList();
            Assert.True(lost.Count == 0, "Lost in the round trip through config.json:\n" + string.Join("\n", lost));
        }

        [Fact]
        public void Every_stored_property_of_accounts_templates_and_rules_survives_a_round_trip_with_a_value_other_than_its_default()
        {
            var account = Filled<MailAccount>(out var accountValues);
            var template = Filled<MailTemplate>(out var templateValues);
            var rule = Filled<NotificationRule>(out var ruleValues);
            var journal = Filled<JournalSettings>(out var journalValues);
            // The reflection found the settings: a broken filter would make this test pass on nothing.
            Assert.True(accountValues.Count >= 25, "MailAccount: only " + accountValues.Count + " stored properties found");
            Assert.True(templateValues.Count >= 5, "MailTemplate: only " + templateValues.Count + " stored properties found");
            Assert.True(ruleValues.Count >= 10, "NotificationRule: only " + ruleValues.Count + " stored properties found");

            var directory = _temp.Combine("config");
            new ConfigStore(directory).Update(config =>
            {
                config.Accounts.Add(account);
                config.Templates.Add(template);
                config.Rules.Add(rule);
                config.Journal = journal;
                return 0;
            });

            var loaded = new ConfigStore(directory).Load();

            AssertKept(Assert.Single(loaded.Accounts), accountValues);
            AssertKept(Assert.Single(loaded.Templates), templateValues);
            AssertKept(Assert.Single(loaded.Rules), ruleValues);
            AssertKept(loaded.Journal, journalValues);
        }

        [Fact]
        public void The_config_types_are_the_ones_the_round_trip_covers()
        {
            // A new list in config.json (a new kind of setting) needs its own round trip above.
            var lists = StoredProperties(typeof(BackupMailConfig))
                .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(List<>))
                .Select(p => p.PropertyType.GetGenericArguments()[0])
                .OrderBy(t => t.Name)
                .ToArray();

            Assert.Equal(new[] { typeof(MailAccount), typeof(MailTemplate), typeof(NotificationRule) }, lists);

            // And a new settings object beside the lists needs one too.
            var objects = StoredProperties(typeof(BackupMailConfig))
                .Where(p => p.PropertyType.IsClass && !p.PropertyType.IsGenericType)
                .Select(p => p.PropertyType)
                .ToArray();
            Assert.Equal(new[] { typeof(JournalSettings) }, objects);
        }
    }
}
