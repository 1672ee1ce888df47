using System;
using System.IO;
using System.Linq;
using System.Threading;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 11 §4 and §7: a notification is durably in the outbox, and leased by its sender, before the server sees a
    /// byte of it; it leaves once accepted; what the server refuses for good stays in outbox/failed, re-sendable.
    /// </summary>
    public sealed class WriteAheadTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void The_message_is_in_the_journal_on_disk_before_the_server_sees_MAIL_and_gone_once_accepted()
        {
            var message = OutboxTestBed.Compose("Write-ahead");
            string journalAtMail = null;
            int? listedByAnotherProcessAtMail = null;
            using var server = ScriptedSmtpServer.Conversation(command =>
            {
                if (command.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase))
                {
                    // What a process killed right now would leave behind (read by another program: .NET itself cannot
                    // open a file another stream holds locked), and whether another process could take it.
                    journalAtMail = ReadWithCat(Directory.GetFiles(_bed.Outbox.DirectoryPath, "*.wal").Single());
                    listedByAnotherProcessAtMail = new OutboxStore(_bed.Outbox.DirectoryPath).List().Count;
                }

                return ScriptedSmtpServer.StandardReply(command);
            });
            _bed.PointAt(server.Host, server.Port);

            var result = _bed.SendThroughDispatcher(message);

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Contains(message.MessageId, journalAtMail);
            Assert.Contains("Subject: Write-ahead", journalAtMail);
            Assert.Equal(0, listedByAnotherProcessAtMail); // in flight: locked by its sender, not sent by anyone else
            Assert.Empty(_bed.Outbox.List());
            Assert.Empty(_bed.ItemFiles()); // no journal, message or metadata left
        }

        [Fact]
        public void A_send_stopped_by_the_user_while_the_server_dribbles_leaves_the_message_queued()
        {
            var message = OutboxTestBed.Compose("Stopped");
            using var stop = new CancellationTokenSource();
            using var server = ScriptedSmtpServer.Conversation(command =>
            {
                if (!command.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase)) return ScriptedSmtpServer.StandardReply(command);
                stop.CancelAfter(TimeSpan.FromMilliseconds(200)); // Ctrl+C while the server keeps the client waiting
                return ScriptedSmtpServer.Silence;
            });
            _bed.PointAt(server.Host, server.Port, timeoutSeconds: 60);

            var error = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return Record.Exception(() => dispatcher.Send(null, message, new BackupMailResult { BackupName = "Stopped", To = new[] { "admin@example.com" } }, stop.Token));
            });

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            var waiting = Assert.Single(_bed.Outbox.List());
            Assert.Equal(message.MessageId, waiting.MessageId);
            Assert.True(waiting.IsDue(_bed.Now));
        }

        [Fact]
        public void A_message_whose_send_never_finished_is_due_at_once_and_goes_out_with_the_same_bytes()
        {
            // As a process killed mid-send leaves it: written ahead, never done.
            var message = OutboxTestBed.Compose("Interrupted");
            var id = OutboxStore.NewId(_bed.Now);
            var journal = OutboxJournal.Create(_bed.Outbox, _bed.Now);
            journal.Append(new OutboxItem { Id = id, Created = _bed.Now, MessageId = message.MessageId, Account = "Default", To = new[] { "admin@example.com" }, NextAttempt = _bed.Now }, OutboxStore.Serialize(message));
            journal.Abandon();
            Assert.Single(Directory.GetFiles(_bed.Outbox.DirectoryPath, "*.wal"));

            var waiting = Assert.Single(_bed.Outbox.List());
            Assert.Equal(0, waiting.Attempts);
            Assert.True(waiting.IsDue(_bed.Now));

            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            var result = Assert.Single(_bed.SendDue(TimeSpan.FromMinutes(1)));

            Assert.Equal((id, DeliveryAction.Sent), (result.QueueId, result.Action));
            var received = Assert.Single(server.Messages);
            Assert.Equal(message.MessageId, received.Message.MessageId);
            OutboxTestBed.AssertDeliveredUnchanged(OutboxTestBed.WireBytes(message), message.MessageId, received);
            Assert.Empty(_bed.ItemFiles());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_notification_written_ahead_and_never_started_is_kept_unless_it_is_dropped(bool drop)
        {
            var mail = new OutgoingMail
            {
                BackupName = "Written ahead",
                To = new[] { "admin@example.com" },
                Message = new RenderedMessage("Written ahead", "Body", BodyFormat.Text),
            };
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());

            using (var dispatcher = _bed.NewDispatcher())
            {
                var written = dispatcher.WriteAhead(mail);
                written.Synced.Wait();
                if (drop) dispatcher.Discard(written);
            }

            // Kept (as an item due now) unless dropped: a pipeline stopped by Ctrl+C drops the one it had not started.
            Assert.Equal(drop ? 0 : 1, _bed.Outbox.List().Count);
        }

        [Fact]
        public void A_refused_sender_is_kept_in_the_failed_folder_and_sent_again_after_the_fix()
        {
            var message = OutboxTestBed.Compose("Refused sender");
            using (var refusing = TestSmtpServer.Start(new TestSmtpServerOptions().RejectSender()))
            {
                _bed.PointAt(refusing);
                var error = TestDeadline.Throws<BackupMailException>(() => _bed.SendNow(message));
                Assert.False(string.IsNullOrEmpty(error.QueueId));
                var kept = Assert.Single(_bed.Outbox.ListFailed());
                Assert.Equal(error.QueueId, kept.Id);
                Assert.Equal(error.ErrorId, kept.LastErrorId);
                Assert.Empty(_bed.Outbox.List());
            }

            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            var result = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return new OutboxSender(dispatcher, _bed.Output).SendFailed(_bed.Outbox.ListFailed().Single().Id);
            });

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Equal(message.MessageId, Assert.Single(server.Messages).Message.MessageId);
            Assert.Empty(_bed.Outbox.ListFailed());
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void A_queued_result_carries_the_error_ID_and_so_does_the_item()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());

            var result = _bed.SendThroughDispatcher(OutboxTestBed.Compose("Down"));

            Assert.Equal(DeliveryAction.Queued, result.Action);
            Assert.Equal("SmtpConnectFailed", result.ErrorId);
            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal("SmtpConnectFailed", item.LastErrorId);
            Assert.Equal(1, item.Attempts);
        }

        [Fact]
        public void A_recipient_refused_among_accepted_ones_gives_a_warning()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("gone@example.com"));
            _bed.PointAt(server);

            var result = _bed.SendThroughDispatcher(OutboxTestBed.Compose("Partly refused", "admin@example.com", "gone@example.com"));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Equal(new[] { "gone@example.com" }, result.RejectedRecipients);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains("gone@example.com") && w.Contains("refused"));
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void An_outbox_that_cannot_be_written_does_not_stop_the_send()
        {
            // A file where the outbox directory should be: nothing can be written ahead.
            Directory.CreateDirectory(_bed.ConfigDirectory);
            File.WriteAllText(_bed.Outbox.DirectoryPath, "not a directory");
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);

            var result = _bed.SendThroughDispatcher(OutboxTestBed.Compose("No outbox"));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Single(server.Messages);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains("could not be written to the outbox"));
        }
    
        private static string ReadWithCat(string path)
        {
            using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat") { ArgumentList = { path }, RedirectStandardOutput = true });
            var text = cat.StandardOutput.ReadToEnd();
            cat.WaitForExit();
            return text;
        }
    }
}
