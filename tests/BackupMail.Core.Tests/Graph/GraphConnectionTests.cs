using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.OAuthDoubles;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>
    /// Graph that cannot be reached, never answers, dribbles its answer or presents a certificate from a CA nobody
    /// trusts: each ends within the account's timeout (or at once when cancelled) with the right error.
    /// </summary>
    public sealed class GraphConnectionTests : GraphDoublesTestBase
    {
        private const int TimeoutSeconds = 2;

        // The deadline plus what a loaded two-core machine may add.
        private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2.5);

        [Fact]
        public void A_refused_connection_is_connect_failed_and_retried()
        {
            var error = SendFails(Compose(), Account(endpoint: "http://127.0.0.1:" + LoopbackPort.Unused()));

            Assert.Equal("GraphConnectFailed", error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_host_name_that_does_not_resolve_is_connect_failed()
        {
            var error = SendFails(Compose(), Account(endpoint: "https://graph.invalid"));

            Assert.Equal("GraphConnectFailed", error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
        }

        [Fact]
        public void A_server_that_never_answers_is_connect_failed_within_the_timeout()
        {
            using (var server = RawHttpServer.Silent())
            {
                var error = SendFailsTimed("https://localhost:" + server.Port, out var elapsed);

                Assert.Equal("GraphConnectFailed", error.ErrorId);
                Assert.Equal(ErrorRecovery.Retry, error.Recovery);
                Assert.Contains("no complete answer within 2 seconds", error.Message, StringComparison.Ordinal);
                Assert.InRange(elapsed, TimeSpan.FromSeconds(TimeoutSeconds) - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(TimeoutSeconds) + Slack);
            }
        }

        [Fact]
        public void A_server_that_dribbles_its_status_line_is_connect_failed_within_the_timeout()
        {
            AssertConnectFailedWithinTheTimeout((stream, token) =>
                RawHttpServer.Dribble(stream, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n", TimeSpan.FromMilliseconds(150), token));
        }

        [Fact]
        public void A_server_that_dribbles_its_error_body_is_connect_failed_within_the_timeout()
        {
            AssertConnectFailedWithinTheTimeout(async (stream, token) =>
            {
                await RawHttpServer.Write(stream, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", token);
                await RawHttpServer.Dribble(stream, "{\"error\":{\"code\":\"x\",\"message\":\"" + new string('y', 99000), TimeSpan.FromMilliseconds(50), token);
            });
        }

        [Fact]
        public void An_endless_error_body_is_read_only_to_64_KiB()
        {
            using (var certificate = Host.CertificateAuthority.IssueServerCertificate())
            using (var server = RawHttpServer.Answering(certificate, async (stream, token) =>
            {
                await RawHttpServer.Write(stream, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"error\":{\"code\":\"Huge\",\"message\":\"", token);
                var filler = new byte[16384];
                Array.Fill(filler, (byte)'z');
                while (!token.IsCancellationRequested)
                {
                    await stream.WriteAsync(filler, token);
                }
            }))
            {
                var error = SendFails(Compose(), Account(endpoint: server.Endpoint, timeoutSeconds: 10));

                // Cut at 64 KiB the JSON does not parse: the status says what happened, and the message stays short.
                Assert.Equal("GraphMessageRejected", error.ErrorId);
                Assert.Contains("no details (400 Bad Request)", error.Message, StringComparison.Ordinal);
                Assert.True(error.Message.Length < 1000, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        [Fact]
        public void Cancelling_ends_a_request_at_once()
        {
            using (var server = RawHttpServer.Silent())
            using (var cancel = new CancellationTokenSource())
            using (var session = Transport.Open(Account(endpoint: "https://localhost:" + server.Port, timeoutSeconds: 60)))
            {
                var watch = Stopwatch.StartNew();
                var sending = Task.Run(() => session.Send(Compose(), null, cancel.Token));
                Thread.Sleep(300);
                cancel.Cancel();

                var error = Assert.ThrowsAny<OperationCanceledException>(() => sending.GetAwaiter().GetResult());
                watch.Stop();
                Assert.Equal(cancel.Token, error.CancellationToken);
                Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
            }
        }

        [Fact]
        public void A_certificate_from_an_untrusted_CA_is_certificate_untrusted_for_the_administrator()
        {
            using (var untrusted = TestCertificateAuthority.CreateInMemory())
            using (var rogue = DoublesHost.Start(untrusted))
            {
                var error = SendFails(Compose(), Account(endpoint: rogue.GraphEndpoint));

                Assert.Equal("GraphCertificateUntrusted", error.ErrorId);
                Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
                Assert.Equal(BackupMailErrorKind.SecurityError, error.Kind);
                Assert.Contains("not issued by an authority this computer trusts", error.Message, StringComparison.Ordinal);
                Assert.Contains("SHA-256 thumbprint", error.Message, StringComparison.Ordinal);
                Assert.Contains(untrusted.Certificate.Subject, error.Message, StringComparison.Ordinal);
                Assert.Empty(rogue.State.ReceivedGraphMessages());
                Assert.Equal(0, rogue.State.Counter("graph.sendMail"));
            }
        }

        [Theory]
        [InlineData("http://graph.example.com")]
        [InlineData("ftp://graph.example.com")]
        [InlineData("graph.microsoft.com")]
        public void An_endpoint_that_would_send_the_token_unencrypted_is_refused_before_any_token(string endpoint)
        {
            var error = TestDeadline.Throws<BackupMailException>(() => Transport.Open(Account(endpoint: endpoint)));

            Assert.Equal("GraphRequestFailed", error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("-GraphEndpoint https://graph.microsoft.com", error.Message, StringComparison.Ordinal);
            Assert.Empty(Tokens.Calls);
        }

        // Sends to a TLS server answering with answer: it fails as GraphConnectFailed within the account's timeout.
        private void AssertConnectFailedWithinTheTimeout(Func<Stream, CancellationToken, Task> answer)
        {
            using (var certificate = Host.CertificateAuthority.IssueServerCertificate())
            using (var server = RawHttpServer.Answering(certificate, answer))
            {
                var error = SendFailsTimed(server.Endpoint, out var elapsed);

                Assert.Equal("GraphConnectFailed", error.ErrorId);
                Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(TimeoutSeconds) + Slack);
            }
        }

        // SendFails to endpoint with the short timeout, and how long that took.
        private BackupMailException SendFailsTimed(string endpoint, out TimeSpan elapsed)
        {
            var watch = Stopwatch.StartNew();
            var error = SendFails(Compose(), Account(endpoint: endpoint, timeoutSeconds: TimeoutSeconds));
            elapsed = watch.Elapsed;
            return error;
        }
    }
}
