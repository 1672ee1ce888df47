using System;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>OAuthUser accounts: device code sign-in, silent renewal, refresh token import, revoked tokens, another provider.</summary>
    public sealed class OAuthUserTokenTests : OAuthTokenTestBase
    {
        [Theory]
        [InlineData(MailTransportKind.Smtp, "SMTP.Send")]
        [InlineData(MailTransportKind.Graph, "Mail.Send")]
        public void DeviceCodeSignInThenSilentRenewalAfterExpiry(MailTransportKind transport, string scope)
        {
            var account = Bed.UserAccount("User", transport);
            var audience = transport == MailTransportKind.Graph ? TokenAudience.Graph : TokenAudience.Smtp;
            Bed.State.TokenLifetimeSeconds = 120; // within the five minutes: every use renews it

            var signedIn = Bed.SignIn(Bed.NewService(), account);

            Assert.Contains(scope, signedIn.Scopes);
            var envelope = Bed.StoredEnvelope(account);
            Assert.NotNull(envelope.MsalCache);
            Assert.NotNull(envelope.MsalAccount);

            var service = Bed.NewService();
            var renewed = TestDeadline.Run(() => service.GetToken(account, audience, false, default));
            Bed.Secrets.Add(renewed.Value);

            Assert.False(renewed.FromCache);
            Assert.NotEqual(signedIn.Value, renewed.Value);
            Assert.Contains(scope, renewed.Scopes);
            Assert.Equal(1, Bed.State.TokenRequestCount("refresh_token", account.ClientId));
            Assert.Equal(1, service.MsalClientsCreated);
            Bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void ASignedInUsersTokenComesFromTheCacheWithoutMsal()
        {
            var account = Bed.UserAccount();
            var signedIn = Bed.SignIn(Bed.NewService(), account);
            var requests = Bed.State.TokenRequestCount();

            var service = Bed.NewService();
            var cached = service.GetToken(account, TokenAudience.Smtp, false, default);

            Assert.True(cached.FromCache);
            Assert.Equal(signedIn.Value, cached.Value);
            Assert.Equal(requests, Bed.State.TokenRequestCount());
            Assert.Equal(0, service.MsalClientsCreated);
        }

        [Fact]
        public void ForceRefreshUsesTheRefreshToken()
        {
            var account = Bed.UserAccount();
            var signedIn = Bed.SignIn(Bed.NewService(), account);

            var refreshed = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, true, default));

            Assert.False(refreshed.FromCache);
            Assert.NotEqual(signedIn.Value, refreshed.Value);
            Assert.Equal(1, Bed.State.TokenRequestCount("refresh_token", account.ClientId));
        }

        [Fact]
        public void ARevokedRefreshTokenMeansSignInAgain()
        {
            var account = Bed.UserAccount();
            Bed.State.TokenLifetimeSeconds = 120;
            Bed.SignIn(Bed.NewService(), account);
            Bed.State.RevokeUserRefreshTokens(account.UserName);

            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("Connect-BackupMailAccount -Name User", error.Message);
            Assert.Contains("AADSTS70008", error.Message);
            Bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void AnAccountNeverSignedInNeedsASignInWithoutAskingAnyone()
        {
            var account = Bed.UserAccount();
            var service = Bed.NewService();

            var error = Assert.Throws<BackupMailException>(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Contains("Connect-BackupMailAccount -Name User", error.Message);
            Assert.Equal(0, service.MsalClientsCreated);
            Assert.Equal(0, Bed.State.TokenRequestCount());
        }

        [Fact]
        public void ADeclinedDeviceCodeIsNoSignIn()
        {
            var account = Bed.UserAccount();

            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().SignInWithDeviceCode(account, prompt =>
            {
                Assert.False(string.IsNullOrEmpty(prompt.UserCode));
                Assert.StartsWith(Bed.Host.AuthorityHost, prompt.VerificationUri);
                Bed.State.DenyDeviceCode(prompt.UserCode);
            }, default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Contains("Connect-BackupMailAccount -Name User", error.Message);
            Assert.False(Bed.Vault.TryPeek(null, account.TokenSecretName, out _));
        }

        [Fact]
        public void ARefreshTokenFromElsewhereIsImportedAndRenewsLater()
        {
            var elsewhere = Bed.UserAccount("Elsewhere");
            var refreshToken = Bed.SignInForRefreshToken(elsewhere);
            var account = OAuthTestBed.SameUser(elsewhere, "Imported");
            account.TenantId = elsewhere.TenantId;
            account.AuthorityHost = elsewhere.AuthorityHost;
            Bed.State.TokenLifetimeSeconds = 120;

            var imported = TestDeadline.Run(() => Bed.NewService().SignInWithRefreshToken(account, OAuthTestBed.Secure(refreshToken), default));
            var renewed = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            Bed.Secrets.Add(imported.Value);
            Bed.Secrets.Add(renewed.Value);

            Assert.Contains("SMTP.Send", imported.Scopes);
            Assert.False(renewed.FromCache);
            Assert.Equal(2, Bed.State.TokenRequestCount("refresh_token", account.ClientId));
            Bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void AnInvalidRefreshTokenIsNoSignIn()
        {
            var account = Bed.UserAccount();

            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().SignInWithRefreshToken(account, OAuthTestBed.Secure("not-a-refresh-token-at-all"), default));

            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.DoesNotContain("not-a-refresh-token-at-all", error.ToString());
        }

        [Fact]
        public void AnotherProvidersTokenEndpointWithTheRefreshTokenGrant()
        {
            var entra = Bed.UserAccount("Entra");
            var refreshToken = Bed.SignInForRefreshToken(entra);
            var account = OAuthTestBed.SameUser(entra, "Other");
            account.TokenEndpoint = Bed.Host.TokenEndpoint(Bed.Tenant.Id);
            Bed.State.TokenLifetimeSeconds = 120;

            var service = Bed.NewService();
            var first = TestDeadline.Run(() => service.SignInWithRefreshToken(account, OAuthTestBed.Secure(refreshToken), default));
            var stored = Bed.StoredEnvelope(account);
            var second = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            Bed.Secrets.Add(first.Value);
            Bed.Secrets.Add(second.Value);

            Assert.Equal(0, service.MsalClientsCreated);
            Assert.NotNull(stored.RefreshToken);
            Assert.NotEqual(refreshToken, stored.RefreshToken); // rotated, and the new one kept
            Assert.Equal(stored.RefreshToken, Bed.State.IssuedRefreshTokens()[Bed.State.IssuedRefreshTokens().Count - 2]);
            Assert.False(second.FromCache);
            Assert.NotEqual(first.Value, second.Value);

            Bed.State.RevokeUserRefreshTokens(entra.UserName);
            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            Assert.Equal(ErrorIds.OAuthSignInRequired, error.ErrorId);
            Assert.Contains("Connect-BackupMailAccount -Name Other", error.Message);
            Bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void TheDeviceCodeSignInIsForMicrosoftEntraOnly()
        {
            var account = Bed.UserAccount();
            account.TokenEndpoint = "https://oauth2.example.test/token";

            var error = Assert.Throws<BackupMailException>(() => Bed.NewService().SignInWithDeviceCode(account, _ => { }, default));

            Assert.Equal(ErrorIds.InvalidOAuthSetting, error.ErrorId);
            Assert.Contains("-RefreshToken", error.Message);
        }

        [Fact]
        public void OnlyOAuthUserAccountsSignIn()
        {
            var account = Bed.SecretApp();

            var error = Assert.Throws<BackupMailException>(() => Bed.NewService().SignInWithDeviceCode(account, _ => { }, default));

            Assert.Equal(ErrorIds.AccountNotOAuthUser, error.ErrorId);
        }
    }
}
