using System;
using System.Diagnostics;
using System.Threading;
using BackupMail.Jobs;
using BackupMail.Ping;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Ping
{
    public sealed class HealthPingTests
    {
        private const string Key = "5f3c1a2e-0d9b-4c77-9a51-7e2f6c3b8d10";
        private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

        private static string Take(PingListener listener) =>
            listener.Requests.TryTake(out var line, TimeSpan.FromSeconds(5)) ? line : "(no request)";

        [Fact]
        public void Success_gets_the_url_itself()
        {
            using var listener = PingListener.Answering(200);
            using var ping = new HealthPing(Short);

            var outcome = TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/ping/" + Key), BackupStatus.Success));

            Assert.Equal(PingOutcomeKind.Sent, outcome.Kind);
            Assert.True(outcome.Succeeded);
            Assert.Equal(200, outcome.StatusCode);
            Assert.Equal("GET /ping/" + Key + " HTTP/1.1", Take(listener));
        }

        [Fact]
        public void Warning_counts_as_a_success_ping()
        {
            using var listener = PingListener.Answering(200);
            using var ping = new HealthPing(Short);

            TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/" + Key), BackupStatus.Warning));

            Assert.Equal("GET /" + Key + " HTTP/1.1", Take(listener));
        }

        [Fact]
        public void Failure_appends_the_fail_segment_and_keeps_the_query()
        {
            using var listener = PingListener.Answering(200);
            using var ping = new HealthPing(Short);

            var outcome = TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/ping/" + Key + "/?rid=7&m=a%20b"), BackupStatus.Failure));

            Assert.True(outcome.Succeeded);
            Assert.Equal("GET /ping/" + Key + "/fail?rid=7&m=a%20b HTTP/1.1", Take(listener));
        }

        [Theory]
        [InlineData("https://hc-ping.com/KEY", "https://hc-ping.com/KEY/fail")]
        [InlineData("https://hc-ping.com/KEY/", "https://hc-ping.com/KEY/fail")]
        [InlineData("https://hc-ping.com/KEY?create=1", "https://hc-ping.com/KEY/fail?create=1")]
        [InlineData("https://kuma.example:3001/api/push/TOKEN?status=up&msg=OK", "https://kuma.example:3001/api/push/TOKEN/fail?status=up&msg=OK")]
        [InlineData("https://hc-ping.com", "https://hc-ping.com/fail")]
        public void The_fail_address_is_one_segment_more(string url, string expected)
        {
            Assert.Equal(expected, HealthPing.AddressFor(new Uri(url), BackupStatus.Failure).AbsoluteUri);
            Assert.Equal(new Uri(url), HealthPing.AddressFor(new Uri(url), BackupStatus.Success));
        }

        [Fact]
        public void An_answer_that_is_not_2xx_is_refused_not_thrown()
        {
            using var listener = PingListener.Answering(404);
            using var ping = new HealthPing(Short);

            var outcome = TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/" + Key), BackupStatus.Success));

            Assert.Equal(PingOutcomeKind.Refused, outcome.Kind);
            Assert.Equal(404, outcome.StatusCode);
            Assert.DoesNotContain(Key, outcome.Message);
        }

        [Fact]
        public void A_server_that_never_answers_is_given_up_after_the_timeout()
        {
            using var listener = PingListener.Hanging();
            using var ping = new HealthPing(TimeSpan.FromMilliseconds(500));
            var watch = Stopwatch.StartNew();

            var outcome = TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/" + Key), BackupStatus.Failure), TimeSpan.FromSeconds(20));

            Assert.Equal(PingOutcomeKind.TimedOut, outcome.Kind);
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));
            Assert.Equal("GET /" + Key + "/fail HTTP/1.1", Take(listener));
            Assert.DoesNotContain(Key, outcome.Message);
            Assert.Contains(listener.Base, outcome.Message);
        }

        [Fact]
        public void A_server_that_dribbles_its_answer_is_given_up_after_the_timeout()
        {
            using var listener = PingListener.Dribbling(TimeSpan.FromMilliseconds(50));
            using var ping = new HealthPing(TimeSpan.FromMilliseconds(700));
            var watch = Stopwatch.StartNew();

            var outcome = TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/" + Key), BackupStatus.Success), TimeSpan.FromSeconds(20));

            Assert.Equal(PingOutcomeKind.TimedOut, outcome.Kind);
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(3));
        }

        [Fact]
        public void A_refused_connection_is_an_outcome_not_an_exception()
        {
            using var ping = new HealthPing(TimeSpan.FromSeconds(5));
            var url = new Uri("http://127.0.0.1:" + LoopbackPort.Unused() + "/ping/" + Key + "?secret=" + Key);

            var outcome = TestDeadline.Run(() => ping.Send(url, BackupStatus.Failure));

            Assert.Equal(PingOutcomeKind.Unreachable, outcome.Kind);
            Assert.False(outcome.Succeeded);
            Assert.Null(outcome.StatusCode);
            Assert.DoesNotContain(Key, outcome.Message);
            Assert.Equal("http://127.0.0.1:" + url.Port, outcome.Target);
        }

        [Fact]
        public void The_caller_can_stop_a_ping_at_once()
        {
            using var listener = PingListener.Hanging();
            using var ping = new HealthPing(TimeSpan.FromSeconds(30));
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            var outcome = TestDeadline.Run(() => ping.Send(new Uri(listener.Base + "/" + Key), BackupStatus.Success, stop.Token), TimeSpan.FromSeconds(10));

            Assert.Equal(PingOutcomeKind.Cancelled, outcome.Kind);
        }

        [Theory]
        [InlineData("ftp://example.org/x")]
        [InlineData("file:///tmp/x")]
        public void A_url_that_is_not_http_is_not_pinged(string url)
        {
            using var ping = new HealthPing(Short);

            var outcome = ping.Send(new Uri(url), BackupStatus.Success);

            Assert.Equal(PingOutcomeKind.InvalidUrl, outcome.Kind);
        }

        [Fact]
        public void A_null_url_is_an_outcome_too()
        {
            using var ping = new HealthPing(Short);

            Assert.Equal(PingOutcomeKind.InvalidUrl, ping.Send(null!, BackupStatus.Success).Kind);
        }

        [Theory]
        [InlineData("https://hc-ping.com/" + Key, "https://hc-ping.com")]
        [InlineData("https://user:pw@example.org:8443/p?k=v", "https://example.org:8443")]
        [InlineData("http://example.org:80/x", "http://example.org")]
        public void Redact_shows_scheme_and_host_only(string url, string expected)
        {
            Assert.Equal(expected, HealthPing.Redact(new Uri(url)));
        }

        [Fact]
        public void No_http_client_exists_before_the_first_ping()
        {
            var created = 0;
            using (new HealthPing(Short, () => { created++; return new System.Net.Http.HttpClientHandler(); }))
            {
            }

            Assert.Equal(0, created);
        }
    }
}
