using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>Issue 4 §1: two flushes at once never send the same item twice, and together send them all.</summary>
    public sealed class ConcurrentSendersTests : IDisposable
    {
        private const int ItemCount = 20;
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void Two_senders_flushing_the_same_twenty_items_deliver_each_exactly_once()
        {
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            var queuedIds = new List<string>();
            for (var i = 0; i < ItemCount; i++)
            {
                var message = OutboxTestBed.Compose("Backup " + i);
                _bed.Outbox.Enqueue(message, new OutboxItem { Account = "Default", To = new[] { "admin@example.com" }, BackupName = "Backup " + i, NextAttempt = _bed.Now }, _bed.Now);
                queuedIds.Add(message.MessageId);
            }

            using var start = new Barrier(2);
            IReadOnlyList<BackupMailResult> Flush()
            {
                // Each sender as its own cmdlet call would make it: its own store, dispatcher and sender.
                using var dispatcher = new MailDispatcher(_bed.Accounts, new SmtpConnector(SmtpClientFactory.Default, _bed.Output), new OutboxStore(_bed.Outbox.DirectoryPath))
                {
                    Clock = () => _bed.Now,
                };
                var sender = new OutboxSender(dispatcher, _bed.Output);
                start.SignalAndWait(TestDeadline.Default);
                return sender.SendDue(TimeSpan.FromMinutes(5));
            }

            var first = Task.Factory.StartNew(Flush, TaskCreationOptions.LongRunning);
            var second = Task.Factory.StartNew(Flush, TaskCreationOptions.LongRunning);
            Assert.True(Task.WaitAll(new Task[] { first, second }, TimeSpan.FromMinutes(2)), "the two senders did not finish within two minutes");

            var results = first.Result.Concat(second.Result).ToList();
            Assert.All(results, r => Assert.Equal(DeliveryAction.Sent, r.Action));
            Assert.Equal(ItemCount, results.Count);

            var delivered = server.Messages.Select(m => m.Message.MessageId).ToList();
            Assert.Equal(queuedIds.OrderBy(x => x, StringComparer.Ordinal), delivered.OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal(ItemCount, delivered.Distinct().Count());
            Assert.Empty(_bed.Outbox.List());

            // Nothing left behind either: no message, metadata, temporary or lock file.
            Assert.Empty(System.IO.Directory.GetFiles(_bed.Outbox.DirectoryPath));
        }
    }
}
