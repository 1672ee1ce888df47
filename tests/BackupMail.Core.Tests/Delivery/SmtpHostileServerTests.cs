using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>
    /// Issue 11 §3: the whole exchange is bounded in time (each phase, not each read) and in memory (each reply line
    /// and each reply), whatever the server sends.
    /// </summary>
    public sealed class SmtpHostileServerTests : DeliveryTestBase
    {
        /// <summary>What a server may push at most before the test stops it: a client that buffers it all fails the test, not the machine.</summary>
        internal const long StreamCap = 256L * 1024 * 1024;

        /// <summary>How much the test process may grow while a hostile server streams at it.</summary>
        internal const long MemoryBound = 100L * 1024 * 1024;

        internal static readonly TimeSpan Drip = TimeSpan.FromSeconds(1);

        // A valid reply, one byte a second: each read gets a byte long before MailKit's per-read timeout.
        internal const string SlowReply = "250 2.1.0 Ok, I am taking all the time in the world to say so, one byte at a time\r\n";

        internal static MailAccount AccountFor(ScriptedSmtpServer server, int timeoutSeconds) =>
            new MailAccount { Name = "Test", SmtpServer = server.Host, Port = server.Port, Security = MailSecurity.None, From = "backup@example.com", TimeoutSeconds = timeoutSeconds };

        [Fact]
        public void AReplyDribbledAtMailEndsAtTheTimeoutAsATransientError()
        {
            using var server = ScriptedSmtpServer.MisbehaveAt("MAIL", c => c.Dribble(SlowReply, Drip));
            var clock = Stopwatch.StartNew();

            var error = SendFails(AccountFor(server, timeoutSeconds: 2), null);

            clock.Stop();
            Assert.Equal("SmtpConnectionLost", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("within 2 seconds", error.Message);
            Assert.True(global::BackupMail.Outbox.OutboxPolicy.ShouldQueue(error));
            // Generous: the dribble alone would take over 80 s.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "took " + clock.Elapsed);
        }

        [Fact]
        public void SlowButTimelyAnswersToEachCommandDoNotAddUpToATimeout()
        {
            // Each answer comes after 1.2 s with a 2 s timeout: the message takes well over 2 s in all, each phase less.
            using var server = ScriptedSmtpServer.Conversation(command =>
            {
                var verb = command.Split(' ')[0].ToUpperInvariant();
                if (verb == "MAIL" || verb == "RCPT" || verb == "DATA" || verb == ".")
                {
                    Thread.Sleep(1200);
                }

                return ScriptedSmtpServer.StandardReply(command);
            });

            var receipt = Send(AccountFor(server, timeoutSeconds: 2), null);

            Assert.Contains("queued as 12345", receipt.ServerResponse);
        }

        [Fact]
        public void CancellingDuringADribbleStopsPromptly()
        {
            using var server = ScriptedSmtpServer.MisbehaveAt("MAIL", c => c.Dribble(SlowReply, Drip));
            using var cancel = new CancellationTokenSource();
            var clock = new Stopwatch();

            TestDeadline.Throws<OperationCanceledException>(() =>
            {
                using var session = Connector.Connect(AccountFor(server, timeoutSeconds: 30), null);
                cancel.CancelAfter(TimeSpan.FromSeconds(1));
                clock.Start();
                session.Send(Message(), cancel.Token);
            });

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "took " + clock.Elapsed);
        }

        [Theory]
        [InlineData("MAIL", "250-")]
        [InlineData("EHLO", "250-")]
        [InlineData("EHLO", "250 ")]
        public void AnEndlessReplyLineIsSmtpProtocolViolationAndMemoryStaysBounded(string verb, string prefix)
        {
            long sent = 0;
            using var server = ScriptedSmtpServer.MisbehaveAt(verb, c => Interlocked.Exchange(ref sent, c.Stream(prefix, "X", StreamCap)));
            using var memory = MemoryWatch.Start();

            var error = SendFails(AccountFor(server, timeoutSeconds: 30), null);

            Assert.True(memory.PeakGrowth < MemoryBound, "grew by " + memory.PeakGrowth / (1024 * 1024) + " MB");
            Assert.Equal("SmtpProtocolViolation", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("8192 bytes", error.Message);
            Assert.Contains(server.Host + ":" + server.Port, error.Message);
            SpinWait.SpinUntil(() => Interlocked.Read(ref sent) > 0, TimeSpan.FromSeconds(10));
            Assert.InRange(Interlocked.Read(ref sent), 1, StreamCap - 1);
        }

        [Fact]
        public void AnEndlessGreetingLineIsSmtpProtocolViolation()
        {
            using var server = ScriptedSmtpServer.Start(c => c.Stream("220-", "X", StreamCap));

            var error = SendFails(AccountFor(server, timeoutSeconds: 30), null);

            Assert.Equal("SmtpProtocolViolation", error.ErrorId);
            Assert.True(error.IsTransient);
        }

        [Fact]
        public void AReplyOfThousandsOfLinesIsSmtpProtocolViolation()
        {
            using var server = ScriptedSmtpServer.MisbehaveAt("MAIL", c => c.Stream("250-first\r\n", "250-and another line\r\n", StreamCap));
            using var memory = MemoryWatch.Start();

            var error = SendFails(AccountFor(server, timeoutSeconds: 30), null);

            Assert.True(memory.PeakGrowth < MemoryBound, "grew by " + memory.PeakGrowth / (1024 * 1024) + " MB");
            Assert.Equal("SmtpProtocolViolation", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("100 lines", error.Message);
        }

        // The limit's edge: a reply of exactly ReplyGuard.MaxReplyLines lines goes through, one line more is refused.
        [Theory]
        [InlineData(0, true)]
        [InlineData(1, false)]
        public void AnEhloReplyAtTheLineLimitIsFineAndOneLineMoreIsRefused(int overLimit, bool accepted)
        {
            var lines = BackupMail.Delivery.ReplyGuard.MaxReplyLines + overLimit;
            var ehlo = new StringBuilder("250-scripted.example\r\n");
            for (var i = 0; i < lines - 2; i++)
            {
                ehlo.Append("250-X-EXTENSION-").Append(i).Append("\r\n");
            }

            ehlo.Append("250 8BITMIME");
            using var server = ScriptedSmtpServer.Conversation(command =>
                command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) ? ehlo.ToString() : ScriptedSmtpServer.StandardReply(command));

            if (accepted)
            {
                Assert.Contains("queued as 12345", Send(AccountFor(server, timeoutSeconds: 5), null).ServerResponse);
            }
            else
            {
                Assert.Equal("SmtpProtocolViolation", SendFails(AccountFor(server, timeoutSeconds: 5), null).ErrorId);
            }
        }

        [Fact]
        public void AfterATimeoutTheSessionIsClosedAndSaysSoWithoutWaitingAgain()
        {
            using var server = ScriptedSmtpServer.MisbehaveAt("MAIL", c => c.Dribble(SlowReply, Drip));

            var (first, second, elapsed) = TestDeadline.Run(() =>
            {
                using var session = Connector.Connect(AccountFor(server, timeoutSeconds: 2), null);
                var one = Assert.Throws<BackupMailException>(() => session.Send(Message()));
                var clock = Stopwatch.StartNew();
                var two = Assert.Throws<BackupMailException>(() => session.Send(Message()));
                return (one, two, clock.Elapsed);
            });

            Assert.Equal("SmtpConnectionLost", first.ErrorId);
            Assert.Equal("SmtpConnectionLost", second.ErrorId);
            Assert.True(second.IsTransient);
            Assert.True(elapsed < TimeSpan.FromSeconds(1), "took " + elapsed);
            Assert.Equal(1, server.Connections);
        }
    }
}
