using System;
using System.Linq;
using System.Security;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>OAuthUser accounts: device code sign-in, silent renewal, refresh token import, revoked tokens, another provider.</summary>
    public sealed class OAuthUserTokenTests : IDisposable
    {
        private readonly OAuthTestBed _bed = new OAuthTestBed();
        private readonly UiCulture _culture = UiCulture.Use("en-US");

        public void Dispose()
        {
            _culture.Dispose();
            _bed.Dispose();
        }

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            return secure;
        }

        [Theory]
        [InlineData(MailTransportKind.Smtp, "SMTP.Send")]
        [InlineData(MailTransportKind.Graph, "Mail.Send")]
        public void DeviceCodeSignInThenSilentRenewalAfterExpiry(MailTransportKind transport, string scope)
        {
            var account = _bed.UserAccount("User", transport);
            var audience = transport == MailTransportKind.Graph ? TokenAudience.Graph : TokenAudience.Smtp;
            _bed.State.TokenLifetimeSeconds = 120; // within the five minutes: every use renews it

            var signedIn = _bed.SignIn(_bed.NewService(), account);

            Assert.Contains(scope, signedIn.Scopes);
            var envelope = _bed.StoredEnvelope(account);
            Assert.NotNull(envelope.MsalCache);
            Assert.NotNull(envelope.MsalAccount);

            var service = _bed.NewService();
            var renewed = TestDeadline.Run(() => service.GetToken(account, audience, false, default));
            _bed.Secrets.Add(renewed.Value);

            Assert.False(renewed.FromCache);
            Assert.NotEqual(signedIn.Value, renewed.Value);
            Assert.Contains(scope, renewed.Scopes);
            Assert.Equal(1, _bed.State.TokenRequestCount("refresh_token", account.ClientId));
            Assert.Equal(1, service.MsalClientsCreated);
            _bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void ASignedInUsersTokenComesFromTheCacheWithoutMsal()
        {
            var account = _bed.UserAccount();
            var signedIn = _bed.SignIn(_bed.NewService(), account);
            var requests = _bed.State.TokenRequestCount();

            var service = _bed.NewService();
            var cached = service.GetToken(account, TokenAudience.Smtp, false, default);

            Assert.True(cached.FromCache);
            Assert.Equal(signedIn.Value, cached.Value);
            Assert.Equal(requests, _bed.State.TokenRequestCount());
            Assert.Equal(0, service.MsalClientsCreated);
        }

        [Fact]
        public void ForceRefreshUsesTheRefreshToken()
        {
            var account = _bed.UserAccount();
            var signedIn = _bed.SignIn(_bed.NewService(), account);

            var refreshed = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, true, default));

            Assert.False(refreshed.FromCache);
            Assert.NotEqual(signedIn.Value, refreshed.Value);
            Assert.Equal(1, _bed.State.TokenRequestCount("refresh_token", account.ClientId));
        }

        [Fact]
        public void ARevokedRefreshTokenMeansSignInAgain()
        {
            var account = _bed.UserAccount();
            _bed.State.TokenLifetimeSeconds = 120;
            _bed.SignIn(_bed.NewService(), account);
            _bed.State.RevokeUserRefreshTokens(account.UserName);

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("Connect-BackupMailAccount -Name User", error.Message);
            Assert.Contains("AADSTS70008", error.Message);
            _bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void AnAccountNeverSignedInNeedsASignInWithoutAskingAnyone()
        {
            var account = _bed.UserAccount();
            var service = _bed.NewService();

            var error = Assert.Throws<BackupMailException>(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Contains("Connect-BackupMailAccount -Name User", error.Message);
            Assert.Equal(0, service.MsalClientsCreated);
            Assert.Equal(0, _bed.State.TokenRequestCount());
        }

        [Fact]
        public void ADeclinedDeviceCodeIsNoSignIn()
        {
            var account = _bed.UserAccount();

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().SignInWithDeviceCode(account, prompt =>
            {
                Assert.False(string.IsNullOrEmpty(prompt.UserCode));
                Assert.StartsWith(_bed.Host.AuthorityHost, prompt.VerificationUri);
                _bed.State.DenyDeviceCode(prompt.UserCode);
            }, default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Contains("Connect-BackupMailAccount -Name User", error.Message);
            Assert.False(_bed.Vault.TryPeek(null, account.TokenSecretName, out _));
        }

        [Fact]
        public void ARefreshTokenFromElsewhereIsImportedAndRenewsLater()
        {
            var elsewhere = _bed.UserAccount("Elsewhere");
            _bed.SignIn(_bed.NewService(), elsewhere);
            var refreshToken = _bed.State.IssuedRefreshTokens().Last();
            var account = new MailAccount
            {
                Name = "Imported", Authentication = MailAuthentication.OAuthUser, TenantId = elsewhere.TenantId, ClientId = elsewhere.ClientId,
                UserName = elsewhere.UserName, TokenSecretName = "imported-tokens", AuthorityHost = elsewhere.AuthorityHost, TimeoutSeconds = 10,
            };
            _bed.State.TokenLifetimeSeconds = 120;

            var imported = TestDeadline.Run(() => _bed.NewService().SignInWithRefreshToken(account, Secure(refreshToken), default));
            var renewed = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            _bed.Secrets.Add(imported.Value);
            _bed.Secrets.Add(renewed.Value);

            Assert.Contains("SMTP.Send", imported.Scopes);
            Assert.False(renewed.FromCache);
            Assert.Equal(2, _bed.State.TokenRequestCount("refresh_token", account.ClientId));
            _bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void AnInvalidRefreshTokenIsNoSignIn()
        {
            var account = _bed.UserAccount();

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().SignInWithRefreshToken(account, Secure("not-a-refresh-token-at-all"), default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.DoesNotContain("not-a-refresh-token-at-all", error.ToString());
        }

        [Fact]
        public void AnotherProvidersTokenEndpointWithTheRefreshTokenGrant()
        {
            var entra = _bed.UserAccount("Entra");
            _bed.SignIn(_bed.NewService(), entra);
            var refreshToken = _bed.State.IssuedRefreshTokens().Last();
            var account = new MailAccount
            {
                Name = "Other", Authentication = MailAuthentication.OAuthUser, ClientId = entra.ClientId, UserName = entra.UserName,
                TokenEndpoint = _bed.Host.TokenEndpoint(_bed.Tenant.Id), TokenSecretName = "other-tokens", TimeoutSeconds = 10,
            };
            _bed.State.TokenLifetimeSeconds = 120;

            var service = _bed.NewService();
            var first = TestDeadline.Run(() => service.SignInWithRefreshToken(account, Secure(refreshToken), default));
            var stored = _bed.StoredEnvelope(account);
            var second = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            _bed.Secrets.Add(first.Value);
            _bed.Secrets.Add(second.Value);

            Assert.Equal(0, service.MsalClientsCreated);
            Assert.NotNull(stored.RefreshToken);
            Assert.NotEqual(refreshToken, stored.RefreshToken); // rotated, and the new one kept
            Assert.Equal(stored.RefreshToken, _bed.State.IssuedRefreshTokens()[_bed.State.IssuedRefreshTokens().Count - 2]);
            Assert.False(second.FromCache);
            Assert.NotEqual(first.Value, second.Value);

            _bed.State.RevokeUserRefreshTokens(entra.UserName);
            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Contains("Connect-BackupMailAccount -Name Other", error.Message);
            _bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void TheDeviceCodeSignInIsForMicrosoftEntraOnly()
        {
            var account = _bed.UserAccount();
            account.TokenEndpoint = "https://oauth2.example.test/token";

            var error = Assert.Throws<BackupMailException>(() => _bed.NewService().SignInWithDeviceCode(account, _ => { }, default));

            Assert.Equal(ErrorIds.InvalidOAuthSetting, error.ErrorId);
            Assert.Contains("-RefreshToken", error.Message);
        }

        [Fact]
        public void OnlyOAuthUserAccountsSignIn()
        {
            var account = _bed.SecretApp();

            var error = Assert.Throws<BackupMailException>(() => _bed.NewService().SignInWithDeviceCode(account, _ => { }, default));

            Assert.Equal(ErrorIds.AccountNotOAuthUser, error.ErrorId);
        }
    }
}
