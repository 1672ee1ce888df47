using BackupMail.Tests.Support;
using System;
using System.IO;
using System.Linq;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Accounts
{
    public class AccountServiceTests : IDisposable
    {
        private const string Password = "S3cret-Pa55word!";

        private readonly TempDirectory _temp = new TempDirectory();
        private readonly InMemoryCredentialSource _vault = new InMemoryCredentialSource();
        private readonly RecordingOutputWriter _output = new RecordingOutputWriter();
        private readonly ConfigStore _store;
        private readonly AccountService _accounts;

        public AccountServiceTests()
        {
            var engine = new BackupMailEngine(_temp.Combine("config"), _vault, _output);
            _store = engine.Store;
            _accounts = engine.Accounts;
        }

        public void Dispose() => _temp.Dispose();

        private string ConfigText => File.Exists(_store.ConfigFilePath) ? File.ReadAllText(_store.ConfigFilePath) : string.Empty;

        [Fact]
        public void A_new_account_without_credential_is_an_anonymous_relay_with_defaults()
        {
            var account = _accounts.Set(new AccountSettings { SmtpServer = " relay.example.com ", From = "backup@example.com" });

            Assert.Equal("Default", account.Name);
            Assert.Equal("relay.example.com", account.SmtpServer);
            Assert.Equal(25, account.Port);
            Assert.Equal(MailSecurity.Auto, account.Security);
            Assert.Equal(MailProvider.Custom, account.Provider);
            Assert.Equal(30, account.TimeoutSeconds);
            Assert.False(account.HasCredential);
            Assert.Null(account.UserName);
            Assert.Null(account.SecretName);
            Assert.Null(_accounts.GetCredential(_accounts.Find(null)));
            Assert.Equal(0, _vault.SetCalls);

            var stored = Assert.Single(new ConfigStore(_store.DirectoryPath).Load().Accounts);
            Assert.Equal("relay.example.com", stored.SmtpServer);
        }

        [Theory]
        [InlineData(MailSecurity.StartTls, 587)]
        [InlineData(MailSecurity.SslOnConnect, 465)]
        [InlineData(MailSecurity.None, 25)]
        [InlineData(MailSecurity.StartTlsWhenAvailable, 25)]
        [InlineData(MailSecurity.Auto, 25)]
        public void The_default_port_follows_the_security(MailSecurity security, int port)
        {
            Assert.Equal(port, _accounts.Set(new AccountSettings { SmtpServer = "mail.example.com", Security = security }).Port);
        }

        [Fact]
        public void An_explicit_port_wins_and_changing_the_security_later_moves_the_port()
        {
            Assert.Equal(2525, _accounts.Set(new AccountSettings { SmtpServer = "mail.example.com", Security = MailSecurity.StartTls, Port = 2525 }).Port);
            Assert.Equal(2525, _accounts.Set(new AccountSettings { TimeoutSeconds = 10 }).Port); // kept
            Assert.Equal(465, _accounts.Set(new AccountSettings { Security = MailSecurity.SslOnConnect }).Port);
        }

        [Theory]
        [InlineData(MailProvider.Gmail, "smtp.gmail.com", 587, MailSecurity.StartTls)]
        [InlineData(MailProvider.ICloud, "smtp.mail.me.com", 587, MailSecurity.StartTls)]
        [InlineData(MailProvider.Yahoo, "smtp.mail.yahoo.com", 465, MailSecurity.SslOnConnect)]
        [InlineData(MailProvider.Outlook, "smtp-mail.outlook.com", 587, MailSecurity.StartTls)]
        [InlineData(MailProvider.Microsoft365, "smtp.office365.com", 587, MailSecurity.StartTls)]
        public void A_provider_preset_fills_server_port_and_security(MailProvider provider, string server, int port, MailSecurity security)
        {
            // Outlook.com and Microsoft 365 sign in with OAuth: they need an application (and Microsoft 365 its secret).
            var account = _accounts.Set(new AccountSettings
            {
                Name = "P",
                Provider = provider,
                From = "backup@contoso.example",
                ClientId = provider == MailProvider.Outlook || provider == MailProvider.Microsoft365 ? "00000000-0000-0000-0000-00000000000a" : null,
                TenantId = provider == MailProvider.Microsoft365 ? "contoso.onmicrosoft.com" : null,
                ClientSecret = provider == MailProvider.Microsoft365 ? Secure("app-secret") : null,
            });

            Assert.Equal(provider, account.Provider);
            Assert.Equal(server, account.SmtpServer);
            Assert.Equal(port, account.Port);
            Assert.Equal(security, account.Security);
        }

        [Fact]
        public void What_is_given_beats_the_preset()
        {
            var sslOnConnect = _accounts.Set(new AccountSettings { Name = "A", Provider = MailProvider.Gmail, Security = MailSecurity.SslOnConnect });
            Assert.Equal(("smtp.gmail.com", 465, MailSecurity.SslOnConnect), (sslOnConnect.SmtpServer, sslOnConnect.Port, sslOnConnect.Security));

            var port465 = _accounts.Set(new AccountSettings { Name = "B", Provider = MailProvider.Gmail, Port = 465 });
            Assert.Equal((465, MailSecurity.Auto), (port465.Port, port465.Security)); // Auto means implicit TLS on 465

            var ownServer = _accounts.Set(new AccountSettings
            {
                Name = "C", Provider = MailProvider.Outlook, SmtpServer = "smtp.office365.com", From = "me@outlook.example", ClientId = "00000000-0000-0000-0000-00000000000a",
            });
            Assert.Equal(("smtp.office365.com", 587, MailProvider.Outlook, MailAuthentication.OAuthUser), (ownServer.SmtpServer, ownServer.Port, ownServer.Provider, ownServer.Authentication));
        }

        [Fact]
        public void The_provider_is_detected_from_the_server_name()
        {
            var account = _accounts.Set(new AccountSettings { SmtpServer = "smtp.gmail.com" });

            Assert.Equal(MailProvider.Gmail, account.Provider);
            Assert.Equal(587, account.Port);
            Assert.Equal(MailSecurity.StartTls, account.Security);

            // Moving the account to another server makes it a custom one again.
            var moved = _accounts.Set(new AccountSettings { SmtpServer = "mail.example.com" });
            Assert.Equal(MailProvider.Custom, moved.Provider);
        }

        [Fact]
        public void Updating_keeps_every_value_that_is_not_given()
        {
            _accounts.Set(new AccountSettings
            {
                Name = "Office",
                SmtpServer = "mail.example.com",
                Port = 2525,
                Security = MailSecurity.StartTls,
                From = "Backup <backup@example.com>",
                Credential = new NetworkCredential("backup@example.com", Password),
                Vault = "Store",
                SkipCertificateValidation = false,
                CertificateThumbprint = new string('a', 64),
                TimeoutSeconds = 45,
            });

            var updated = _accounts.Set(new AccountSettings { Name = "OFFICE", TimeoutSeconds = 60 });

            Assert.Equal("Office", updated.Name); // the stored spelling stays
            Assert.Equal("mail.example.com", updated.SmtpServer);
            Assert.Equal(2525, updated.Port);
            Assert.Equal(MailSecurity.StartTls, updated.Security);
            Assert.Contains("backup@example.com", updated.From);
            Assert.Equal("backup@example.com", updated.UserName);
            Assert.Equal("Store", updated.Vault);
            Assert.Equal("BackupMail-Office", updated.SecretName);
            Assert.Equal(new string('A', 64), updated.CertificateThumbprint);
            Assert.Equal(60, updated.TimeoutSeconds);
            Assert.Equal(1, _vault.SetCalls); // the password was not touched
            Assert.Single(_accounts.GetAll());
        }

        [Fact]
        public void The_credential_goes_to_the_vault_and_only_its_names_to_the_config()
        {
            var account = _accounts.Set(new AccountSettings
            {
                Name = "Office",
                SmtpServer = "mail.example.com",
                Credential = new NetworkCredential("  backup@example.com ", Password),
            });

            Assert.Equal("backup@example.com", account.UserName);
            Assert.Null(account.Vault);
            Assert.Equal("BackupMail-Office", account.SecretName);
            Assert.True(account.HasCredential);
            Assert.Equal("backup@example.com", account.From); // the user name, as no -From was given
            Assert.True(_vault.TryPeek(null, "BackupMail-Office", out var stored));
            Assert.Equal(Password, stored.Password);

            var credential = _accounts.GetCredential(_accounts.Find("office"));
            Assert.Equal("backup@example.com", credential.UserName);
            Assert.Equal(Password, credential.Password);

            Assert.DoesNotContain(Password, ConfigText);
            Assert.Contains("\"secretName\": \"BackupMail-Office\"", ConfigText);
            Assert.DoesNotContain(_output.All, m => m.Contains(Password));
        }

        [Fact]
        public void Vault_and_secret_name_can_be_chosen()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "x.example.com", Credential = new NetworkCredential("u", Password), Vault = "Team", SecretName = "smtp-relay" });

            Assert.True(_vault.TryPeek("Team", "smtp-relay", out _));
            var account = _accounts.Find("Default");
            Assert.Equal(("Team", "smtp-relay"), (account.Vault, account.SecretName));
            Assert.Equal(Password, _accounts.GetCredential(account).Password);
        }

        [Fact]
        public void A_vault_that_refuses_leaves_the_configuration_untouched()
        {
            _vault.Failure = new BackupMailException("SecretVaultLocked", BackupMailErrorKind.ResourceUnavailable, "The vault is locked.") { Recovery = ErrorRecovery.Administrator };

            var error = Assert.Throws<BackupMailException>(() =>
                _accounts.Set(new AccountSettings { SmtpServer = "x.example.com", Credential = new NetworkCredential("u", Password) }));

            Assert.Equal("SecretVaultLocked", error.ErrorId);
            Assert.False(File.Exists(_store.ConfigFilePath));
        }

        [Theory]
        [InlineData(MailProvider.Gmail)]
        [InlineData(MailProvider.Yahoo)]
        public void An_app_password_typed_in_four_groups_is_stored_without_spaces(MailProvider provider)
        {
            _accounts.Set(new AccountSettings { Provider = provider, Credential = new NetworkCredential("me@example.com", "abcd efgh ijkl mnop") });

            Assert.True(_vault.TryPeek(null, "BackupMail-Default", out var stored));
            Assert.Equal("abcdefghijklmnop", stored.Password);
            Assert.Empty(_output.Warnings);
        }

        [Fact]
        public void An_app_password_is_normalized_when_the_provider_is_known_only_from_the_server()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "smtp.gmail.com", Credential = new NetworkCredential("me@gmail.com", "abcd\u00A0efgh ijkl\tmnop ") });

            Assert.True(_vault.TryPeek(null, "BackupMail-Default", out var stored));
            Assert.Equal("abcdefghijklmnop", stored.Password);
        }

        [Fact]
        public void An_app_password_of_15_letters_gives_a_warning_without_the_password()
        {
            using (UiCulture.Use("en-US"))
            {
                _accounts.Set(new AccountSettings { Name = "Mail", Provider = MailProvider.Gmail, Credential = new NetworkCredential("me@gmail.com", "abcd efgh ijkl mno") });
            }

            var warning = Assert.Single(_output.Warnings);
            Assert.Contains("Gmail", warning);
            Assert.Contains("16 letters", warning);
            Assert.Contains("Set-BackupMailAccount -Name Mail -Credential (Get-Credential)", warning);
            foreach (var fragment in new[] { "abcd efgh ijkl mno", "abcdefghijklmno", "ijkl" })
            {
                Assert.DoesNotContain(fragment, string.Join("\n", _output.All));
            }

            Assert.True(_vault.TryPeek(null, "BackupMail-Mail", out var stored));
            Assert.Equal("abcdefghijklmno", stored.Password); // stored anyway: the warning only advises
        }

        [Fact]
        public void Apple_shows_app_passwords_with_hyphens_and_those_are_kept_as_typed()
        {
            _accounts.Set(new AccountSettings { Provider = MailProvider.ICloud, Credential = new NetworkCredential("me@icloud.com", "abcd-efgh-ijkl-mnop") });

            Assert.True(_vault.TryPeek(null, "BackupMail-Default", out var stored));
            Assert.Equal("abcd-efgh-ijkl-mnop", stored.Password);
            Assert.Empty(_output.Warnings);
        }

        [Fact]
        public void Other_providers_keep_spaces_in_passwords()
        {
            _accounts.Set(new AccountSettings { Provider = MailProvider.Outlook, Credential = new NetworkCredential("me@outlook.com", "correct horse battery") });

            Assert.True(_vault.TryPeek(null, "BackupMail-Default", out var stored));
            Assert.Equal("correct horse battery", stored.Password);
            Assert.Empty(_output.Warnings);
        }

        [Theory]
        [InlineData("me@icloud.com")]
        [InlineData("me@ME.com")]
        [InlineData("me@mac.com")]
        public void ICloud_accepts_Apple_addresses(string userName)
        {
            var account = _accounts.Set(new AccountSettings { Provider = MailProvider.ICloud, Credential = new NetworkCredential(userName, "abcdefghijklmnop") });

            Assert.Equal(userName, account.UserName);
        }

        [Theory]
        [InlineData("me@gmail.com")]
        [InlineData("me")]
        [InlineData("me@icloud.com.evil.example")]
        public void ICloud_refuses_other_user_names_and_saves_nothing(string userName)
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() =>
                    _accounts.Set(new AccountSettings { Provider = MailProvider.ICloud, Credential = new NetworkCredential(userName, "abcdefghijklmnop") }));

                Assert.Equal("InvalidProviderUserName", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
                Assert.Equal(userName, error.Target);
                Assert.Contains("'" + userName + "'", error.Message);
                Assert.Contains("icloud.com, me.com or mac.com", error.Message);
            }

            Assert.Equal(0, _vault.SetCalls);
            Assert.False(File.Exists(_store.ConfigFilePath));
        }

        [Fact]
        public void Switching_an_account_to_ICloud_checks_the_stored_user_name()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "mail.example.com", Credential = new NetworkCredential("me@example.com", Password) });

            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { Provider = MailProvider.ICloud }));
            Assert.Equal("InvalidProviderUserName", error.ErrorId);
        }

        [Fact]
        public void A_thumbprint_is_stored_normalized_and_an_empty_one_removes_the_pin()
        {
            var pinned = _accounts.Set(new AccountSettings { SmtpServer = "x.example.com", CertificateThumbprint = "a9:09:50:2d:d8:2a:e4:14:33:e6:f8:38:86:b0:0d:42:77:a3:2a:7b" });
            Assert.Equal("A909502DD82AE41433E6F83886B00D4277A32A7B", pinned.CertificateThumbprint);

            var unpinned = _accounts.Set(new AccountSettings { CertificateThumbprint = "" });
            Assert.Null(unpinned.CertificateThumbprint);
            Assert.Null(_accounts.Find("Default").CertificateThumbprint);
        }

        [Fact]
        public void An_invalid_thumbprint_is_refused_and_nothing_changes()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "x.example.com" });
            var before = ConfigText;

            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { CertificateThumbprint = "12:34" }));

            Assert.Equal("InvalidCertificateThumbprint", error.ErrorId);
            Assert.Equal(before, ConfigText);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-5)]
        [InlineData(3601)]
        public void TimeoutSeconds_outside_1_to_3600_is_refused(int seconds)
        {
            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { SmtpServer = "x", TimeoutSeconds = seconds }));

            Assert.Equal("InvalidTimeoutSeconds", error.ErrorId);
            Assert.Contains(seconds.ToString(), error.Message);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3600)]
        public void TimeoutSeconds_at_the_bounds_is_accepted(int seconds)
        {
            Assert.Equal(seconds, _accounts.Set(new AccountSettings { SmtpServer = "x", TimeoutSeconds = seconds }).TimeoutSeconds);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(65536)]
        public void A_port_outside_1_to_65535_is_refused(int port)
        {
            Assert.Equal("InvalidPort", Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { SmtpServer = "x", Port = port })).ErrorId);
        }

        [Fact]
        public void A_new_account_needs_a_server()
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { Name = "Nightly", From = "a@example.com" }));

                Assert.Equal("SmtpServerRequired", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
                Assert.Contains("-SmtpServer", error.Message);
                Assert.Contains("'Nightly'", error.Message);
            }
        }

        [Fact]
        public void An_invalid_sender_is_refused()
        {
            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { SmtpServer = "x", From = "backup at example.com" }));

            Assert.Equal("InvalidMailAddress", error.ErrorId);
            Assert.Equal("backup at example.com", error.Target);
        }

        [Fact]
        public void A_credential_without_user_name_is_refused()
        {
            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { SmtpServer = "x", Credential = new NetworkCredential("", Password) }));

            Assert.Equal("CredentialUserNameRequired", error.ErrorId);
            Assert.DoesNotContain(Password, error.Message);
        }

        [Fact]
        public void SkipCertificateValidation_warns_when_it_is_saved()
        {
            using (UiCulture.Use("en-US"))
            {
                var account = _accounts.Set(new AccountSettings { Name = "Lab", SmtpServer = "x", SkipCertificateValidation = true });

                Assert.True(account.SkipCertificateValidation);
            }

            var warning = Assert.Single(_output.Warnings);
            Assert.Contains("'Lab'", warning);
            Assert.Contains("-CertificateThumbprint", warning);
        }

        [Fact]
        public void Several_named_accounts_are_listed_by_name()
        {
            _accounts.Set(new AccountSettings { Name = "zeta", SmtpServer = "z" });
            _accounts.Set(new AccountSettings { Name = "Alpha", SmtpServer = "a" });
            _accounts.Set(new AccountSettings { SmtpServer = "d" });

            Assert.Equal(new[] { "Alpha", "Default", "zeta" }, _accounts.GetAll().Select(a => a.Name));
            Assert.Equal("a", _accounts.Find("alpha").SmtpServer);
        }

        [Fact]
        public void Find_of_a_missing_account_says_how_to_create_it()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "x" });

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _accounts.Find("Backup2"));

                Assert.Equal("AccountNotFound", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.ObjectNotFound, error.Kind);
                Assert.Equal("Backup2", error.Target);
                Assert.Contains("Set-BackupMailAccount -Name Backup2 -SmtpServer", error.Message);
            }
        }

        [Fact]
        public void Remove_deletes_the_account_and_its_secret()
        {
            _accounts.Set(new AccountSettings { Name = "Office", SmtpServer = "x", Credential = new NetworkCredential("u", Password) });
            _accounts.Set(new AccountSettings { Name = "Other", SmtpServer = "y" });

            _accounts.Remove("office");

            Assert.Equal(new[] { "Other" }, _accounts.GetAll().Select(a => a.Name));
            Assert.Empty(_vault.Keys);
            Assert.Equal("AccountNotFound", Assert.Throws<BackupMailException>(() => _accounts.Remove("Office")).ErrorId);
        }

        [Fact]
        public void Remove_keeps_a_secret_that_another_account_still_uses()
        {
            _accounts.Set(new AccountSettings { Name = "A", SmtpServer = "x", Credential = new NetworkCredential("u", Password), SecretName = "shared" });
            _accounts.Set(new AccountSettings { Name = "B", SmtpServer = "x", SecretName = "shared" }); // refers to the existing secret

            _accounts.Remove("A");

            Assert.True(_vault.TryPeek(null, "shared", out _));
            Assert.Equal(Password, _accounts.GetCredential(_accounts.Find("B")).Password);
        }

        [Fact]
        public void An_empty_secret_name_turns_the_account_into_an_anonymous_relay()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "x", Credential = new NetworkCredential("u", Password) });

            var account = _accounts.Set(new AccountSettings { SecretName = "" });

            Assert.False(account.HasCredential);
            Assert.Null(account.UserName);
            Assert.Null(_accounts.GetCredential(account));
            Assert.Empty(_vault.Keys);
        }

        [Fact]
        public void A_missing_secret_after_moving_computers_says_exactly_what_to_run()
        {
            _accounts.Set(new AccountSettings { Name = "Office", SmtpServer = "x", Credential = new NetworkCredential("u", Password), Vault = "SecretStore" });
            _vault.Clear();

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => _accounts.GetCredential(_accounts.Find("Office")));

                Assert.Equal("SecretNotFound", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.ObjectNotFound, error.Kind);
                Assert.Contains("'Office'", error.Message);
                Assert.Contains("vault 'SecretStore'", error.Message);
                Assert.Contains("'BackupMail-Office'", error.Message);
                Assert.Contains("new computer", error.Message);
                Assert.Contains("Set-BackupMailAccount -Name Office -Credential (Get-Credential)", error.Message);
                Assert.IsType<BackupMailException>(error.InnerException);
            }
        }

        [Fact]
        public void A_missing_secret_in_the_default_vault_says_so_in_German_too()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "x", Credential = new NetworkCredential("u", Password) });
            _vault.Clear();

            using (UiCulture.Use("de-DE"))
            {
                var error = Assert.Throws<BackupMailException>(() => _accounts.GetCredential(_accounts.Find(null)));

                Assert.Contains("der Standardtresor", error.Message);
                Assert.Contains("Set-BackupMailAccount -Name Default -Credential (Get-Credential)", error.Message);
            }
        }

        [Fact]
        public void Other_vault_errors_pass_through_unchanged()
        {
            _accounts.Set(new AccountSettings { SmtpServer = "x", Credential = new NetworkCredential("u", Password) });
            var locked = new BackupMailException("SecretVaultLocked", BackupMailErrorKind.ResourceUnavailable, "locked") { Recovery = ErrorRecovery.Administrator };
            _vault.Failure = locked;

            Assert.Same(locked, Assert.Throws<BackupMailException>(() => _accounts.GetCredential(_accounts.Find(null))));
        }

        [Fact]
        public void Nothing_written_anywhere_contains_the_password()
        {
            _accounts.Set(new AccountSettings { Name = "A", Provider = MailProvider.Gmail, Credential = new NetworkCredential("me@gmail.com", Password), SkipCertificateValidation = true });
            _accounts.Set(new AccountSettings { Name = "B", SmtpServer = "x", Credential = new NetworkCredential("u", Password) });
            _accounts.GetAll();
            _vault.Clear();
            var error = Assert.Throws<BackupMailException>(() => _accounts.GetCredential(_accounts.Find("B")));

            Assert.NotEmpty(_output.Warnings);
            Assert.DoesNotContain(_output.All, m => m.Contains(Password));
            Assert.DoesNotContain(Password, error.Message);
            foreach (var file in Directory.GetFiles(_store.DirectoryPath))
            {
                Assert.DoesNotContain(Password, File.ReadAllText(file));
            }
        }

        [Fact]
        public void Security_None_with_a_credential_needs_AllowInsecureAuthentication_and_nothing_is_stored_without_it()
        {
            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings
            {
                Name = "Relay", SmtpServer = "relay.example.com", Security = MailSecurity.None, Credential = new NetworkCredential("u", Password),
            }));

            Assert.Equal("InsecureAuthenticationNotAllowed", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.SecurityError, error.Kind);
            Assert.Equal("Relay", error.Target);
            Assert.Contains("-AllowInsecureAuthentication", error.Message);
            Assert.Contains("-Security StartTls", error.Message);
            Assert.Equal(0, _vault.SetCalls);
            Assert.Empty(_accounts.GetAll());
        }

        [Fact]
        public void AllowInsecureAuthentication_is_stored_kept_on_update_and_can_be_turned_off()
        {
            _accounts.Set(new AccountSettings
            {
                SmtpServer = "relay.example.com", Security = MailSecurity.None, Credential = new NetworkCredential("u", Password), AllowInsecureAuthentication = true,
            });
            Assert.Contains("\"allowInsecureAuthentication\": true", ConfigText);

            var updated = _accounts.Set(new AccountSettings { TimeoutSeconds = 5 });
            Assert.True(updated.AllowInsecureAuthentication);
            Assert.True(new ConfigStore(_store.DirectoryPath).Load().Accounts.Single().AllowInsecureAuthentication);

            // Turning it off while the account still sends a password without TLS is refused...
            var error = Assert.Throws<BackupMailException>(() => _accounts.Set(new AccountSettings { AllowInsecureAuthentication = false }));
            Assert.Equal("InsecureAuthenticationNotAllowed", error.ErrorId);

            // ...but fine together with TLS.
            var secured = _accounts.Set(new AccountSettings { Security = MailSecurity.StartTls, AllowInsecureAuthentication = false });
            Assert.False(secured.AllowInsecureAuthentication);
        }

        [Theory]
        [InlineData(MailSecurity.Auto)]
        [InlineData(MailSecurity.StartTlsWhenAvailable)]
        public void Auto_modes_with_a_credential_are_saved_the_check_happens_when_the_server_answers(MailSecurity security)
        {
            var account = _accounts.Set(new AccountSettings { SmtpServer = "mail.example.com", Security = security, Credential = new NetworkCredential("u", Password) });

            Assert.False(account.AllowInsecureAuthentication);
            Assert.True(account.HasCredential);
        }

        [Fact]
        public void An_anonymous_relay_with_Security_None_needs_nothing_more()
        {
            var account = _accounts.Set(new AccountSettings { SmtpServer = "relay.example.com", Security = MailSecurity.None });

            Assert.False(account.AllowInsecureAuthentication);
        }

        private static System.Security.SecureString Secure(string text)
        {
            var secure = new System.Security.SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
