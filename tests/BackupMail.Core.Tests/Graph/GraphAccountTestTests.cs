using System;
using System.Linq;
using System.Net.Http;
using BackupMail.Accounts;
using BackupMail.Delivery.Graph;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>GraphTransport.Test (Test-BackupMailAccount): a token, the sender mailbox checked, nothing sent.</summary>
    public sealed class GraphAccountTestTests : GraphDoublesTestBase
    {
        [Fact]
        public void The_test_reports_token_mailbox_endpoint_and_certificate_and_sends_nothing()
        {
            var result = TestDeadline.Run(() => Transport.Test(Account()));

            Assert.Equal("Graph", result.Account);
            Assert.Equal(MailTransportKind.Graph, result.Transport);
            Assert.Equal(MailAuthentication.OAuthApp, result.Authentication);
            Assert.Equal(Host.GraphEndpoint, result.GraphEndpoint);
            Assert.Equal(UserName, result.Mailbox);
            Assert.Equal(new[] { "Mail.Send" }, result.TokenPermissions);
            Assert.True(result.TokenFromCache);
            Assert.InRange(result.TokenExpiresOn.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
            Assert.Equal(GraphLimits.MaxMessageBytes, result.MaxMessageSize);
            Assert.NotNull(result.CertificateThumbprint);
            Assert.Equal(0, Host.State.Counter("graph.sendMail"));
            Assert.Equal(1, Host.State.Counter("graph.users"));
            Assert.Contains(Output.Verbose, line => line.Contains("GET " + Host.GraphEndpoint + "/v1.0/users/" + UserName, StringComparison.Ordinal));
            Assert.Empty(Output.Warnings);
            AssertNoTokenAnywhere();
        }

        [Fact]
        public void An_unknown_sender_fails_the_test_with_mailbox_not_found()
        {
            var error = TestDeadline.Throws<BackupMailException>(() => Transport.Test(Account(from: "nobody@contoso.onmicrosoft.com")));

            Assert.Equal("GraphMailboxNotFound", error.ErrorId);
            Assert.Contains("Request_ResourceNotFound", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_refused_token_is_renewed_once_for_the_test_too()
        {
            Tokens = new FakeTokenSource((n, forced) => forced ? Mint() : "stale.token.value-which-is-not-valid");

            var result = TestDeadline.Run(() => Transport.Test(Account()));

            Assert.Equal(UserName, result.Mailbox);
            Assert.False(result.TokenFromCache);
            Assert.Equal(new[] { false, true }, Tokens.Calls.Select(c => c.ForceRefresh));
        }

        [Fact]
        public void A_403_reading_the_mailbox_with_Mail_Send_leaves_it_unchecked_with_a_warning()
        {
            var handler = new StubHandler(request => StubHandler.Json(403, "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges to complete the operation.\"}}"));
            using (var transport = new GraphTransport(Tokens, Output, handler))
            {
                var result = TestDeadline.Run(() => transport.Test(Account(endpoint: "https://graph.example.com")));

                Assert.Null(result.Mailbox);
                Assert.Equal(new[] { "Mail.Send" }, result.TokenPermissions);
                var warning = Assert.Single(Output.Warnings);
                Assert.Contains("was not checked", warning, StringComparison.Ordinal);
                Assert.Contains("User.Read.All", warning, StringComparison.Ordinal);
                Assert.Contains("Authorization_RequestDenied", warning, StringComparison.Ordinal);
                var request = Assert.Single(handler.Requests);
                Assert.Equal(HttpMethod.Get, request.Method);
                Assert.Equal("https://graph.example.com/v1.0/users/" + UserName + "?$select=displayName,mail,userPrincipalName", request.RequestUri.ToString());
                Assert.Equal("Bearer", request.Headers.Authorization.Scheme);
            }
        }

        [Fact]
        public void A_403_reading_the_mailbox_without_Mail_Send_is_access_denied()
        {
            Tokens.Roles = new[] { "User.Read.All" };
            var handler = new StubHandler(request => StubHandler.Json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}"));
            using (var transport = new GraphTransport(Tokens, Output, handler))
            {
                var error = TestDeadline.Throws<BackupMailException>(() => transport.Test(Account(endpoint: "https://graph.example.com")));

                Assert.Equal("GraphAccessDenied", error.ErrorId);
                Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            }
        }
    }
}
