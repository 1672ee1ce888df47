using System;
using BackupMail.Accounts;
using BackupMail.OAuth;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>An account's OAuth settings are checked before anything is asked, and decide the scopes of each audience.</summary>
    public sealed class TokenRequestTests
    {
        private static MailAccount App() => new MailAccount
        {
            Name = "App", Authentication = MailAuthentication.OAuthApp, TenantId = "contoso.onmicrosoft.com", ClientId = "client",
            ClientCredential = OAuthClientCredential.Secret, SecretName = "app-secret", TokenSecretName = "app-tokens",
        };

        [Fact]
        public void ApplicationScopesAreTheResourcesDefault()
        {
            var account = App();
            Assert.Equal(new[] { "https://outlook.office365.com/.default" }, TokenRequest.For(account, TokenAudience.Smtp).Scopes);
            Assert.Equal(new[] { "https://graph.microsoft.com/.default" }, TokenRequest.For(account, TokenAudience.Graph).Scopes);
            account.Cloud = MicrosoftCloud.China;
            account.GraphEndpoint = "https://graph.example.test/";
            Assert.Equal(new[] { "https://partner.outlook.cn/.default" }, TokenRequest.For(account, TokenAudience.Smtp).Scopes);
            Assert.Equal(new[] { "https://graph.example.test/.default" }, TokenRequest.For(account, TokenAudience.Graph).Scopes);
            Assert.Equal("https://login.chinacloudapi.cn/contoso.onmicrosoft.com", TokenRequest.For(account, TokenAudience.Smtp).Authority);
            Assert.True(TokenRequest.For(account, TokenAudience.Smtp).IsWellKnownAuthority);
        }

        [Fact]
        public void UserScopesAreTheDelegatedPermissionAndOfflineAccess()
        {
            var account = App();
            account.Authentication = MailAuthentication.OAuthUser;
            account.TenantId = null;
            Assert.Equal(new[] { "https://outlook.office.com/SMTP.Send", "offline_access" }, TokenRequest.For(account, TokenAudience.Smtp).Scopes);
            Assert.Equal(new[] { "https://graph.microsoft.com/Mail.Send", "offline_access" }, TokenRequest.For(account, TokenAudience.Graph).Scopes);
            Assert.Equal("https://login.microsoftonline.com/organizations", TokenRequest.For(account, TokenAudience.Smtp).Authority);
        }

        [Fact]
        public void APrivateAuthorityHostIsNotWellKnown()
        {
            var account = App();
            account.AuthorityHost = "https://localhost:5001";
            Assert.False(TokenRequest.For(account, TokenAudience.Smtp).IsWellKnownAuthority);
        }

        [Theory]
        [InlineData("ClientId")]
        [InlineData("TenantId")]
        [InlineData("TokenSecretName")]
        [InlineData("ClientSecret")]
        public void AMissingSettingIsNamed(string setting)
        {
            var account = App();
            switch (setting)
            {
                case "ClientId": account.ClientId = null; break;
                case "TenantId": account.TenantId = " "; break;
                case "TokenSecretName": account.TokenSecretName = null; break;
                case "ClientSecret": account.SecretName = null; break;
            }

            var error = Assert.Throws<BackupMailException>(() => TokenRequest.For(account, TokenAudience.Smtp));
            Assert.Equal(ErrorIds.OAuthSettingRequired, error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains(setting, error.Message);
        }

        [Fact]
        public void AStoreCertificateNeedsItsThumbprint()
        {
            var account = App();
            account.ClientCredential = OAuthClientCredential.StoreCertificate;
            var error = Assert.Throws<BackupMailException>(() => TokenRequest.For(account, TokenAudience.Smtp));
            Assert.Contains("ClientCertificateThumbprint", error.Message);
        }

        [Theory]
        [InlineData("http://login.example.test")]
        [InlineData("login.example.test")]
        public void AnEndpointMustBeHttps(string host)
        {
            var account = App();
            account.AuthorityHost = host;
            Assert.Equal(ErrorIds.InvalidOAuthSetting, Assert.Throws<BackupMailException>(() => TokenRequest.For(account, TokenAudience.Smtp)).ErrorId);

            account = App();
            account.Authentication = MailAuthentication.OAuthUser;
            account.TokenEndpoint = host;
            Assert.Equal(ErrorIds.InvalidOAuthSetting, Assert.Throws<BackupMailException>(() => TokenRequest.For(account, TokenAudience.Smtp)).ErrorId);
        }

        [Fact]
        public void APasswordAccountIsNotAskedForATokenAtAll()
        {
            Assert.Throws<ArgumentException>(() => TokenRequest.For(new MailAccount { Name = "Pw" }, TokenAudience.Smtp));
        }
    }
}
