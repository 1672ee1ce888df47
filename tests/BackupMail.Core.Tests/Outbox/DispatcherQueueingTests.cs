using System;
using System.IO;
using System.Linq;
using System.Threading;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 4 §1: what the dispatcher records when it queues, and how a pipeline of messages (one dispatcher,
    /// one session per account) and a flush of several items go on after a failure.
    /// </summary>
    public sealed class DispatcherQueueingTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        private static OutgoingMail Mail(string backupName, params string[] to) => new OutgoingMail
        {
            BackupName = backupName,
            Status = BackupStatus.Failure,
            ExitCode = 16,
            To = to.Length == 0 ? new[] { "admin@example.com" } : to,
            Message = new RenderedMessage("Backup " + backupName + ": Failed", "Exit code 16.\nNothing was copied.", BodyFormat.Text),
        };

        [Fact]
        public void A_queued_notification_keeps_what_the_result_and_the_queue_listing_show()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());

            var result = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return dispatcher.Send(Mail("Dokumente"));
            });

            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.Equal("Dokumente", result.BackupName);
            Assert.Equal(BackupStatus.Failure, result.Status);
            Assert.Equal(16, result.ExitCode);
            Assert.Equal("Backup Dokumente: Failed", result.Subject);
            Assert.Equal(new[] { "admin@example.com" }, result.To);
            Assert.Contains("refused", result.Reason);

            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal(result.QueueId, item.Id);
            Assert.Equal(result.MessageId, item.MessageId);
            Assert.Equal("Dokumente", item.BackupName);
            Assert.Equal(BackupStatus.Failure, item.Status);
            Assert.Equal("Backup Dokumente: Failed", item.Subject);
            Assert.Equal("Default", item.Account);
            Assert.Equal(_bed.Now, item.Created);
            Assert.Equal(_bed.Now, item.LastAttempt);

            var warning = Assert.Single(_bed.Output.Warnings);
            Assert.Contains("Dokumente", warning);
            Assert.Contains(item.Id, warning);
            Assert.Contains("refused", warning);
        }

        [Fact]
        public void After_a_connection_lost_the_next_message_of_the_pipeline_reconnects_and_is_sent()
        {
            var connection = 0;
            using var server = ScriptedSmtpServer.Start(c =>
            {
                var first = Interlocked.Increment(ref connection) == 1;
                c.Send("220 scripted ESMTP");
                string line;
                while ((line = c.ReadLine()) != null)
                {
                    var reply = ScriptedSmtpServer.StandardReply(line);
                    c.Send(reply);
                    if (reply.StartsWith("354", StringComparison.Ordinal))
                    {
                        if (first)
                        {
                            c.ReadLine();
                            return; // the first connection drops in the middle of DATA
                        }

                        c.ReadData();
                        c.Send(ScriptedSmtpServer.StandardReply("."));
                    }
                    else if (reply.StartsWith("221", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            });
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: 5);

            var (first, second) = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return (dispatcher.Send(Mail("one")), dispatcher.Send(Mail("two")));
            });

            Assert.Equal(DeliveryAction.Queued, first.Action);
            Assert.Equal(DeliveryAction.Sent, second.Action);
            Assert.Equal(2, server.Connections);
            Assert.Equal("one", Assert.Single(_bed.Outbox.List()).BackupName);
            Assert.Empty(server.ScriptErrors);
        }

        [Fact]
        public void A_pipeline_to_a_silent_server_waits_out_the_timeout_once_and_queues_every_message()
        {
            using var silent = ScriptedSmtpServer.Silent();
            _bed.PointAt(silent.Host, silent.Port, timeoutSeconds: 2);

            var results = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return new[] { dispatcher.Send(Mail("one")), dispatcher.Send(Mail("two")), dispatcher.Send(Mail("three")) };
            });

            Assert.All(results, r => Assert.Equal(DeliveryAction.Queued, r.Action));
            Assert.Equal(1, silent.Connections);
            Assert.Equal(new[] { "one", "three", "two" }, _bed.Outbox.List().Select(i => i.BackupName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Single(results.Select(r => r.Reason).Distinct());
        }

        [Fact]
        public void Asking_an_unreachable_servers_size_limit_before_a_send_gives_null_and_the_send_is_queued()
        {
            // The notification service asks for the SIZE limit before it attaches a log.
            using var silent = ScriptedSmtpServer.Silent();
            _bed.PointAt(silent.Host, silent.Port, timeoutSeconds: 2);

            var (limit, result) = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return (dispatcher.GetMaxMessageSize(null), dispatcher.Send(Mail("Dokumente")));
            });

            Assert.Null(limit);
            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.Equal(1, silent.Connections); // the timeout was waited out once, not twice
            Assert.Equal("Dokumente", Assert.Single(_bed.Outbox.List()).BackupName);
        }

        [Fact]
        public void Without_an_outbox_an_unreachable_servers_size_limit_is_SmtpConnectFailed()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());

            var error = TestDeadline.Throws<BackupMailException>(() =>
            {
                using var dispatcher = _bed.Engine.CreateDispatcher();
                dispatcher.GetMaxMessageSize(null);
            });

            Assert.Equal("SmtpConnectFailed", error.ErrorId);
            Assert.False(Directory.Exists(_bed.Outbox.DirectoryPath));
        }

        [Fact]
        public void After_a_permanent_refusal_the_next_message_of_the_pipeline_is_sent_on_the_same_session()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("gone@example.com"));
            _bed.PointAt(server);

            var (error, second) = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                var refused = Assert.Throws<BackupMailException>(() => dispatcher.Send(Mail("one", "gone@example.com")));
                return (refused, dispatcher.Send(Mail("two")));
            });

            Assert.Equal("SmtpRecipientRejected", error.ErrorId);
            Assert.Equal(DeliveryAction.Sent, second.Action);
            var received = Assert.Single(server.Messages);
            Assert.Equal("Backup two: Failed", received.Message.Subject);
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void An_outbox_that_cannot_be_written_is_OutboxNotWritable_and_still_says_why_the_send_failed()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            File.WriteAllText(_bed.Outbox.DirectoryPath, "a file where the outbox directory should be");

            var error = TestDeadline.Throws<BackupMailException>(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                dispatcher.Send(Mail("Dokumente"));
            });

            Assert.Equal("OutboxNotWritable", error.ErrorId);
            Assert.Contains("could not be queued", error.Message);
            Assert.Contains(_bed.Outbox.DirectoryPath, error.Message);
            Assert.Contains("refused", error.Message); // the delivery failure, not only the outbox's
            Assert.Equal("SmtpConnectFailed", Assert.IsType<BackupMailException>(error.InnerException).ErrorId);
        }

        [Fact]
        public void An_unknown_account_is_not_queued()
        {
            var error = TestDeadline.Throws<BackupMailException>(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                dispatcher.Send(new OutgoingMail { Account = "Nowhere", To = new[] { "admin@example.com" }, Message = new RenderedMessage("s", "b", BodyFormat.Text) });
            });

            Assert.Equal("AccountNotFound", error.ErrorId);
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void A_flush_goes_on_after_an_item_the_server_refuses_for_good()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var refusedId = _bed.SendThroughDispatcher(OutboxTestBed.Compose("refused", "gone@example.com")).QueueId;
            _bed.Now += TimeSpan.FromSeconds(1); // oldest first: the refused one comes first
            var goodId = _bed.SendThroughDispatcher(OutboxTestBed.Compose("good")).QueueId;
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("gone@example.com"));
            _bed.PointAt(server);
            _bed.Now += TimeSpan.FromHours(1);

            var results = _bed.SendDue(TimeSpan.FromMinutes(1));

            Assert.Equal(new[] { (refusedId, DeliveryAction.Failed), (goodId, DeliveryAction.Sent) }, results.Select(r => (r.QueueId, r.Action)));
            Assert.Equal("good", Assert.Single(server.Messages).Message.Subject);
            Assert.Empty(_bed.Outbox.List());
            Assert.Equal(refusedId, Assert.Single(_bed.Outbox.ListFailed()).Id);
        }

        [Fact]
        public void SendDue_does_not_retry_an_item_another_process_rescheduled_after_it_listed_the_outbox()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var id = _bed.SendThroughDispatcher(OutboxTestBed.Compose()).QueueId;
            using var server = ScriptedSmtpServer.Conversation(ScriptedSmtpServer.StandardReply);
            _bed.PointAt(server.Host, server.Port);
            _bed.Now += TimeSpan.FromHours(1);

            var rescheduled = false;
            var results = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                dispatcher.Clock = () =>
                {
                    // SendDue asks for the time after it has listed the outbox: that is when another
                    // process's flush tries the item, fails, and schedules the next attempt.
                    if (!rescheduled)
                    {
                        rescheduled = true;
                        using var other = new OutboxStore(_bed.Outbox.DirectoryPath).TryLease(id);
                        other.RecordFailure("SmtpServerBusy", "421 busy (other process)", _bed.Now, RetrySchedule.Default);
                    }

                    return _bed.Now;
                };
                return new OutboxSender(dispatcher, _bed.Output).SendDue(TimeSpan.FromMinutes(1));
            });

            Assert.True(rescheduled);
            Assert.Empty(results);
            Assert.Equal(0, server.Connections);
            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal(2, item.Attempts);
            Assert.Equal("421 busy (other process)", item.LastError);
        }

        [Fact]
        public void An_item_whose_message_file_is_damaged_does_not_stop_the_flush()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var damagedId = _bed.SendThroughDispatcher(OutboxTestBed.Compose("damaged")).QueueId;
            _bed.Now += TimeSpan.FromSeconds(1); // oldest first: the damaged one comes first
            var goodId = _bed.SendThroughDispatcher(OutboxTestBed.Compose("good")).QueueId;
            File.WriteAllBytes(Path.Combine(_bed.Outbox.DirectoryPath, damagedId + ".eml"), Array.Empty<byte>());
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            _bed.Now += TimeSpan.FromHours(1);

            var results = _bed.SendDue(TimeSpan.FromMinutes(1));

            Assert.Equal(new[] { (damagedId, DeliveryAction.Failed), (goodId, DeliveryAction.Sent) }, results.Select(r => (r.QueueId, r.Action)));
            Assert.Equal("good", Assert.Single(server.Messages).Message.Subject);
            Assert.Equal("QueueItemDamaged", results[0].ErrorId);

            // It can never be sent as it is: moved to outbox/failed (never lost) with the error that failed it.
            Assert.Empty(_bed.Outbox.List());
            var damaged = Assert.Single(_bed.Outbox.ListFailed());
            Assert.Equal(damagedId, damaged.Id);
            Assert.Equal("QueueItemDamaged", damaged.LastErrorId);
            Assert.Contains("message file", damaged.LastError);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains(damagedId) && w.Contains("damaged"));
        }
    }
}
