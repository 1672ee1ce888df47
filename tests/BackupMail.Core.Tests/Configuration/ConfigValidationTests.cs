using System.IO;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    // Hand-edited values that parse as JSON but cannot be used: each is ConfigurationInvalid, naming the file, the
    // JSON path as it stands in the file, its line, the value and what would be valid; the file is never rewritten.
    public class ConfigValidationTests : System.IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private ConfigStore StoreWithFile(string content)
        {
            var store = new ConfigStore(_temp.Combine("config"));
            Directory.CreateDirectory(store.DirectoryPath);
            File.WriteAllText(store.ConfigFilePath, content);
            return store;
        }

        // One account on line 3 whose property 'name' (line 4) has the JSON value 'value'.
        private static string Account(string name, string value) =>
            "{\n  \"accounts\": [\n    { \"name\": \"Default\", \"smtpServer\": \"mail.example.com\",\n      \"" + name + "\": " + value + " }\n  ]\n}\n";

        private static string Rule(string name, string value) =>
            "{\n  \"rules\": [\n    { \"backupName\": \"Nightly\", \"to\": [ \"a@example.com\" ],\n      \"" + name + "\": " + value + " }\n  ]\n}\n";

        private static string Template(string name, string value) =>
            "{\n  \"templates\": [\n    { \"name\": \"Daily\",\n      \"" + name + "\": " + value + " }\n  ]\n}\n";

        private BackupMailException AssertInvalid(string content, string path, int line, params string[] fragments)
        {
            var store = StoreWithFile(content);
            using (UiCulture.Use("en-US"))
            {
                var onLoad = Assert.Throws<BackupMailException>(() => store.Load());
                var onUpdate = Assert.Throws<BackupMailException>(() => store.Update(c => 0));
                foreach (var error in new[] { onLoad, onUpdate })
                {
                    Assert.Equal("ConfigurationInvalid", error.ErrorId);
                    Assert.Equal(BackupMailErrorKind.InvalidData, error.Kind);
                    Assert.Equal(store.ConfigFilePath, error.Target);
                    Assert.Contains(store.ConfigFilePath, error.Message);
                    Assert.Contains(" at " + path + " (line " + line + ",", error.Message);
                    foreach (var fragment in fragments)
                    {
                        Assert.Contains(fragment, error.Message);
                    }
                }

                Assert.Equal(content, File.ReadAllText(store.ConfigFilePath));
                return onLoad;
            }
        }

        [Theory]
        [InlineData("port", "-25", "-25 is outside the valid range 1 to 65535")]
        [InlineData("port", "0", "0 is outside the valid range 1 to 65535")]
        [InlineData("port", "70000", "70000 is outside the valid range 1 to 65535")]
        [InlineData("port", "25.5", "25.5 is not a whole number in the valid range 1 to 65535")]
        [InlineData("port", "99999999999", "99999999999 is not a whole number in the valid range 1 to 65535")]
        [InlineData("timeoutSeconds", "2147483647", "2147483647 is outside the valid range 1 to 3600")]
        [InlineData("timeoutSeconds", "0", "0 is outside the valid range 1 to 3600")]
        [InlineData("timeoutSeconds", "-1", "-1 is outside the valid range 1 to 3600")]
        public void A_number_out_of_range_is_ConfigurationInvalid_with_path_value_and_range(string property, string value, string reason)
        {
            AssertInvalid(Account(property, value), "$.accounts[0]." + property, 4, reason);
        }

        [Theory]
        [InlineData("security", "\"Sometimes\"", "\"Sometimes\" is not one of the valid values Auto, None, StartTls, StartTlsWhenAvailable, SslOnConnect")]
        [InlineData("security", "42", "42 is not one of the valid values Auto, None")]
        [InlineData("provider", "\"Hotmail\"", "\"Hotmail\" is not one of the valid values Custom, Gmail, ICloud, Yahoo, Outlook")]
        [InlineData("provider", "-1", "-1 is not one of the valid values Custom")]
        public void An_unknown_enumeration_value_is_ConfigurationInvalid_listing_the_valid_ones(string property, string value, string reason)
        {
            AssertInvalid(Account(property, value), "$.accounts[0]." + property, 4, reason);
        }

        [Fact]
        public void An_empty_host_is_ConfigurationInvalid()
        {
            AssertInvalid("{ \"accounts\": [ { \"smtpServer\": \"\" } ] }", "$.accounts[0].smtpServer", 1, "\"\" is not a host name or IP address: it is empty");
        }

        [Fact]
        public void A_300_character_host_is_ConfigurationInvalid_and_the_message_shows_only_its_start()
        {
            var host = new string('a', 300);
            var error = AssertInvalid(
                "{ \"accounts\": [ { \"smtpServer\": \"" + host + "\" } ] }", "$.accounts[0].smtpServer", 1, "300 characters", "at most 253", "(300 characters)");
            Assert.DoesNotContain(host, error.Message);
        }

        [Theory]
        [InlineData("mail.example.com:587", "it includes a port (:587)")]
        [InlineData("mail example.com", "U+0020")]
        [InlineData("mail.example.com\\r\\nBcc: x", "\\r\\n|U+000D")]
        [InlineData("-mail.example.com", "begins or ends with a hyphen")]
        [InlineData("mail..example.com", "each part between dots has 1 to 63")]
        [InlineData("999.1.1.1", "four numbers from 0 to 255")]
        [InlineData("2001:db8::zz", "is not an IPv6 address")]
        public void A_host_that_is_no_host_name_or_IP_address_is_ConfigurationInvalid(string host, string fragments)
        {
            AssertInvalid("{\n \"accounts\": [\n { \"smtpServer\": \"" + host + "\" } ] }", "$.accounts[0].smtpServer", 3, fragments.Split('|'));
        }

        [Fact]
        public void An_account_without_a_host_is_ConfigurationInvalid_at_the_account()
        {
            AssertInvalid("{\n  \"accounts\": [\n    { \"name\": \"Office\", \"port\": 25 }\n  ]\n}", "$.accounts[0].smtpServer", 3, "missing");
        }

        [Theory]
        [InlineData("from", "\"not an address\"", "\"not an address\" is not a valid e-mail address")]
        [InlineData("from", "\"\"", "\"\" is not a valid e-mail address")]
        [InlineData("certificateThumbprint", "\"ABC\"", "\"ABC\" is not a certificate thumbprint (valid: 40 hexadecimal digits for SHA-1 or 64 for SHA-256)")]
        [InlineData("name", "\"  \"", "\"  \" is not valid here")]
        [InlineData("name", "null", "missing")]
        [InlineData("name", "\"Off\\nice\"", "\"Off\\nice\" is not valid here")]
        [InlineData("userName", "\"\"", "\"\" is not valid here")]
        [InlineData("vault", "\"Secret\\u0000Store\"", "\"Secret\\u0000Store\" is not valid here")]
        [InlineData("secretName", "\" \"", "\" \" is not valid here")]
        public void Other_account_values_are_checked_too(string property, string value, string reason)
        {
            AssertInvalid(Account(property, value), "$.accounts[0]." + property, 4, reason);
        }

        [Theory]
        [InlineData("mode", "\"OnSuccess\"", "\"OnSuccess\" is not one of the valid values Never, Always, OnFailure, OnWarning")]
        [InlineData("mode", "9", "9 is not one of the valid values")]
        [InlineData("backupName", "\"\"", "\"\" is empty")]
        [InlineData("account", "\" \"", "\" \" is empty")]
        [InlineData("template", "\"\"", "\"\" is empty")]
        [InlineData("digest", "\"Hourly\"", "\"Hourly\" is not one of the valid values None, Daily, Weekly")]
        [InlineData("expectEvery", "\"banana\"", "'banana' is not a duration between one minute and 366 days")]
        [InlineData("expectEvery", "\"00:00:30\"", "'00:00:30' is not a duration between one minute and 366 days")]
        [InlineData("expectEvery", "\"400.00:00:00\"", "'400.00:00:00' is not a duration")]
        [InlineData("pingUrl", "\"ftp://hc-ping.example.org/x\"", "'ftp://hc-ping.example.org/x' is not an absolute http or https URL")]
        [InlineData("pingUrl", "\"hc-ping.example.org/x\"", "is not an absolute http or https URL")]
        public void Rule_values_are_checked(string property, string value, string reason)
        {
            AssertInvalid(Rule(property, value), "$.rules[0]." + property, 4, reason);
        }

        [Theory]
        [InlineData("0", "0 is outside the valid range 1 to 3660")]
        [InlineData("100000", "100000 is outside the valid range 1 to 3660")]
        [InlineData("1.5", "1.5 is not a whole number in the valid range 1 to 3660")]
        public void The_journal_retention_is_checked(string value, string reason)
        {
            AssertInvalid("{\n  \"journal\": {\n    \"retentionDays\": " + value + " }\n}\n", "$.journal.retentionDays", 3, reason);
        }

        [Fact]
        public void A_bad_rule_recipient_is_named_by_its_index()
        {
            AssertInvalid(
                "{\n  \"rules\": [\n    { \"backupName\": \"Nightly\" },\n    { \"backupName\": \"Docs\",\n      \"to\": [ \"a@example.com\", \"admin at example.com\" ] }\n  ]\n}",
                "$.rules[1].to[1]",
                5,
                "\"admin at example.com\" is not a valid e-mail address");
        }

        [Fact]
        public void A_rule_without_a_backup_name_is_ConfigurationInvalid()
        {
            AssertInvalid("{ \"rules\": [ { \"to\": [ \"a@example.com\" ] } ] }", "$.rules[0].backupName", 1, "missing");
        }

        [Theory]
        [InlineData("bodyFormat", "\"Markdown\"", "\"Markdown\" is not one of the valid values Text, Html")]
        [InlineData("bodyFormat", "5", "5 is not one of the valid values Text, Html")]
        [InlineData("name", "\"Daily\\r\"", "\"Daily\\r\" is not valid here")]
        public void Template_values_are_checked(string property, string value, string reason)
        {
            AssertInvalid(Template(property, value), "$.templates[0]." + property, 4, reason);
        }

        [Fact]
        public void The_path_is_written_as_the_file_writes_it_and_the_index_counts_null_entries()
        {
            AssertInvalid(
                "{\n  \"ACCOUNTS\": [\n    null,\n    { \"SmtpServer\": \"mail.example.com\", \"PORT\": 0 }\n  ]\n}",
                "$.ACCOUNTS[1].PORT",
                4,
                "0 is outside the valid range 1 to 65535");
        }

        [Fact]
        public void The_message_is_German_under_a_German_UI_culture()
        {
            var store = StoreWithFile(Account("port", "70000"));
            using (UiCulture.Use("de-DE"))
            {
                var error = Assert.Throws<BackupMailException>(() => store.Load());
                Assert.Equal("ConfigurationInvalid", error.ErrorId);
                Assert.Contains("70000 liegt außerhalb des gültigen Bereichs 1 bis 65535", error.Message);
                Assert.Contains("Zeile 4", error.Message);
            }
        }

        [Fact]
        public void Everything_the_services_store_is_read_back_without_complaint()
        {
            var store = new ConfigStore(_temp.Combine("config"));
            var accounts = new AccountService(store, new BackupMail.Tests.Accounts.InMemoryCredentialSource(), null);
            accounts.Set(new AccountSettings { Name = "Büro", SmtpServer = "smtp.bücher.example", Port = 65535, Security = MailSecurity.SslOnConnect, From = "\"Backup, Büro\" <backup@example.com>", TimeoutSeconds = 3600, CertificateThumbprint = new string('a', 40) });
            accounts.Set(new AccountSettings { Name = "V6", SmtpServer = "2001:db8::25", Port = 1, TimeoutSeconds = 1 });
            accounts.Set(new AccountSettings { Name = "V4", SmtpServer = "192.0.2.25", Credential = new System.Net.NetworkCredential("user@example.com", "pw"), Vault = "Store" });
            accounts.Set(new AccountSettings { Name = "Fqdn", SmtpServer = "relay_1.corp.example.", Provider = null });
            new RuleService(store).Set(new NotificationRule { BackupName = "Never", Mode = NotificationMode.Never });
            new RuleService(store).Set(new NotificationRule { BackupName = "Docs", Mode = NotificationMode.OnWarning, To = new[] { "a@example.com; \"Admin, B\" <b@example.com>" }, Account = "V4", Template = "Daily" });
            new TemplateService(store, System.Globalization.CultureInfo.GetCultureInfo("en-US")).Set("Daily", "##BackupName##", "<b>##Status##</b>", BodyFormat.Html);

            var config = new ConfigStore(store.DirectoryPath).Load();

            Assert.Equal(4, config.Accounts.Count);
            Assert.Equal(2, config.Rules.Count);
            Assert.Single(config.Templates);
        }

        [Theory]
        [InlineData("authorityHost", "\"http://login.example\"", "$.accounts[0].authorityHost", "does not use https")]
        [InlineData("graphEndpoint", "\"not a uri\"", "$.accounts[0].graphEndpoint", "not an absolute address")]
        [InlineData("transport", "\"Pigeon\"", "$.accounts[0].transport", "Smtp, Graph")]
        [InlineData("authentication", "\"Kerberos\"", "$.accounts[0].authentication", "Password, OAuthApp, OAuthUser")]
        public void A_hand_edited_oauth_value_that_cannot_work_is_ConfigurationInvalid(string property, string value, string path, string reason)
        {
            AssertInvalid(Account(property, value), path, 4, reason);
        }

        [Fact]
        public void A_hand_edited_oauth_account_without_tls_or_without_its_client_is_ConfigurationInvalid()
        {
            var withoutTls = "{\n  \"accounts\": [\n    { \"name\": \"M\", \"smtpServer\": \"smtp.office365.com\", \"from\": \"a@b.example\",\n      \"security\": \"None\", " +
                "\"authentication\": \"OAuthApp\", \"tenantId\": \"t.example\", \"clientId\": \"c\", \"clientCredential\": \"Secret\", \"secretName\": \"s\", \"tokenSecretName\": \"t\" }\n  ]\n}\n";
            AssertInvalid(withoutTls, "$.accounts[0].security", 4, "never sends its token over a connection without TLS");

            var withoutClient = "{\n  \"accounts\": [\n    { \"name\": \"M\", \"smtpServer\": \"smtp.office365.com\",\n      \"authentication\": \"OAuthApp\", \"tenantId\": \"t.example\" }\n  ]\n}\n";
            AssertInvalid(withoutClient, "$.accounts[0].clientId", 3);
        }
    }
}
