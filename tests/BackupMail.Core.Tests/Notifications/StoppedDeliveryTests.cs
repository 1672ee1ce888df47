using System;
using System.Threading;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Tests.Outbox;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    // Ctrl+C through NotificationService: the cmdlet only cancels a token, which reaches the send (on the caller's
    // thread or in the background); the send stops at once, long before the account's timeout, and the message is
    // queued when the dispatcher is disposed on the caller's thread: never lost.
    public sealed class StoppedDeliveryTests : IDisposable
    {
        // Far beyond the test's deadline: only the token can end these sends in time.
        private const int AccountTimeoutSeconds = 120;
        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

        private readonly OutboxTestBed _bed = new OutboxTestBed();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public void Dispose()
        {
            _stop.Dispose();
            _bed.Dispose();
        }

        private NotificationService ServiceFor(MailDispatcher dispatcher) => _bed.Engine.CreateNotificationService(dispatcher);

        private static NotificationRequest Request(string backupName) =>
            new NotificationRequest { BackupName = backupName, Status = BackupStatus.Failure, To = new[] { "admin@example.com" } };

        // A server that takes the whole message and then never answers it; Ctrl+C comes a moment after the message's end.
        private ScriptedSmtpServer SilentAfterTheMessage() =>
            ScriptedSmtpServer.Conversation(command =>
            {
                if (command != ".") return ScriptedSmtpServer.StandardReply(command);
                _stop.CancelAfter(TimeSpan.FromMilliseconds(200));
                return ScriptedSmtpServer.Silence;
            });

        private void AssertQueued(string backupName)
        {
            var waiting = Assert.Single(_bed.Outbox.List());
            Assert.Equal(backupName, waiting.BackupName);
            Assert.True(waiting.IsDue(_bed.Now));
        }

        [Fact]
        public void A_send_stopped_while_the_server_holds_back_its_answer_ends_at_once_and_leaves_the_notification_queued()
        {
            using var server = SilentAfterTheMessage();
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: AccountTimeoutSeconds);

            var error = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                var service = ServiceFor(dispatcher);
                return Record.Exception(() => service.Deliver(service.Prepare(Request("Stopped")), _stop.Token));
            }, Deadline);

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            AssertQueued("Stopped");
        }

        [Fact]
        public void A_send_stopped_in_the_background_ends_at_once_End_says_so_and_the_notification_is_queued()
        {
            using var server = SilentAfterTheMessage();
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: AccountTimeoutSeconds);

            var error = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                var service = ServiceFor(dispatcher);
                var pending = service.BeginDeliver(service.Prepare(Request("Stopped in the background")), _stop.Token);
                return Record.Exception(() => pending.End());
            }, Deadline);

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            AssertQueued("Stopped in the background");
        }

        [Fact]
        public void A_send_stopped_while_waiting_for_the_greeting_ends_at_once_and_leaves_the_notification_queued()
        {
            using var server = ScriptedSmtpServer.Silent();
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: AccountTimeoutSeconds);

            var error = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                var service = ServiceFor(dispatcher);
                var prepared = service.Prepare(Request("Stopped while connecting"));
                _stop.CancelAfter(TimeSpan.FromMilliseconds(300));
                return Record.Exception(() => service.Deliver(prepared, _stop.Token));
            }, Deadline);

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            Assert.Equal(1, server.Connections);
            AssertQueued("Stopped while connecting");
        }
    }
}
