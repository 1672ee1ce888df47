using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using BackupMail.OAuthDoubles;
using Microsoft.Identity.Client;
using Xunit;

namespace BackupMail.Tests.OAuthDoubles
{
    /// <summary>The Graph double through a plain HttpClient (default certificate validation) with MSAL's tokens.</summary>
    public sealed class GraphDoubleTests : OAuthDoublesTestBase
    {
        private const string Mime = "From: backup@contoso.onmicrosoft.com\r\nTo: admin@example.com\r\nSubject: Backup OK\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nAll files copied.\r\n";
        private const int MaxRequestBytes = 4 * 1024 * 1024;   // Graph's documented limit of a request
        private static readonly HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        private async Task<string> GraphToken()
        {
            var app = ConfidentialClientApplicationBuilder.Create(ClientId).WithAuthority(Authority, false).WithClientSecret(Secret).Build();
            return (await app.AcquireTokenForClient(new[] { Host.GraphEndpoint + "/.default" }).ExecuteAsync()).AccessToken;
        }

        private async Task<HttpResponseMessage> SendMail(string token, string user = UserName, string body = null, string query = "")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Host.GraphEndpoint}/v1.0/users/{Uri.EscapeDataString(user)}/sendMail{query}")
            {
                Content = new StringContent(body ?? Convert.ToBase64String(Encoding.UTF8.GetBytes(Mime)), Encoding.ASCII, "text/plain"),
            };
            if (token != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("client-request-id", "0f0e0d0c-0000-4000-8000-000000000001");
            return await http.SendAsync(request);
        }

        private static async Task<JsonObject> Error(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())["error"].AsObject();

        [Fact]
        public async Task SendMail_with_an_app_token_is_accepted_202_and_stored()
        {
            using var response = await SendMail(await GraphToken(), query: "?saveToSentItems=false");

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            var received = Assert.Single(Host.State.ReceivedGraphMessages());
            Assert.Equal(UserName, received.Mailbox);
            Assert.Equal("?saveToSentItems=false", received.Query);
            Assert.Equal(Mime, Encoding.UTF8.GetString(received.Mime));
            Assert.True(received.AppToken);
            Assert.False(received.Headers.ContainsKey("Authorization"));
        }

        [Fact]
        public async Task No_token_or_a_foreign_audience_is_401_InvalidAuthenticationToken()
        {
            using var none = await SendMail(null);
            var outlook = Host.MintAccessToken(ClientId, "https://outlook.office365.com", roles: new[] { "Mail.Send" });
            using var wrongAudience = await SendMail(outlook);

            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            var error = await Error(none);
            Assert.Equal("InvalidAuthenticationToken", (string)error["code"]);
            Assert.Equal("0f0e0d0c-0000-4000-8000-000000000001", (string)error["innerError"]["client-request-id"]);
            Assert.NotNull((string)error["innerError"]["request-id"]);
            Assert.NotNull((string)error["innerError"]["date"]);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
            Assert.Contains("Invalid audience", (string)(await Error(wrongAudience))["message"]);
        }

        [Fact]
        public async Task Without_Mail_Send_or_outside_the_access_policy_is_403_ErrorAccessDenied()
        {
            var noRole = Host.MintAccessToken(ClientId, "https://graph.microsoft.com", roles: new[] { "User.Read.All" });
            using var denied = await SendMail(noRole);
            Host.State.FindMailbox(UserName).OutsideAccessPolicy = true;
            using var policy = await SendMail(await GraphToken());

            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            var error = await Error(denied);
            Assert.Equal("ErrorAccessDenied", (string)error["code"]);
            Assert.Equal("Access is denied. Check credentials and try again.", (string)error["message"]);
            Assert.Equal(HttpStatusCode.Forbidden, policy.StatusCode);
            Assert.Equal("ErrorAccessDenied", (string)(await Error(policy))["code"]);
        }

        [Fact]
        public async Task An_unknown_sender_is_404_ErrorInvalidUser_and_GET_user_checks_the_mailbox()
        {
            var token = await GraphToken();
            using var unknown = await SendMail(token, "nobody@contoso.onmicrosoft.com");
            using var get = new HttpRequestMessage(HttpMethod.Get, $"{Host.GraphEndpoint}/v1.0/users/{UserName}");
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var found = await http.SendAsync(get);
            using var getMissing = new HttpRequestMessage(HttpMethod.Get, $"{Host.GraphEndpoint}/v1.0/users/nobody@contoso.onmicrosoft.com");
            getMissing.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var missing = await http.SendAsync(getMissing);

            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("ErrorInvalidUser", (string)(await Error(unknown))["code"]);
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            var user = JsonNode.Parse(await found.Content.ReadAsStringAsync());
            Assert.Equal(UserName, (string)user["mail"]);
            Assert.Equal(UserName, (string)user["userPrincipalName"]);
            Assert.Equal(Host.State.FindUser(UserName).ObjectId, (string)user["id"]);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        [Fact]
        public async Task A_body_over_4_MB_is_413_RequestBodyTooLarge()
        {
            var token = await GraphToken();
            using var atLimit = await SendMail(token, body: Convert.ToBase64String(Encoding.UTF8.GetBytes(Mime)).PadRight(MaxRequestBytes, ' '));
            using var over = await SendMail(token, body: new string('A', MaxRequestBytes + 1));

            Assert.Equal(HttpStatusCode.Accepted, atLimit.StatusCode);
            Assert.Equal((HttpStatusCode)413, over.StatusCode);
            Assert.Equal("RequestBodyTooLarge", (string)(await Error(over))["code"]);
        }

        [Fact]
        public async Task Forced_429_and_503_carry_Retry_After_then_the_next_send_goes_through()
        {
            Host.State.ForceGraphResponse(429, retryAfterSeconds: 7);
            Host.State.ForceGraphResponse(503, retryAfterSeconds: 3);
            var token = await GraphToken();

            using var throttled = await SendMail(token);
            using var unavailable = await SendMail(token);
            using var accepted = await SendMail(token);

            Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter.Delta);
            Assert.Equal("ApplicationThrottled", (string)(await Error(throttled))["code"]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), unavailable.Headers.RetryAfter.Delta);
            Assert.Equal("ServiceUnavailable", (string)(await Error(unavailable))["code"]);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Single(Host.State.ReceivedGraphMessages());
            Assert.Equal(3, Host.State.Counter("graph.sendMail"));
        }

        [Fact]
        public async Task Invalid_base64_is_400_ErrorMimeContentInvalidBase64String()
        {
            using var response = await SendMail(await GraphToken(), body: "this is not base64!");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ErrorMimeContentInvalidBase64String", (string)(await Error(response))["code"]);
        }

        [Fact]
        public async Task A_delegated_token_sends_as_me()
        {
            var token = Host.MintAccessToken(PublicClientId, "https://graph.microsoft.com", scopes: new[] { "Mail.Send" }, username: UserName);

            using var response = await SendMail(token, "me");

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("me", Assert.Single(Host.State.ReceivedGraphMessages()).UserInPath);
        }
    }
}
