using System;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Templates;
using BackupMail.Tests.Outbox;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>Issue 11 §2 and §3 through the dispatcher: each of these failures keeps the notification in the outbox.</summary>
    public sealed class SmtpHostileServerQueueingTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        private static OutgoingMail Mail() => new OutgoingMail
        {
            BackupName = "Nightly",
            Status = BackupStatus.Failure,
            ExitCode = 16,
            To = new[] { "admin@example.com" },
            Message = new RenderedMessage("Backup Nightly: Failed", "Exit code 16.", BodyFormat.Text),
        };

        private BackupMailResult SendThroughDispatcher() => TestDeadline.Run(() =>
        {
            using var dispatcher = _bed.NewDispatcher();
            return dispatcher.Send(Mail());
        });

        private void AssertQueued(BackupMailResult result, string reason)
        {
            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.Contains(reason, result.Reason);
            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal(result.QueueId, item.Id);
            Assert.Equal("Nightly", item.BackupName);
        }

        [Fact]
        public void NoStartTlsForACredentialQueues()
        {
            using var server = ScriptedSmtpServer.Conversation(command =>
                command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) ? "250-scripted.example\r\n250 AUTH PLAIN" : ScriptedSmtpServer.StandardReply(command));
            _bed.PointAt(server.Host, server.Port, MailSecurity.Auto, credential: new NetworkCredential(OutboxTestBed.UserName, OutboxTestBed.Password));

            AssertQueued(SendThroughDispatcher(), "-AllowInsecureAuthentication");
            Assert.DoesNotContain(server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void ADribbledReplyQueues()
        {
            using var server = ScriptedSmtpServer.MisbehaveAt("MAIL", c => c.Dribble(SmtpHostileServerTests.SlowReply, SmtpHostileServerTests.Drip));
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: 2);

            AssertQueued(SendThroughDispatcher(), "within 2 seconds");
        }

        [Theory]
        [InlineData("MAIL", "250-", "X")]
        [InlineData("EHLO", "250-", "X")]
        [InlineData("MAIL", "250-first\r\n", "250-more\r\n")]
        public void AnEndlessReplyQueues(string verb, string prefix, string filler)
        {
            using var server = ScriptedSmtpServer.MisbehaveAt(verb, c => c.Stream(prefix, filler, SmtpHostileServerTests.StreamCap));
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: 30);

            AssertQueued(SendThroughDispatcher(), "the connection was closed");
        }
    }
}
