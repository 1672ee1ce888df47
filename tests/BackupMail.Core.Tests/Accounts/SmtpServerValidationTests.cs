using System;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Accounts
{
    // Set-BackupMailAccount refuses a server that config.json would refuse, before anything is stored.
    public class SmtpServerValidationTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ConfigStore _store;
        private readonly AccountService _accounts;

        public SmtpServerValidationTests()
        {
            var engine = new BackupMailEngine(_temp.Combine("config"), new InMemoryCredentialSource());
            _store = engine.Store;
            _accounts = engine.Accounts;
        }

        public void Dispose() => _temp.Dispose();

        private BackupMailException Refused(AccountSettings settings)
        {
            string Content() => System.IO.File.Exists(_store.ConfigFilePath) ? System.IO.File.ReadAllText(_store.ConfigFilePath) : null;
            var before = Content();
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _accounts.Set(settings));
                Assert.Equal(before, Content());
                return error;
            }
        }

        [Theory]
        [InlineData("mail.example.com:587", "mail.example.com", "587")]
        [InlineData("192.0.2.25:25", "192.0.2.25", "25")]
        [InlineData("[2001:db8::25]:465", "2001:db8::25", "465")]
        public void Host_with_port_is_refused_saying_to_use_Port(string server, string host, string port)
        {
            var error = Refused(new AccountSettings { SmtpServer = server });

            Assert.Equal("InvalidSmtpServer", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
            Assert.Equal(server, error.Target);
            Assert.Contains("-SmtpServer '" + host + "' -Port " + port, error.Message);
        }

        [Theory]
        [InlineData("mail.example.com\r\nBcc: evil@example.com", "U+000D")]
        [InlineData("mail.example.com\n", "U+000A")]
        [InlineData("mail example.com", "U+0020")]
        [InlineData("mail.example.com\t", "U+0009")]
        [InlineData("smtp://mail.example.com", "'/'")]
        [InlineData("user@mail.example.com", "'@'")]
        [InlineData("-mail.example.com", "hyphen")]
        [InlineData("mail..example.com", "1 to 63")]
        [InlineData("1.2.3.256", "0 to 255")]
        [InlineData("10.1", "0 to 255")]
        [InlineData("fe80::zz", "IPv6")]
        public void A_server_that_is_no_host_name_or_IP_address_is_refused(string server, string reason)
        {
            var error = Refused(new AccountSettings { SmtpServer = server });

            Assert.Equal("InvalidSmtpServer", error.ErrorId);
            Assert.Contains(reason, error.Message);
            Assert.Contains("smtp.example.com", error.Message);
        }

        [Fact]
        public void Length_limits_are_253_characters_and_63_per_part()
        {
            var label63 = new string('a', 63);
            var longest = string.Join(".", label63, label63, label63, new string('b', 61));
            Assert.Equal(253, longest.Length);
            Assert.Equal(longest, _accounts.Set(new AccountSettings { SmtpServer = longest }).SmtpServer);

            Assert.Contains("at most 253", Refused(new AccountSettings { Name = "Long", SmtpServer = longest + "b" }).Message);
            Assert.Contains("at most 253", Refused(new AccountSettings { Name = "Long", SmtpServer = new string('a', 300) }).Message);
            Assert.Contains("1 to 63", Refused(new AccountSettings { Name = "Long", SmtpServer = new string('a', 64) + ".example.com" }).Message);
        }

        [Theory]
        [InlineData("localhost")]
        [InlineData("smtp.office365.com")]
        [InlineData("mail.example.com.")]
        [InlineData("relay_01.corp.local")]
        [InlineData("192.0.2.25")]
        [InlineData("::1")]
        [InlineData("2001:db8::25")]
        [InlineData("smtp.bücher.example")]
        public void Host_names_and_IP_addresses_are_accepted(string server)
        {
            Assert.Equal(server, _accounts.Set(new AccountSettings { SmtpServer = server }).SmtpServer);
        }

        [Fact]
        public void Surrounding_spaces_are_trimmed()
        {
            Assert.Equal("relay.example.com", _accounts.Set(new AccountSettings { SmtpServer = "  relay.example.com  " }).SmtpServer);
        }

        [Theory]
        [InlineData("Name", "InvalidAccountName")]
        [InlineData("Vault", "InvalidAccountSetting")]
        [InlineData("SecretName", "InvalidAccountSetting")]
        public void Line_breaks_in_names_are_refused(string parameter, string errorId)
        {
            var settings = new AccountSettings { SmtpServer = "mail.example.com" };
            typeof(AccountSettings).GetProperty(parameter).SetValue(settings, "Office\nBcc");

            var error = Refused(settings);

            Assert.Equal(errorId, error.ErrorId);
            Assert.Contains("-" + parameter, error.Message);
            Assert.Contains("\"Office\\nBcc\"", error.Message);
        }

        [Fact]
        public void The_timeout_range_is_the_one_config_json_accepts()
        {
            Assert.Equal(1, AccountService.MinTimeoutSeconds);
            Assert.Equal(3600, AccountService.MaxTimeoutSeconds);
            Assert.Equal("InvalidTimeoutSeconds", Refused(new AccountSettings { SmtpServer = "x.example.com", TimeoutSeconds = 3601 }).ErrorId);
            Assert.Equal("InvalidTimeoutSeconds", Refused(new AccountSettings { SmtpServer = "x.example.com", TimeoutSeconds = int.MaxValue }).ErrorId);
        }
    }
}
