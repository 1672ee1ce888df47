using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Tests.Outbox;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>
    /// Issue 12 §1: the dispatcher and the outbox send through <see cref="IMailTransport"/>, and what becomes of a failure
    /// is the error's <see cref="BackupMailException.Recovery"/>, whatever its ID: a transport other than SMTP (Graph, to
    /// come) gets the same outbox, write-ahead and results without the dispatcher knowing it.
    /// </summary>
    public sealed class TransportSeamTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();
        private readonly RecordingTransport _transport = new RecordingTransport();

        public TransportSeamTests() => _bed.PointAt("127.0.0.1", LoopbackPort.Unused());

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void A_message_goes_through_the_transport_and_leaves_nothing_queued()
        {
            var message = OutboxTestBed.Compose("Through the seam");

            var result = Send(message);

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Equal("202 Accepted", result.ServerResponse);
            Assert.Equal(message.MessageId, Assert.Single(_transport.Sent));
            Assert.Empty(_bed.Outbox.List());
        }

        [Theory]
        [InlineData(ErrorRecovery.Retry)]
        [InlineData(ErrorRecovery.Administrator)]
        public void A_failure_that_may_pass_queues_the_message_whatever_its_ID(ErrorRecovery recovery)
        {
            _transport.Failure = new BackupMailException("SomeServiceThrottled", BackupMailErrorKind.ResourceUnavailable, "Try later.") { Recovery = recovery };

            var result = Send(OutboxTestBed.Compose("Throttled"));

            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.Equal("SomeServiceThrottled", result.ErrorId);
            Assert.Equal("SomeServiceThrottled", Assert.Single(_bed.Outbox.List()).LastErrorId);
        }

        [Fact]
        public void A_final_refusal_is_kept_in_the_failed_folder_whatever_its_ID()
        {
            _transport.Failure = new BackupMailException("SomeServiceRefusedMailbox", BackupMailErrorKind.ObjectNotFound, "No such mailbox.") { Recovery = ErrorRecovery.Never };

            var error = TestDeadline.Throws<BackupMailException>(() => SendOnThisThread(OutboxTestBed.Compose("Refused")));

            Assert.Equal("SomeServiceRefusedMailbox", error.ErrorId);
            Assert.Equal(error.QueueId, Assert.Single(_bed.Outbox.ListFailed()).Id);
            Assert.Empty(_bed.Outbox.List());
        }

        private BackupMailResult Send(MimeMessage message) => TestDeadline.Run(() => SendOnThisThread(message));

        private BackupMailResult SendOnThisThread(MimeMessage message)
        {
            using (var dispatcher = new MailDispatcher(_bed.Accounts, _transport, _bed.Output, _bed.Outbox) { Clock = () => _bed.Now })
            {
                return dispatcher.Send(null, message, new BackupMailResult { BackupName = "Seam", To = new[] { "admin@example.com" } });
            }
        }

        /// <summary>A transport that takes every message (or fails with <see cref="Failure"/>) and records what it took.</summary>
        private sealed class RecordingTransport : IMailTransport, IMailTransportSession
        {
            public List<string> Sent { get; } = new List<string>();

            public BackupMailException Failure { get; set; }

            public long? MaxMessageSize => null;

            public IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default) => this;

            public AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default) => new AccountTestResult { Account = account.Name };

            public SendReceipt Send(MimeMessage message, IReadOnlyList<string> envelopeRecipients, CancellationToken cancellationToken = default)
            {
                if (Failure != null) throw Failure;
                Sent.Add(message.MessageId);
                return new SendReceipt { MessageId = message.MessageId, ServerResponse = "202 Accepted" };
            }

            public void Dispose()
            {
            }
        }
    }
}
