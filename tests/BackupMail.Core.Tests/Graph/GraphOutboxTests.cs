using System;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.OAuthDoubles;
using BackupMail.Outbox;
using BackupMail.Tests.Outbox;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>
    /// The engine end to end over Graph: the dispatcher queues a notification Graph throttled, not before its
    /// Retry-After, and the outbox sender (Send-BackupMailQueue's engine path) delivers it later.
    /// </summary>
    public sealed class GraphOutboxTests : GraphDoublesTestBase
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public GraphOutboxTests()
        {
            // The stored Default account sends as backup@example.com; the double knows that mailbox.
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            _bed.Accounts.Set(new AccountSettings
            {
                Transport = MailTransportKind.Graph,
                Authentication = MailAuthentication.OAuthApp,
                TenantId = TenantId,
                ClientId = ClientId,
                ClientSecret = new System.Net.NetworkCredential(string.Empty, "app-secret").SecurePassword,
                GraphEndpoint = Host.GraphEndpoint,
            });
            Host.State.RegisterMailbox(new MailboxRegistration { Address = "backup@example.com", TenantId = TenantId });
        }

        [Fact]
        public void A_429_with_Retry_After_120_queues_the_notification_until_then_and_the_outbox_sends_it_later()
        {
            var message = OutboxTestBed.Compose("Throttled by Graph");
            Host.State.ForceGraphResponse(429, retryAfterSeconds: 120);

            var queued = TestDeadline.Run(() =>
            {
                using (var dispatcher = NewDispatcher())
                {
                    return dispatcher.Send(null, message, new BackupMailResult { BackupName = "Dokumente", To = new[] { "admin@example.com" } });
                }
            });

            Assert.Equal(DeliveryAction.Queued, queued.Action);
            Assert.Equal("GraphServiceBusy", queued.ErrorId);
            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal("GraphServiceBusy", item.LastErrorId);
            Assert.Equal(message.MessageId, item.MessageId);
            Assert.True(item.NextAttempt >= _bed.Now + TimeSpan.FromSeconds(120), item.NextAttempt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(Host.State.ReceivedGraphMessages());

            // After the schedule's first delay (one minute) but before Graph's two: nothing is due yet.
            _bed.Now += TimeSpan.FromSeconds(61);
            Assert.Empty(SendDue());
            Assert.Empty(Host.State.ReceivedGraphMessages());

            _bed.Now += TimeSpan.FromSeconds(60);
            var sent = Assert.Single(SendDue());

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            Assert.StartsWith("202 Accepted (request-id ", sent.ServerResponse, StringComparison.Ordinal);
            var delivered = Parse(SingleReceived());
            Assert.Equal(message.MessageId, delivered.MessageId);
            Assert.Equal("Throttled by Graph", delivered.Subject);
            Assert.Empty(_bed.Outbox.List());
            AssertNoTokenAnywhere(_bed.Output.All.ToArray());
            AssertNoTokenAnywhere(queued.Reason ?? string.Empty, item.LastError ?? string.Empty);
        }

        [Fact]
        public void A_refused_message_is_kept_in_the_failed_folder()
        {
            Host.State.ForceGraphResponse(400, code: "ErrorMimeContentInvalid", message: "The MIME content is invalid.");

            var error = TestDeadline.Throws<BackupMailException>(() =>
            {
                using (var dispatcher = NewDispatcher())
                {
                    dispatcher.Send(null, OutboxTestBed.Compose("Refused"), new BackupMailResult { BackupName = "Dokumente", To = new[] { "admin@example.com" } });
                }
            });

            Assert.Equal("GraphMessageRejected", error.ErrorId);
            Assert.Equal(error.QueueId, Assert.Single(_bed.Outbox.ListFailed()).Id);
            Assert.Empty(_bed.Outbox.List());
        }

        protected override void DisposeTest() => _bed.Dispose();

        private System.Collections.Generic.IReadOnlyList<BackupMailResult> SendDue() =>
            TestDeadline.Run(() =>
            {
                using (var dispatcher = NewDispatcher())
                {
                    return new OutboxSender(dispatcher, _bed.Output).SendDue(TimeSpan.FromSeconds(30));
                }
            });

        // The stored account as Set-BackupMailAccount saves it, routed to Graph by its Transport.
        private MailDispatcher NewDispatcher() =>
            new MailDispatcher(_bed.Accounts, new TransportRouter(new SmtpTransport(_bed.Accounts, new SmtpConnector(_bed.Output)), () => Transport), _bed.Output, _bed.Outbox)
            {
                Clock = () => _bed.Now,
                RetrySchedule = _bed.Schedule,
            };
    }
}
