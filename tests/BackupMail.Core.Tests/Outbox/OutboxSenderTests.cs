using System;
using System.IO;
using System.Linq;
using BackupMail.Outbox;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 4 §1: how <see cref="OutboxSender"/> treats what waits — backoff, maximum age, permanent refusals,
    /// failures that go on, the time budget of the automatic flush, and ids that are not there.
    /// </summary>
    public sealed class OutboxSenderTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        /// <summary>Queues a message by sending it to a port nothing listens on; returns the item.</summary>
        private OutboxItem QueueOne(string subject = "Tägliches Backup: Fehler")
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var result = _bed.SendThroughDispatcher(OutboxTestBed.Compose(subject));
            Assert.Equal(DeliveryAction.Queued, result.Action);
            return _bed.Outbox.List().Single(i => i.Id == result.QueueId);
        }

        private static ScriptedSmtpServer CountingServer() => ScriptedSmtpServer.Conversation(ScriptedSmtpServer.StandardReply);

        [Fact]
        public void SendDue_leaves_an_item_alone_until_its_next_attempt_but_Send_by_id_ignores_the_backoff()
        {
            var item = QueueOne();
            using var server = CountingServer();
            _bed.PointAt(server.Host, server.Port);

            _bed.Now = item.NextAttempt - TimeSpan.FromSeconds(1);
            Assert.Empty(_bed.SendDue(TimeSpan.FromMinutes(1)));

            Assert.Equal(0, server.Connections);
            var waiting = Assert.Single(_bed.Outbox.List());
            Assert.Equal(1, waiting.Attempts);

            var sent = _bed.SendQueued(item.Id);

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            Assert.Equal(item.MessageId, sent.MessageId);
            Assert.Equal(1, server.Connections);
            Assert.Contains(".", server.Commands);
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void SendDue_sends_an_item_once_it_is_due()
        {
            var item = QueueOne();
            using var server = CountingServer();
            _bed.PointAt(server.Host, server.Port);

            _bed.Now = item.NextAttempt;
            var sent = Assert.Single(_bed.SendDue(TimeSpan.FromMinutes(1)));

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            Assert.Equal(item.Id, sent.QueueId);
            Assert.Contains("queued as 12345", sent.ServerResponse);
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void An_item_past_the_maximum_age_moves_to_failed_with_a_warning_without_being_tried()
        {
            var item = QueueOne();
            var queuedBytes = File.ReadAllBytes(Path.Combine(_bed.Outbox.DirectoryPath, item.Id + ".eml"));
            using var server = CountingServer();
            _bed.PointAt(server.Host, server.Port);

            _bed.Now = item.Created + RetrySchedule.Default.MaximumAge + TimeSpan.FromMinutes(1);
            var result = Assert.Single(_bed.SendDue(TimeSpan.FromMinutes(1)));

            Assert.Equal(DeliveryAction.Failed, result.Action);
            Assert.Equal(item.Id, result.QueueId);
            Assert.Equal(0, server.Connections);
            Assert.Empty(_bed.Outbox.List());
            var failed = Assert.Single(_bed.Outbox.ListFailed());
            Assert.Equal(item.Id, failed.Id);
            Assert.Equal(item.MessageId, failed.MessageId);
            Assert.Equal(queuedBytes, File.ReadAllBytes(Path.Combine(_bed.Outbox.FailedDirectoryPath, item.Id + ".eml")));
            var warning = _bed.Output.Warnings.Last();
            Assert.Equal(result.Reason, warning);
            Assert.Contains(item.Id, warning);
            Assert.Contains(_bed.Outbox.FailedDirectoryPath, warning);
            Assert.Contains("3 days", warning);
        }

        [Fact]
        public void An_item_the_server_refuses_for_good_moves_to_failed_with_a_warning()
        {
            var item = QueueOne();
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("admin@example.com", 550, "5.1.1 No such user"));
            _bed.PointAt(server);

            var result = _bed.SendQueued(item.Id);

            Assert.Equal(DeliveryAction.Failed, result.Action);
            Assert.Contains("No such user", result.Reason);
            Assert.Empty(server.Messages);
            Assert.Empty(_bed.Outbox.List());
            Assert.Equal(item.Id, Assert.Single(_bed.Outbox.ListFailed()).Id);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains(item.Id) && w.Contains(_bed.Outbox.FailedDirectoryPath) && w.Contains("No such user"));
        }

        [Fact]
        public void An_item_that_still_fails_stays_with_one_more_attempt_and_the_new_error()
        {
            var item = QueueOne();
            Assert.Contains("refused", item.FirstError);
            using var busy = ScriptedSmtpServer.GreetAndClose("421 4.3.2 Too many connections, try later");
            _bed.PointAt(busy.Host, busy.Port);
            _bed.Now = item.NextAttempt + TimeSpan.FromSeconds(5);

            var result = Assert.Single(_bed.SendDue(TimeSpan.FromMinutes(1)));

            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.Equal(item.Id, result.QueueId);
            var stored = Assert.Single(_bed.Outbox.List());
            Assert.Equal(2, stored.Attempts);
            Assert.Equal(item.FirstError, stored.FirstError);
            Assert.Contains("Too many connections", stored.LastError);
            Assert.Equal(_bed.Now, stored.LastAttempt);
            Assert.Equal(_bed.Now + RetrySchedule.Default.DelayAfter(2), stored.NextAttempt);
            Assert.Equal(item.MessageId, stored.MessageId);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains(item.Id) && w.Contains("Too many connections"));
            Assert.Empty(Directory.GetFiles(_bed.Outbox.DirectoryPath, "*.tmp"));
        }

        [Fact]
        public void A_zero_budget_starts_nothing_and_says_how_many_wait()
        {
            QueueOne("one");
            QueueOne("two");
            var last = QueueOne("three");
            using var server = CountingServer();
            _bed.PointAt(server.Host, server.Port);
            _bed.Now = last.NextAttempt;

            Assert.Empty(_bed.SendDue(TimeSpan.Zero));

            Assert.Equal(0, server.Connections);
            Assert.Equal(3, _bed.Outbox.List().Count);
            Assert.Contains(_bed.Output.Warnings, w => w.StartsWith("3 queued notification(s) were not tried", StringComparison.Ordinal));
        }

        [Fact]
        public void SendDue_removes_what_a_crashed_writer_left_an_hour_ago_but_not_a_write_in_progress()
        {
            var item = QueueOne();
            var directory = _bed.Outbox.DirectoryPath;
            var oldTemporary = Path.Combine(directory, "20261127T020000000-0badf00d.eml.0123456789abcdef0123456789abcdef.tmp");
            var oldOrphan = Path.Combine(directory, "20261127T020000000-0badf00d.eml");
            var freshTemporary = Path.Combine(directory, "20261127T030000000-00c0ffee.eml.fedcba9876543210fedcba9876543210.tmp");
            var freshOrphan = Path.Combine(directory, "20261127T030000000-00c0ffee.eml");
            foreach (var path in new[] { oldTemporary, oldOrphan, freshTemporary, freshOrphan })
            {
                File.WriteAllText(path, "From: backup@example.com\r\nSubject: half");
            }

            File.SetLastWriteTimeUtc(oldTemporary, DateTime.UtcNow.AddHours(-2));
            File.SetLastWriteTimeUtc(oldOrphan, DateTime.UtcNow.AddHours(-2));
            File.SetLastWriteTimeUtc(Path.Combine(directory, item.Id + ".eml"), DateTime.UtcNow.AddHours(-2)); // a complete item, however old, stays

            _bed.SendDue(TimeSpan.FromMinutes(1)); // not due: nothing is tried

            Assert.False(File.Exists(oldTemporary));
            Assert.False(File.Exists(oldOrphan));
            Assert.True(File.Exists(freshTemporary));
            Assert.True(File.Exists(freshOrphan));
            Assert.Equal(item.Id, Assert.Single(_bed.Outbox.List()).Id);
            Assert.True(File.Exists(Path.Combine(directory, item.Id + ".eml")));
        }

        [Theory]
        [InlineData("20261127T030000000-deadbeef")]
        [InlineData("../config")]
        public void Sending_an_unknown_id_is_QueueItemNotFound(string id)
        {
            QueueOne();

            var error = TestDeadline.Throws<BackupMailException>(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                new OutboxSender(dispatcher, _bed.Output).Send(id);
            });

            Assert.Equal("QueueItemNotFound", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.ObjectNotFound, error.Kind);
            Assert.Contains(id, error.Message);
            Assert.Single(_bed.Outbox.List());
        }

        [Fact]
        public void Sending_an_item_another_sender_holds_is_QueueItemBusy()
        {
            var item = QueueOne();
            using var lease = new OutboxStore(_bed.Outbox.DirectoryPath).TryLease(item.Id);
            Assert.NotNull(lease);

            var error = TestDeadline.Throws<BackupMailException>(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                new OutboxSender(dispatcher, _bed.Output).Send(item.Id);
            });

            Assert.Equal("QueueItemBusy", error.ErrorId);
            Assert.True(error.IsTransient);
        }
    }
}
