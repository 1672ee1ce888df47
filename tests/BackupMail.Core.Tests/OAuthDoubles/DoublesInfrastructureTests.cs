using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using BackupMail.OAuthDoubles;
using Xunit;

namespace BackupMail.Tests.OAuthDoubles
{
    /// <summary>The CA, hand-made client assertions (RS256/PS256, x5t/x5t#S256) and the control API over HTTPS.</summary>
    public sealed class DoublesInfrastructureTests : OAuthDoublesTestBase
    {
        private static readonly HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        private string Assertion(X509Certificate2 certificate, string algorithm, bool sha256Thumbprint, string audience = null, long? exp = null)
        {
            var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" };
            if (sha256Thumbprint) header["x5t#S256"] = Jwt.Base64Url(certificate.GetCertHash(HashAlgorithmName.SHA256));
            else header["x5t"] = Jwt.Base64Url(certificate.GetCertHash(HashAlgorithmName.SHA1));
            var now = Jwt.Now;
            var payload = new JsonObject
            {
                ["aud"] = audience ?? Host.TokenEndpoint(TenantId), ["iss"] = ClientId, ["sub"] = ClientId,
                ["jti"] = Guid.NewGuid().ToString(), ["nbf"] = now, ["iat"] = now, ["exp"] = exp ?? now + 600,
            };
            var input = Jwt.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Jwt.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
            using var key = certificate.GetRSAPrivateKey();
            var padding = algorithm == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return input + "." + Jwt.Base64Url(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, padding));
        }

        private async Task<(HttpStatusCode Status, JsonObject Body)> Token(string assertion)
        {
            using var response = await http.PostAsync(Host.TokenEndpoint(TenantId), new FormUrlEncodedContent(new[]
            {
                new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "client_credentials"),
                new System.Collections.Generic.KeyValuePair<string, string>("client_id", ClientId),
                new System.Collections.Generic.KeyValuePair<string, string>("scope", OutlookDefault),
                new System.Collections.Generic.KeyValuePair<string, string>("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                new System.Collections.Generic.KeyValuePair<string, string>("client_assertion", assertion),
            }));
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()).AsObject());
        }

        [Theory]
        [InlineData("RS256", false)]
        [InlineData("RS256", true)]
        [InlineData("PS256", false)]
        [InlineData("PS256", true)]
        public async Task Assertions_signed_RS256_or_PS256_with_either_thumbprint_are_accepted(string algorithm, bool sha256)
        {
            using var certificate = Host.CertificateAuthority.IssueClientCertificate();
            Host.State.FindApp(ClientId).Certificates.Add(certificate);

            var (status, body) = await Token(Assertion(certificate, algorithm, sha256));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("https://outlook.office365.com", Jwt.Parse((string)body["access_token"]).Claim("aud"));
        }

        [Theory]
        [InlineData("audience", 50012)]
        [InlineData("expired", 700024)]
        [InlineData("tampered", 700027)]
        public async Task Bad_assertions_get_Entras_errors(string fault, int code)
        {
            using var certificate = Host.CertificateAuthority.IssueClientCertificate();
            Host.State.FindApp(ClientId).Certificates.Add(certificate);
            var assertion = fault switch
            {
                "audience" => Assertion(certificate, "PS256", true, audience: Host.TokenEndpoint("common")),
                "expired" => Assertion(certificate, "PS256", true, exp: Jwt.Now - 3600),
                _ => Assertion(certificate, "RS256", false)[..^4] + "AAAA",
            };

            var (status, body) = await Token(assertion);

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_client", (string)body["error"]);
            Assert.Equal(code, (int)body["error_codes"][0]);
            Assert.StartsWith($"AADSTS{code}: ", (string)body["error_description"]);
            Assert.NotNull((string)body["trace_id"]);
            Assert.NotNull((string)body["correlation_id"]);
            Assert.NotNull((string)body["timestamp"]);
        }

        [Fact]
        public async Task The_control_API_registers_forces_and_counts_over_HTTPS()
        {
            async Task<JsonNode> Post(string path, string json)
            {
                using var response = await http.PostAsync($"{Host.ControlUri}/{path}", new StringContent(json, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return JsonNode.Parse(await response.Content.ReadAsStringAsync());
            }

            var app = await Post("apps", $"{{\"tenantId\":\"{TenantDomain}\",\"secret\":\"s\",\"roles\":{{\"https://graph.microsoft.com\":[\"Mail.Send\"]}}}}");
            await Post("identity/errors", "{\"code\":700016,\"count\":1}");
            var clientId = (string)app["clientId"];
            var form = new FormUrlEncodedContent(new System.Collections.Generic.Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "s", ["scope"] = "https://graph.microsoft.com/.default",
            });
            using var forced = await http.PostAsync(Host.TokenEndpoint(TenantDomain), form);
            using var ok = await http.PostAsync(Host.TokenEndpoint(TenantDomain), form);
            var stats = JsonNode.Parse(await http.GetStringAsync($"{Host.ControlUri}/stats"));

            Assert.Equal(HttpStatusCode.BadRequest, forced.StatusCode);
            Assert.Contains("AADSTS700016", await forced.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(2, (int)stats["totalTokenRequests"]);
            Assert.Equal(clientId, (string)stats["tokenRequests"][0]["clientId"]);
            using var unknown = await http.GetAsync($"{Host.ControlUri}/nothing-here");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        [Fact]
        public void Make_ca_is_idempotent_and_the_trust_file_ends_with_the_CA()
        {
            var directory = Path.Combine(Path.GetTempPath(), "test-ca-" + Guid.NewGuid().ToString("N"));
            try
            {
                string firstThumbprint;
                using (var first = TestCertificateAuthority.CreateOrLoad(directory)) firstThumbprint = first.Certificate.Thumbprint;
                using var second = TestCertificateAuthority.CreateOrLoad(directory);

                Assert.Equal(firstThumbprint, second.Certificate.Thumbprint);
                var pem = File.ReadAllText(Path.Combine(directory, "ca.pem")).Trim();
                Assert.EndsWith(pem, File.ReadAllText(Path.Combine(directory, "trust.pem")).Trim());
                using var server = second.IssueServerCertificate();
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(second.Certificate);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                Assert.True(chain.Build(server));
                var names = System.Linq.Enumerable.Single(System.Linq.Enumerable.OfType<X509SubjectAlternativeNameExtension>(server.Extensions));
                Assert.Contains("localhost", names.EnumerateDnsNames());
                Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
                Assert.Contains(IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
