using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Accounts
{
    // Set-BackupMailAccount's OAuth half, in the engine: what is stored where, and every mistake refused when saved.
    public class OAuthAccountTests : IDisposable
    {
        private const string Tenant = "11111111-2222-3333-4444-555555555555";
        private const string Client = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        private const string ClientSecretText = "Qx8~client.secret-value_1234567890";

        private readonly TempDirectory _temp = new TempDirectory();
        private readonly InMemoryCredentialSource _vault = new InMemoryCredentialSource();
        private readonly RecordingOutputWriter _output = new RecordingOutputWriter();
        private readonly ConfigStore _store;
        private readonly AccountService _accounts;

        public OAuthAccountTests()
        {
            var engine = new BackupMailEngine(_temp.Combine("config"), _vault, _output);
            _store = engine.Store;
            _accounts = engine.Accounts;
        }

        public void Dispose() => _temp.Dispose();

        private string ConfigText => File.ReadAllText(_store.ConfigFilePath);

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        private static AccountSettings App(string name = "M365") => new AccountSettings
        {
            Name = name,
            Provider = MailProvider.Microsoft365,
            From = "backup@contoso.example",
            TenantId = Tenant,
            ClientId = Client,
            ClientSecret = Secure(ClientSecretText),
        };

        private BackupMailException Refused(AccountSettings settings)
        {
            using (UiCulture.Use("en-US"))
            {
                return Assert.Throws<BackupMailException>(() => _accounts.Set(settings));
            }
        }

        [Fact]
        public void An_app_account_keeps_its_client_secret_in_the_vault_and_nothing_secret_in_config_json()
        {
            var account = _accounts.Set(App());

            Assert.Equal((MailTransportKind.Smtp, MailAuthentication.OAuthApp, OAuthClientCredential.Secret), (account.Transport, account.Authentication, account.ClientCredential));
            Assert.Equal(("smtp.office365.com", 587, MailSecurity.StartTls), (account.SmtpServer, account.Port, account.Security));
            Assert.Equal(("BackupMail-M365", "BackupMail-M365-Token"), (account.SecretName, account.TokenSecretName));
            var stored = _vault.Get(null, "BackupMail-M365");
            Assert.Equal((Client, ClientSecretText), (stored.UserName, stored.Password));

            Assert.DoesNotContain(ClientSecretText, ConfigText);
            Assert.Contains("\"authentication\": \"OAuthApp\"", ConfigText);
            Assert.Contains("\"tenantId\": \"" + Tenant + "\"", ConfigText);

            var reread = _accounts.Find("M365");
            Assert.Equal((Tenant, Client, OAuthClientCredential.Secret), (reread.TenantId, reread.ClientId, reread.ClientCredential));
            Assert.Equal(
                new[] { "ClientSecret: secret 'BackupMail-M365' in the default vault", "Tokens: secret 'BackupMail-M365-Token' in the default vault" },
                reread.SecretLocations);
        }

        [Fact]
        public void A_certificate_in_the_store_is_named_by_thumbprint_and_a_given_one_goes_to_the_vault_as_pfx()
        {
            var settings = App("ByThumbprint");
            settings.ClientSecret = null;
            settings.ClientCertificateThumbprint = "ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01";
            var byThumbprint = _accounts.Set(settings);
            Assert.Equal(OAuthClientCredential.StoreCertificate, byThumbprint.ClientCredential);
            Assert.Equal("ABCDEF0123456789ABCDEF0123456789ABCDEF01", byThumbprint.ClientCertificateThumbprint);
            Assert.Null(byThumbprint.SecretName);
            Assert.DoesNotContain(_vault.Keys, k => k.EndsWith("/BackupMail-ByThumbprint", StringComparison.Ordinal));

            var pfx = new byte[] { 0x30, 0x82, 0x01, 0x02, 0xFF, 0x00, 0x7F };
            settings = App("ByPfx");
            settings.ClientSecret = null;
            settings.ClientCertificatePfx = pfx;
            var byPfx = _accounts.Set(settings);
            Assert.Equal(OAuthClientCredential.VaultCertificate, byPfx.ClientCredential);
            Assert.Equal(Convert.ToBase64String(pfx), _vault.Get(null, "BackupMail-ByPfx").Password);
            Assert.DoesNotContain(Convert.ToBase64String(pfx), ConfigText);
        }

        [Theory]
        [InlineData("TenantId")]
        [InlineData("ClientId")]
        [InlineData("ClientSecret")]
        [InlineData("From")]
        public void An_app_account_without_what_it_needs_is_OAuthSettingRequired(string missing)
        {
            var settings = App();
            switch (missing)
            {
                case "TenantId": settings.TenantId = null; break;
                case "ClientId": settings.ClientId = null; break;
                case "ClientSecret": settings.ClientSecret = null; break;
                case "From": settings.From = null; break;
            }

            var error = Refused(settings);

            Assert.Equal("OAuthSettingRequired", error.ErrorId);
            Assert.Contains(missing == "ClientSecret" ? "-ClientSecret" : "-" + missing, error.Message);
            Assert.Empty(_vault.Keys);
            Assert.False(File.Exists(_store.ConfigFilePath));
        }

        [Theory]
        [InlineData("TenantId", "not a tenant", "neither a GUID nor a domain name")]
        [InlineData("TenantId", "common", "means any directory")]
        [InlineData("ClientId", "my-app", "is not a GUID")]
        [InlineData("AuthorityHost", "http://login.example", "does not use https")]
        [InlineData("GraphEndpoint", "graph.microsoft.com", "not an absolute address")]
        [InlineData("AuthorityHost", "https://login.example/?x=1", "holds a query")]
        public void A_value_that_cannot_work_is_InvalidOAuthSetting(string property, string value, string reason)
        {
            var settings = App();
            typeof(AccountSettings).GetProperty(property).SetValue(settings, value);

            var error = Refused(settings);

            Assert.Equal("InvalidOAuthSetting", error.ErrorId);
            Assert.Contains(reason, error.Message);
        }

        [Fact]
        public void A_token_is_never_meant_for_an_unencrypted_connection()
        {
            var settings = App();
            settings.Security = MailSecurity.None;
            settings.AllowInsecureAuthentication = true;

            var error = Refused(settings);

            Assert.Equal("OAuthRequiresTls", error.ErrorId);
            Assert.Contains("-Security StartTls", error.Message);
        }

        [Fact]
        public void Mixing_password_and_OAuth_settings_is_refused_with_the_line_that_works()
        {
            var credentialOnApp = App();
            credentialOnApp.Authentication = MailAuthentication.OAuthApp;
            credentialOnApp.Credential = new NetworkCredential("me@contoso.example", "pw");
            Assert.Equal("InvalidOAuthSetting", Refused(credentialOnApp).ErrorId);

            var tenantOnPassword = new AccountSettings { Name = "P", SmtpServer = "mail.example.com", Credential = new NetworkCredential("me", "pw"), TenantId = Tenant };
            var error = Refused(tenantOnPassword);
            Assert.Equal("InvalidOAuthSetting", error.ErrorId);
            Assert.Contains("-Authentication OAuthApp", error.Message);

            var graphWithPassword = new AccountSettings { Name = "G", Transport = MailTransportKind.Graph, Authentication = MailAuthentication.Password, From = "a@contoso.example" };
            Assert.Equal("OAuthSettingRequired", Refused(graphWithPassword).ErrorId);

            var twoCredentials = App();
            twoCredentials.ClientCertificateThumbprint = new string('A', 40);
            Assert.Equal("InvalidOAuthSetting", Refused(twoCredentials).ErrorId);
        }

        [Fact]
        public void Changing_who_signs_in_forgets_cached_tokens_and_other_changes_keep_them()
        {
            _accounts.Set(App());
            _vault.Set(null, "BackupMail-M365-Token", new NetworkCredential("BackupMail-OAuth-Tokens", "{\"cached\":true}"));

            _accounts.Set(new AccountSettings { Name = "M365", TimeoutSeconds = 60 });
            Assert.NotNull(_vault.Get(null, "BackupMail-M365-Token"));

            _accounts.Set(new AccountSettings { Name = "M365", TenantId = "contoso.onmicrosoft.com" });
            Assert.DoesNotContain("<default>/BackupMail-M365-Token", _vault.Keys);

            _vault.Set(null, "BackupMail-M365-Token", new NetworkCredential("BackupMail-OAuth-Tokens", "{\"cached\":true}"));
            _accounts.Set(new AccountSettings { Name = "M365", ClientSecret = Secure("a new secret") });
            Assert.DoesNotContain("<default>/BackupMail-M365-Token", _vault.Keys);
            Assert.Equal("a new secret", _vault.Get(null, "BackupMail-M365").Password);
        }

        [Fact]
        public void Going_back_to_a_password_or_removing_the_account_leaves_no_secret_behind()
        {
            _accounts.Set(App("Back"));
            _vault.Set(null, "BackupMail-Back-Token", new NetworkCredential("BackupMail-OAuth-Tokens", "{}"));
            var password = _accounts.Set(new AccountSettings
            {
                Name = "Back", Authentication = MailAuthentication.Password, Credential = new NetworkCredential("backup@contoso.example", "pw"),
            });
            Assert.Equal(MailAuthentication.Password, password.Authentication);
            Assert.Equal("pw", _vault.Get(null, "BackupMail-Back").Password);
            Assert.DoesNotContain("<default>/BackupMail-Back-Token", _vault.Keys);
            Assert.DoesNotContain("tenantId", ConfigText);

            _accounts.Set(App("Gone"));
            _vault.Set(null, "BackupMail-Gone-Token", new NetworkCredential("BackupMail-OAuth-Tokens", "{}"));
            _accounts.Remove("Gone");
            Assert.DoesNotContain(_vault.Keys, k => k.Contains("BackupMail-Gone"));
        }

        [Fact]
        public void A_user_account_signs_in_later_and_takes_the_tenant_of_its_provider()
        {
            var outlook = _accounts.Set(new AccountSettings { Name = "Home", Provider = MailProvider.Outlook, From = "me@outlook.example", ClientId = Client });
            Assert.Equal((MailAuthentication.OAuthUser, "consumers", OAuthClientCredential.None), (outlook.Authentication, outlook.TenantId, outlook.ClientCredential));
            Assert.Null(outlook.SecretName);
            Assert.Equal(new[] { "Tokens and refresh token: secret 'BackupMail-Home-Token' in the default vault" }, outlook.SecretLocations);

            var work = _accounts.Set(new AccountSettings
            {
                Name = "Work", Authentication = MailAuthentication.OAuthUser, SmtpServer = "smtp.office365.com", Security = MailSecurity.StartTls,
                From = "me@contoso.example", ClientId = Client,
            });
            Assert.Equal("common", work.TenantId);

            var google = _accounts.Set(new AccountSettings
            {
                Name = "Google", Provider = MailProvider.Gmail, Authentication = MailAuthentication.OAuthUser, From = "me@gmail.example",
                ClientId = "1234-abc.apps.googleusercontent.com", ClientSecret = Secure("google-secret"), TokenEndpoint = "https://oauth2.googleapis.com/token",
            });
            Assert.Equal(("https://oauth2.googleapis.com/token", "BackupMail-Google"), (google.TokenEndpoint, google.SecretName));
            Assert.Null(google.TenantId);
        }

        [Theory]
        [InlineData(MicrosoftCloud.Global, "smtp.office365.com")]
        [InlineData(MicrosoftCloud.USGovernment, "smtp.office365.us")]
        [InlineData(MicrosoftCloud.China, "smtp.partner.outlook.cn")]
        public void Microsoft365_in_another_cloud_takes_that_clouds_hosts(MicrosoftCloud cloud, string smtpServer)
        {
            var settings = App();
            settings.Cloud = cloud;

            var account = _accounts.Set(settings);

            Assert.Equal(smtpServer, account.SmtpServer);
            Assert.Equal(CloudEndpoints.For(cloud).AuthorityHost, account.EffectiveAuthorityHost);
            Assert.Equal(CloudEndpoints.For(cloud).GraphEndpoint, account.EffectiveGraphEndpoint);
        }

        [Fact]
        public void Moving_a_Microsoft365_account_to_another_cloud_moves_its_smtp_server_too()
        {
            _accounts.Set(App());

            var moved = _accounts.Set(new AccountSettings { Name = "M365", Cloud = MicrosoftCloud.USGovernment });

            Assert.Equal(("smtp.office365.us", "https://login.microsoftonline.us"), (moved.SmtpServer, moved.EffectiveAuthorityHost));
        }

        [Fact]
        public void A_graph_account_needs_no_smtp_server_and_keeps_its_endpoint_override()
        {
            var account = _accounts.Set(new AccountSettings
            {
                Name = "Graph", Transport = MailTransportKind.Graph, From = "backup@contoso.example", TenantId = Tenant, ClientId = Client,
                ClientSecret = Secure(ClientSecretText), GraphEndpoint = "https://graph.example.test:8443/", SaveToSentItems = true,
            });

            Assert.Equal((MailTransportKind.Graph, MailAuthentication.OAuthApp), (account.Transport, account.Authentication));
            Assert.Equal("https://graph.example.test:8443", account.EffectiveGraphEndpoint);
            Assert.True(_accounts.Find("Graph").SaveToSentItems);

            var back = _accounts.Set(new AccountSettings { Name = "Graph", GraphEndpoint = "" });
            Assert.Equal("https://graph.microsoft.com", back.EffectiveGraphEndpoint);
        }
    }
}
