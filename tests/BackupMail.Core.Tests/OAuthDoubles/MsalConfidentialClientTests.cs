using System;
using System.Linq;
using System.Threading.Tasks;
using BackupMail.OAuthDoubles;
using Microsoft.Identity.Client;
using Xunit;

namespace BackupMail.Tests.OAuthDoubles
{
    /// <summary>The identity provider double against the real MSAL (Microsoft.Identity.Client 4.92.0), confidential clients.</summary>
    public sealed class MsalConfidentialClientTests : OAuthDoublesTestBase
    {
        private IConfidentialClientApplication SecretApp(string secret = Secret, string tenant = TenantId, string clientId = ClientId) =>
            ConfidentialClientApplicationBuilder.Create(clientId)
                .WithAuthority(Host.AuthorityFor(tenant), validateAuthority: false)
                .WithClientSecret(secret)
                .Build();

        [Fact]
        public async Task A_client_secret_gets_an_app_token_for_Exchange_with_the_SMTP_role()
        {
            var result = await SecretApp().AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync();

            Assert.Equal(TokenSource.IdentityProvider, result.AuthenticationResultMetadata.TokenSource);
            var token = Jwt.Parse(result.AccessToken);
            Assert.Equal("https://outlook.office365.com", token.Claim("aud"));
            Assert.Equal(TenantId, token.Claim("tid"));
            Assert.Equal(ClientId, token.Claim("appid"));
            Assert.Equal(new[] { "SMTP.SendAsApp" }, token.Payload["roles"].AsArray().Select(r => r.GetValue<string>()));
            Assert.Null(token.Claim("scp"));
            Assert.InRange(result.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
            Assert.Equal(TenantId, result.TenantId);
        }

        [Fact]
        public async Task A_Graph_default_scope_gets_a_Graph_token_with_Mail_Send()
        {
            var result = await SecretApp().AcquireTokenForClient(new[] { Host.GraphEndpoint + "/.default" }).ExecuteAsync();

            var token = Jwt.Parse(result.AccessToken);
            Assert.Equal(Host.GraphEndpoint, token.Claim("aud"));
            Assert.Equal(new[] { "Mail.Send" }, token.Payload["roles"].AsArray().Select(r => r.GetValue<string>()));
        }

        [Fact]
        public async Task The_second_request_of_the_same_app_comes_from_MSALs_cache()
        {
            var app = SecretApp();
            var first = await app.AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync();
            var second = await app.AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync();

            Assert.Equal(TokenSource.Cache, second.AuthenticationResultMetadata.TokenSource);
            Assert.Equal(first.AccessToken, second.AccessToken);
            Assert.Equal(1, Host.State.TokenRequestCount("client_credentials", ClientId));
        }

        [Fact]
        public async Task A_domain_name_authority_works_too()
        {
            var result = await SecretApp(tenant: TenantDomain).AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync();

            Assert.Equal(TenantId, Jwt.Parse(result.AccessToken).Claim("tid"));
        }

        [Fact]
        public async Task A_certificate_gets_a_token_and_the_double_verified_the_assertion()
        {
            using var certificate = Host.CertificateAuthority.IssueClientCertificate();
            Host.State.FindApp(ClientId).Certificates.Add(certificate);
            var app = ConfidentialClientApplicationBuilder.Create(ClientId)
                .WithAuthority(Authority, validateAuthority: false)
                .WithCertificate(certificate)
                .Build();

            var result = await app.AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync();

            Assert.Equal("https://outlook.office365.com", Jwt.Parse(result.AccessToken).Claim("aud"));
            var algorithms = Host.State.StatsJson()["counters"].AsObject().Select(kv => kv.Key).Where(k => k.StartsWith("assertion.", StringComparison.Ordinal)).ToList();
            Assert.Single(algorithms);
        }

        [Fact]
        public async Task A_certificate_the_app_does_not_have_gives_AADSTS700027()
        {
            using var registered = Host.CertificateAuthority.IssueClientCertificate();
            using var other = Host.CertificateAuthority.IssueClientCertificate();
            Host.State.FindApp(ClientId).Certificates.Add(registered);
            var app = ConfidentialClientApplicationBuilder.Create(ClientId)
                .WithAuthority(Authority, validateAuthority: false)
                .WithCertificate(other)
                .Build();

            var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());

            Assert.Equal("invalid_client", error.ErrorCode);
            Assert.Contains("AADSTS700027", error.Message);
            Assert.Equal(401, error.StatusCode);
        }

        [Fact]
        public async Task A_wrong_secret_gives_AADSTS7000215_invalid_client()
        {
            var error = await Assert.ThrowsAsync<MsalServiceException>(() => SecretApp(secret: "not-it").AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());

            Assert.Equal("invalid_client", error.ErrorCode);
            // MSAL puts its own advice first: "A configuration issue is preventing authentication ... Original exception: AADSTS7000215: ..."
            Assert.Contains("AADSTS7000215: Invalid client secret provided.", error.Message);
            Assert.Equal(401, error.StatusCode);
            Assert.Contains("7000215", error.ResponseBody);
        }

        [Fact]
        public async Task An_unknown_app_gives_AADSTS700016_unauthorized_client()
        {
            var error = await Assert.ThrowsAsync<MsalServiceException>(() =>
                SecretApp(clientId: "0badc0de-0000-0000-0000-000000000000").AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());

            Assert.Equal("unauthorized_client", error.ErrorCode);
            Assert.Contains("AADSTS700016", error.Message);
            Assert.Contains("0badc0de-0000-0000-0000-000000000000", error.Message);
        }

        [Fact]
        public async Task An_unknown_tenant_gives_AADSTS90002_invalid_request()
        {
            var error = await Assert.ThrowsAsync<MsalServiceException>(() =>
                SecretApp(tenant: "00000000-dead-beef-0000-000000000000").AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());

            Assert.Equal("invalid_request", error.ErrorCode);
            Assert.Contains("AADSTS90002", error.Message);
            Assert.Equal(400, error.StatusCode);
        }

        [Fact]
        public async Task No_consent_gives_AADSTS65001_and_no_service_principal_AADSTS7000229()
        {
            Host.State.FindApp(ClientId).Consent = false;
            var consent = await Assert.ThrowsAsync<MsalUiRequiredException>(() => SecretApp().AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());
            Assert.Equal("invalid_grant", consent.ErrorCode);
            Assert.Contains("AADSTS65001", consent.Message);

            Host.State.FindApp(ClientId).ServicePrincipal = false;
            var principal = await Assert.ThrowsAsync<MsalServiceException>(() => SecretApp().AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());
            Assert.Equal("invalid_client", principal.ErrorCode);
            Assert.Contains("AADSTS7000229", principal.Message);
        }

        [Fact]
        public async Task A_forced_error_answers_the_next_request_only()
        {
            Host.State.ForceTokenError(7000229);
            var app = SecretApp();

            var error = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync());
            var result = await app.AcquireTokenForClient(new[] { OutlookDefault }).ExecuteAsync();

            Assert.Contains("AADSTS7000229", error.Message);
            Assert.NotNull(result.AccessToken);
            Assert.Equal(2, Host.State.TokenRequestCount("client_credentials"));
        }
    }
}
