using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using BackupMail.Accounts;
using BackupMail.Delivery.Graph;
using BackupMail.OAuth;
using MimeKit;
using Xunit;

using BackupMail.Tests.Support;

namespace BackupMail.Tests.Graph
{
    /// <summary>The small pieces: Retry-After, Graph's error body, the URLs, the envelope copy, token renewal.</summary>
    public sealed class GraphPartsTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Retry_After_is_read_as_seconds_or_as_an_HTTP_date()
        {
            Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter("120"));
            Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter(Now.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture)));
            Assert.Equal(TimeSpan.Zero, RetryAfter(Now.AddSeconds(-90).ToString("r", CultureInfo.InvariantCulture)));
            Assert.Null(RetryAfter("soon"));
            Assert.Null(RetryAfter(null));
        }

        [Fact]
        public void Graphs_error_body_gives_code_and_message_as_one_short_line()
        {
            var error = GraphError.Parse("{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\\r\\nSecond line\",\"innerError\":{\"request-id\":\"x\"}}}");
            Assert.Equal("ErrorAccessDenied", error.Code);
            Assert.Equal("ErrorAccessDenied: Access is denied.  Second line", error.ToString());

            Assert.Null(GraphError.Parse(string.Empty));
            Assert.Null(GraphError.Parse("<html>Bad gateway</html>"));
            Assert.Null(GraphError.Parse("{\"error\":\"invalid_grant\"}"));
            Assert.Null(GraphError.Parse("{\"error\":{\"code\":\"Cut"));
            Assert.True(GraphError.Parse("{\"error\":{\"code\":\"Long\",\"message\":\"" + new string('m', 100_000) + "\"}}").Message.Length <= 1001);
        }

        [Theory]
        [InlineData("https://graph.microsoft.com", "backup@contoso.com", "https://graph.microsoft.com/v1.0/users/backup@contoso.com/sendMail")]
        [InlineData("https://graph.microsoft.us/", "Backup Server <backup@contoso.us>", "https://graph.microsoft.us/v1.0/users/backup@contoso.us/sendMail")]
        [InlineData("https://graph.microsoft.com/v1.0/", "backup@contoso.com", "https://graph.microsoft.com/v1.0/users/backup@contoso.com/sendMail")]
        [InlineData("https://localhost:8443", "o'brien+backup@contoso.com", "https://localhost:8443/v1.0/users/o%27brien%2Bbackup@contoso.com/sendMail")]
        [InlineData("http://127.0.0.1:8080", "backup@contoso.com", "http://127.0.0.1:8080/v1.0/users/backup@contoso.com/sendMail")]
        public void The_sendMail_address_is_the_endpoint_and_the_encoded_sender(string endpoint, string from, string expected)
        {
            var address = GraphAddress.For(new MailAccount { GraphEndpoint = endpoint, From = from });

            Assert.Equal(expected, address.SendMail.AbsoluteUri);
        }

        [Fact]
        public void The_cloud_endpoint_is_used_when_the_account_names_none()
        {
            var address = GraphAddress.For(new MailAccount { Cloud = MicrosoftCloud.USGovernment, From = "backup@contoso.us" });

            Assert.StartsWith(CloudEndpoints.For(MicrosoftCloud.USGovernment).GraphEndpoint.TrimEnd('/') + "/v1.0/users/", address.SendMail.AbsoluteUri, StringComparison.Ordinal);
        }

        [Fact]
        public void An_envelope_with_group_members_keeps_only_those_wanted()
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("backup@example.com"));
            message.To.Add(new GroupAddress("Team", new InternetAddress[] { MailboxAddress.Parse("a@example.com"), MailboxAddress.Parse("b@example.com") }));
            message.Cc.Add(MailboxAddress.Parse("c@example.com"));
            message.Body = new TextPart("plain") { Text = "x" };

            using (var copy = GraphRecipients.ForRequest(message, new[] { "b@example.com", "Other <d@example.com>" }, out var added, out var removed))
            {
                Assert.NotSame(message, copy);
                Assert.Equal(new[] { "b@example.com" }, copy.To.Mailboxes.Select(m => m.Address));
                Assert.Empty(copy.Cc);
                Assert.Equal(new[] { "d@example.com" }, copy.Bcc.Mailboxes.Select(m => m.Address));
                Assert.Equal(new[] { "d@example.com" }, added);
                Assert.Equal(new[] { "a@example.com", "c@example.com" }, removed);
                Assert.Equal(message.MessageId, copy.MessageId);
            }

            Assert.Same(message, GraphRecipients.ForRequest(message, null, out _, out _));
        }

        [Fact]
        public void A_token_about_to_expire_is_renewed_before_a_request_without_forcing()
        {
            var now = Now;
            var source = new FakeTokenSource((n, forced) => "token-" + n) { Lifetime = TimeSpan.FromMinutes(10) };
            var credential = new GraphCredential(source, new MailAccount()) { Clock = () => now };

            // FakeTokenSource dates its tokens from the real clock; move this credential's clock relative to it.
            now = DateTimeOffset.UtcNow;
            Assert.Equal("token-0", credential.Get(default).Value);
            Assert.Equal("token-0", credential.Get(default).Value);
            now = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(9);
            Assert.Equal("token-1", credential.Get(default).Value);
            Assert.Equal(2, source.Calls.Count);
            Assert.All(source.Calls, call => Assert.Equal((TokenAudience.Graph, false), call));
        }

        private static TimeSpan? RetryAfter(string value)
        {
            using (var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests))
            {
                if (value != null)
                {
                    response.Headers.TryAddWithoutValidation("Retry-After", value);
                }

                return RetryAfterHeader.Read(response.Headers, Now);
            }
        }
    }
}
