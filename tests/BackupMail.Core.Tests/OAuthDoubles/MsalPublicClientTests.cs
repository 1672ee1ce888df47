using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.OAuthDoubles;
using Microsoft.Identity.Client;
using Xunit;

namespace BackupMail.Tests.OAuthDoubles
{
    /// <summary>The identity provider double against the real MSAL: device code, silent refresh, revocation, refresh tokens.</summary>
    public sealed class MsalPublicClientTests : OAuthDoublesTestBase
    {
        private static readonly string[] SmtpSend = { "https://outlook.office365.com/SMTP.Send" };

        private IPublicClientApplication App(string tenant = TenantId) =>
            PublicClientApplicationBuilder.Create(PublicClientId)
                .WithAuthority(Host.AuthorityFor(tenant), validateAuthority: false)
                .Build();

        private Task<AuthenticationResult> SignIn(IPublicClientApplication app, string[] scopes = null) =>
            app.AcquireTokenWithDeviceCode(scopes ?? SmtpSend, code =>
            {
                Host.State.ApproveDeviceCode(UserName, code.UserCode);
                return Task.CompletedTask;
            }).ExecuteAsync();

        [Fact]
        public async Task Device_code_polls_until_the_test_approves_then_returns_the_account()
        {
            var app = App();
            DeviceCodeResult shown = null;
            Task approval = null;
            var result = await app.AcquireTokenWithDeviceCode(SmtpSend, code =>
            {
                shown = code;
                approval = Task.Run(async () =>
                {
                    // Approve only after MSAL has been told "authorization_pending" at least once.
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (Host.State.TokenRequestCount("device_code") < 1 && DateTime.UtcNow < deadline) await Task.Delay(50);
                    Host.State.ApproveDeviceCode(UserName, code.UserCode);
                });
                return Task.CompletedTask;
            }).ExecuteAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            await approval;

            Assert.Matches("^[A-Z0-9]{9}$", shown.UserCode);
            Assert.Equal(Host.AuthorityHost + "/devicelogin", shown.VerificationUrl);
            Assert.Contains(shown.UserCode, shown.Message);
            Assert.True(Host.State.TokenRequestCount("device_code", PublicClientId) >= 2, "MSAL polled past authorization_pending");
            Assert.Equal(UserName, result.Account.Username);
            Assert.Equal(TenantId, result.TenantId);
            Assert.Equal(UserName, result.ClaimsPrincipal.FindFirst("preferred_username")?.Value);
            var token = Jwt.Parse(result.AccessToken);
            Assert.Equal("https://outlook.office365.com", token.Claim("aud"));
            Assert.Equal("SMTP.Send", token.Claim("scp"));
            Assert.Equal(UserName, token.Claim("upn"));
            Assert.Single(Host.State.IssuedRefreshTokens());
        }

        [Fact]
        public async Task A_denied_device_code_ends_in_authorization_declined()
        {
            var app = App();
            var error = await Assert.ThrowsAnyAsync<MsalServiceException>(() => app.AcquireTokenWithDeviceCode(SmtpSend, code =>
            {
                Host.State.DenyDeviceCode(code.UserCode);
                return Task.CompletedTask;
            }).ExecuteAsync());

            Assert.Equal("authorization_declined", error.ErrorCode);
        }

        [Fact]
        public async Task Silent_after_the_token_expires_refreshes_through_the_refresh_token_grant()
        {
            var app = App();
            Host.State.TokenLifetimeSeconds = 60;   // MSAL treats tokens within 5 minutes of expiry as expired
            var first = await SignIn(app);
            Host.State.TokenLifetimeSeconds = 3600;
            var account = (await app.GetAccountsAsync()).Single();

            var refreshed = await app.AcquireTokenSilent(SmtpSend, account).ExecuteAsync();
            var cached = await app.AcquireTokenSilent(SmtpSend, account).ExecuteAsync();

            Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
            Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
            Assert.Equal(TokenSource.Cache, cached.AuthenticationResultMetadata.TokenSource);
            Assert.Equal(1, Host.State.TokenRequestCount("refresh_token", PublicClientId));
        }

        [Fact]
        public async Task A_revoked_refresh_token_gives_MsalUiRequiredException_invalid_grant()
        {
            var app = App();
            await SignIn(app);
            var account = (await app.GetAccountsAsync()).Single();
            Assert.Equal(1, Host.State.RevokeUserRefreshTokens(UserName));

            var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() => app.AcquireTokenSilent(SmtpSend, account).WithForceRefresh(true).ExecuteAsync());

            Assert.Equal("invalid_grant", error.ErrorCode);
            Assert.Contains("AADSTS70008", error.Message);
        }

        [Fact]
        public async Task An_inactive_refresh_token_gives_AADSTS700082()
        {
            var app = App();
            await SignIn(app);
            var account = (await app.GetAccountsAsync()).Single();
            Host.State.RefreshTokenLifetimeSeconds = -1;

            var error = await Assert.ThrowsAsync<MsalUiRequiredException>(() => app.AcquireTokenSilent(SmtpSend, account).WithForceRefresh(true).ExecuteAsync());

            Assert.Contains("AADSTS700082", error.Message);
        }

        [Fact]
        public async Task AcquireTokenByRefreshToken_redeems_a_refresh_token_in_a_fresh_app()
        {
            await SignIn(App());
            var refreshToken = Host.State.IssuedRefreshTokens().Single();
            var fresh = App();

            var result = await ((IByRefreshToken)fresh).AcquireTokenByRefreshToken(SmtpSend, refreshToken).ExecuteAsync();

            Assert.Equal(UserName, result.Account.Username);
            Assert.Equal("SMTP.Send", Jwt.Parse(result.AccessToken).Claim("scp"));
            Assert.Equal(1, Host.State.TokenRequestCount("refresh_token", PublicClientId));
        }

        [Fact]
        public async Task Organizations_authority_resolves_the_tenant_from_the_user()
        {
            var result = await SignIn(App("organizations"));

            Assert.Equal(TenantId, result.TenantId);
            Assert.Equal(TenantId, Jwt.Parse(result.AccessToken).Claim("tid"));
        }

        [Fact]
        public async Task A_default_scope_gets_the_apps_delegated_permissions_for_Graph()
        {
            var result = await SignIn(App(), new[] { Host.GraphEndpoint + "/.default" });

            var token = Jwt.Parse(result.AccessToken);
            Assert.Equal(Host.GraphEndpoint, token.Claim("aud"));
            Assert.Equal("Mail.Send User.Read", token.Claim("scp"));
        }

        [Fact]
        public async Task No_consent_fails_the_device_code_redemption_with_AADSTS65001()
        {
            Host.State.FindApp(PublicClientId).Consent = false;

            var error = await Assert.ThrowsAnyAsync<MsalServiceException>(() => SignIn(App()));

            Assert.Equal("invalid_grant", error.ErrorCode);
            Assert.Contains("AADSTS65001", error.Message);
        }
    }
}
