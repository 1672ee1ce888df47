using System;
using System.Linq;
using BackupMail.OAuth;
using BackupMail.OAuthDoubles;
using Xunit;

using BackupMail.Tests.Support;

namespace BackupMail.Tests.Graph
{
    /// <summary>Each of Graph's answers, from the double, becomes the right error ID, Recovery and RetryAfter.</summary>
    public sealed class GraphStatusTests : GraphDoublesTestBase
    {
        [Theory]
        [InlineData(400, null, "GraphMessageRejected", ErrorRecovery.Never)]
        [InlineData(403, null, "GraphAccessDenied", ErrorRecovery.Administrator)]
        [InlineData(404, null, "GraphMailboxNotFound", ErrorRecovery.Administrator)]
        [InlineData(404, "ResourceNotFound", "GraphMailboxNotFound", ErrorRecovery.Administrator)]
        [InlineData(404, "MailboxNotEnabledForRESTAPI", "GraphMailboxNotFound", ErrorRecovery.Administrator)]
        [InlineData(404, "SomethingElse", "GraphRequestFailed", ErrorRecovery.Administrator)]
        [InlineData(413, null, "GraphMessageRejected", ErrorRecovery.Never)]
        [InlineData(429, null, "GraphServiceBusy", ErrorRecovery.Retry)]
        [InlineData(500, null, "GraphServiceBusy", ErrorRecovery.Retry)]
        [InlineData(502, null, "GraphServiceBusy", ErrorRecovery.Retry)]
        [InlineData(503, null, "GraphServiceBusy", ErrorRecovery.Retry)]
        [InlineData(504, null, "GraphServiceBusy", ErrorRecovery.Retry)]
        [InlineData(409, null, "GraphRequestFailed", ErrorRecovery.Administrator)]
        [InlineData(415, null, "GraphRequestFailed", ErrorRecovery.Administrator)]
        public void A_status_becomes_its_error(int status, string code, string errorId, ErrorRecovery recovery)
        {
            Host.State.ForceGraphResponse(status, code: code);

            var error = SendFails(Compose());

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(recovery, error.Recovery);
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", error.Message, StringComparison.Ordinal);
            Assert.Contains("request-id", error.Message, StringComparison.Ordinal);
            AssertNoTokenAnywhere(error.Message, error.ToString());
        }

        [Fact]
        public void A_400_says_what_Graph_said()
        {
            Host.State.ForceGraphResponse(400, code: "ErrorMimeContentInvalidBase64String", message: "Invalid base64 string for MIME content.");

            var error = SendFails(Compose());

            Assert.Equal("GraphMessageRejected", error.ErrorId);
            Assert.Contains("ErrorMimeContentInvalidBase64String: Invalid base64 string for MIME content", error.Message, StringComparison.Ordinal);
            Assert.Contains("400 Bad Request", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(429, 120)]
        [InlineData(503, 30)]
        public void Retry_After_in_seconds_is_carried_on_the_error(int status, int seconds)
        {
            Host.State.ForceGraphResponse(status, retryAfterSeconds: seconds);

            var error = SendFails(Compose());

            Assert.Equal("GraphServiceBusy", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Equal(TimeSpan.FromSeconds(seconds), error.RetryAfter);
            Assert.Contains("in " + seconds + " seconds at the earliest", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_503_without_Retry_After_has_none()
        {
            Host.State.ForceGraphResponse(503);

            var error = SendFails(Compose());

            Assert.Null(error.RetryAfter);
            Assert.Contains("tried again later", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_mailbox_outside_the_application_access_policy_is_access_denied_naming_the_fix()
        {
            Host.State.RegisterMailbox(new MailboxRegistration { Address = "restricted@contoso.onmicrosoft.com", TenantId = TenantId, OutsideAccessPolicy = true });

            var error = SendFails(Compose(), Account(from: "restricted@contoso.onmicrosoft.com"));

            Assert.Equal("GraphAccessDenied", error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("ErrorAccessDenied", error.Message, StringComparison.Ordinal);
            Assert.Contains("Mail.Send", error.Message, StringComparison.Ordinal);
            Assert.Contains("admin consent", error.Message, StringComparison.Ordinal);
            Assert.Contains("New-ApplicationAccessPolicy -AppId " + ClientId, error.Message, StringComparison.Ordinal);
            Assert.Contains("New-ManagementRoleAssignment -App " + ClientId, error.Message, StringComparison.Ordinal);
            Assert.Contains("restricted@contoso.onmicrosoft.com", error.Message, StringComparison.Ordinal);
            Assert.Empty(Host.State.ReceivedGraphMessages());
        }

        [Fact]
        public void A_token_without_Mail_Send_is_access_denied()
        {
            Tokens = new FakeTokenSource((n, forced) => Mint("User.Read.All")) { Roles = new[] { "User.Read.All" } };

            var error = SendFails(Compose());

            Assert.Equal("GraphAccessDenied", error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
        }

        [Fact]
        public void An_unknown_sender_is_mailbox_not_found_saying_check_From()
        {
            var error = SendFails(Compose(), Account(from: "nobody@contoso.onmicrosoft.com"));

            Assert.Equal("GraphMailboxNotFound", error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("ErrorInvalidUser", error.Message, StringComparison.Ordinal);
            Assert.Contains("-From", error.Message, StringComparison.Ordinal);
            Assert.Equal("nobody@contoso.onmicrosoft.com", error.Target);
        }

        [Fact]
        public void A_mailbox_not_enabled_for_REST_is_mailbox_not_found()
        {
            Host.State.RegisterMailbox(new MailboxRegistration { Address = "onprem@contoso.onmicrosoft.com", TenantId = TenantId, RestApiEnabled = false });

            var error = SendFails(Compose(), Account(from: "onprem@contoso.onmicrosoft.com"));

            Assert.Equal("GraphMailboxNotFound", error.ErrorId);
            Assert.Contains("MailboxNotEnabledForRESTAPI", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_refused_token_is_dropped_and_a_new_one_gets_the_message_through()
        {
            // The first token is not one the identity provider issued; the forced refresh gets a real one.
            Tokens = new FakeTokenSource((n, forced) => forced ? Mint() : "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLW9mLWEtc3RhbGUtdG9rZW4");

            var receipt = Send(Compose("After refresh"));

            Assert.StartsWith("202 Accepted", receipt.ServerResponse, StringComparison.Ordinal);
            Assert.Equal("After refresh", Parse(SingleReceived()).Subject);
            Assert.Equal(new[] { (TokenAudience.Graph, false), (TokenAudience.Graph, true) }, Tokens.Calls);
            Assert.Equal(2, Host.State.Counter("graph.sendMail"));
            Assert.Contains(Output.Verbose, line => line.Contains("refused the access token (InvalidAuthenticationToken", StringComparison.Ordinal));
            AssertNoTokenAnywhere();
        }

        [Fact]
        public void A_forced_401_then_success_asks_for_a_new_token_once()
        {
            Host.State.ForceGraphResponse(401);

            Send(Compose());

            Assert.Single(Host.State.ReceivedGraphMessages());
            Assert.Equal(new[] { false, true }, Tokens.Calls.Select(c => c.ForceRefresh));
        }

        [Fact]
        public void A_401_for_the_new_token_too_is_access_denied_after_exactly_one_refresh()
        {
            Host.State.ForceGraphResponse(401, count: 3);

            var error = SendFails(Compose());

            Assert.Equal("GraphAccessDenied", error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("refused the access token of account 'Graph' twice", error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { false, true }, Tokens.Calls.Select(c => c.ForceRefresh));
            Assert.Equal(2, Host.State.Counter("graph.sendMail"));
            AssertNoTokenAnywhere(error.Message);
        }

        [Fact]
        public void A_token_source_failure_passes_through_unchanged()
        {
            var failure = new BackupMailException("OAuthProviderUnreachable", BackupMailErrorKind.ConnectionError, "The identity provider is down.") { Recovery = ErrorRecovery.Retry };
            Tokens.Failure = failure;

            var error = SendFails(Compose());

            Assert.Same(failure, error);
            Assert.Equal(0, Host.State.Counter("graph.sendMail"));
        }
    }
}
