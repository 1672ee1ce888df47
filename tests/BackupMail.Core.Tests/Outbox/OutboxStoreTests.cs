using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BackupMail.Outbox;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    public sealed class OutboxStoreTests : IDisposable
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "backupmail-outbox-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }

        private static MimeMessage NewMessage(string subject = "Tägliches Backup: Fehler")
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("backup@example.com"));
            message.To.Add(MailboxAddress.Parse("admin@example.com"));
            message.Subject = subject;
            message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com");
            message.Body = new TextPart("plain") { Text = "Zeile 1\nZeile 2 — ünïcödé\n" };
            return message;
        }

        private static byte[] Bytes(MimeMessage message)
        {
            using (var memory = new MemoryStream())
            {
                message.WriteTo(memory);
                return memory.ToArray();
            }
        }

        private OutboxItem Enqueue(OutboxStore store, MimeMessage message = null, DateTimeOffset? at = null) =>
            store.Enqueue(message ?? NewMessage(), new OutboxItem { BackupName = "Documents", Account = "Default", To = new[] { "admin@example.com" }, NextAttempt = Now }, at ?? Now);

        [Fact]
        public void A_queued_message_comes_back_byte_identical_with_its_message_id()
        {
            var store = new OutboxStore(_directory);
            var message = NewMessage();
            var item = Enqueue(store, message);

            var listed = Assert.Single(store.List());
            Assert.Equal(item.Id, listed.Id);
            Assert.Equal(message.MessageId, listed.MessageId);
            Assert.Equal("Documents", listed.BackupName);

            using (var lease = store.TryLease(item.Id))
            {
                Assert.NotNull(lease);
                var loaded = lease.LoadMessage();
                Assert.Equal(message.MessageId, loaded.MessageId);
                Assert.Equal(Bytes(message), Bytes(loaded));
            }
        }

        [Fact]
        public void Completing_a_lease_removes_the_item_and_leaves_no_files()
        {
            var store = new OutboxStore(_directory);
            var item = Enqueue(store);
            using (var lease = store.TryLease(item.Id))
            {
                lease.Complete();
            }

            Assert.Empty(store.List());
            Assert.Empty(Directory.GetFiles(_directory));
            Assert.Null(store.TryLease(item.Id));
        }

        [Fact]
        public void An_item_held_by_one_lease_cannot_be_leased_again_until_released()
        {
            var store = new OutboxStore(_directory);
            var item = Enqueue(store);
            using (var first = store.TryLease(item.Id))
            {
                Assert.NotNull(first);
                Assert.Null(new OutboxStore(_directory).TryLease(item.Id));
            }

            using (var again = store.TryLease(item.Id))
            {
                Assert.NotNull(again);
            }
        }

        [Fact]
        public void Concurrent_flushers_send_each_item_exactly_once()
        {
            var store = new OutboxStore(_directory);
            var ids = Enumerable.Range(0, 20).Select(_ => Enqueue(store).Id).ToList();
            var sent = new ConcurrentBag<string>();

            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            {
                var mine = new OutboxStore(_directory);
                foreach (var item in mine.List())
                {
                    using (var lease = mine.TryLease(item.Id))
                    {
                        if (lease == null) continue;
                        sent.Add(lease.Item.Id);
                        lease.Complete();
                    }
                }
            });

            Assert.Equal(ids.OrderBy(x => x), sent.OrderBy(x => x));
            Assert.Empty(store.List());
        }

        [Fact]
        public void Half_written_items_are_never_read_as_valid()
        {
            var store = new OutboxStore(_directory);
            var good = Enqueue(store);

            // A process killed while writing leaves a temporary file, or a message without its metadata,
            // or metadata that was cut short.
            File.WriteAllText(Path.Combine(_directory, ".20261127T030000000-deadbeef.json.0123.tmp"), "{\"id\":");
            File.WriteAllText(Path.Combine(_directory, "20261127T030000001-deadbeef.eml"), "From: x@example.com\r\n");
            File.WriteAllText(Path.Combine(_directory, "20261127T030000002-cafebabe.json"), "{\"id\":\"20261127T030000002-cafebabe\",");
            File.WriteAllText(Path.Combine(_directory, "20261127T030000002-cafebabe.eml"), "From: x@example.com\r\n");

            // The message without metadata is a write in progress (or debris, removed later); metadata cut short is
            // damage, which is listed (nothing in the outbox is invisible) but never read as a valid item.
            var listed = store.List();
            Assert.Equal(new[] { good.Id, "20261127T030000002-cafebabe" }, listed.Select(i => i.Id));
            Assert.False(listed[0].IsDamaged);
            Assert.True(listed[1].IsDamaged);
            Assert.Equal("QueueItemDamaged", listed[1].LastErrorId);
            using (var lease = store.TryLease("20261127T030000002-cafebabe"))
            {
                Assert.True(lease.Item.IsDamaged);
            }
        }

        [Fact]
        public void A_failed_attempt_is_recorded_with_exponential_backoff()
        {
            var store = new OutboxStore(_directory);
            var item = Enqueue(store);
            var schedule = new RetrySchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), TimeSpan.FromDays(3));

            using (var lease = store.TryLease(item.Id)) lease.RecordFailure("SmtpConnectFailed", "connection refused", Now, schedule);
            using (var lease = store.TryLease(item.Id)) lease.RecordFailure("SmtpServerBusy", "421 try later", Now.AddMinutes(1), schedule);

            var stored = Assert.Single(store.List());
            Assert.Equal(2, stored.Attempts);
            Assert.Equal("connection refused", stored.FirstError);
            Assert.Equal("421 try later", stored.LastError);
            Assert.Equal(Now.AddMinutes(1).AddMinutes(2), stored.NextAttempt);
            Assert.False(stored.IsDue(Now.AddMinutes(2)));
            Assert.True(stored.IsDue(Now.AddMinutes(3)));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(2, 2)]
        [InlineData(3, 4)]
        [InlineData(6, 32)]
        [InlineData(7, 60)]
        [InlineData(500, 60)]
        public void Backoff_doubles_up_to_the_maximum(int attempts, int expectedMinutes)
        {
            Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), RetrySchedule.Default.DelayAfter(attempts));
        }

        [Fact]
        public void An_item_given_up_on_moves_to_the_failed_folder()
        {
            var store = new OutboxStore(_directory);
            var message = NewMessage();
            var item = Enqueue(store, message);
            Assert.True(RetrySchedule.Default.IsExpired(item, Now.AddDays(3).AddMinutes(1)));
            Assert.False(RetrySchedule.Default.IsExpired(item, Now.AddDays(2)));

            using (var lease = store.TryLease(item.Id)) lease.MoveToFailed("QueueItemExpired", "expired", Now);

            Assert.Empty(store.List());
            var failed = Assert.Single(store.ListFailed());
            Assert.Equal(item.Id, failed.Id);
            Assert.Equal(Bytes(message), File.ReadAllBytes(Path.Combine(store.FailedDirectoryPath, item.Id + ".eml")));
        }

        [Theory]
        [InlineData("../config")]
        [InlineData("20261127T030000000-deadbeef/../../x")]
        [InlineData("")]
        [InlineData(null)]
        public void Ids_that_are_not_ours_are_refused(string id)
        {
            Assert.Null(new OutboxStore(_directory).TryLease(id));
        }

        [Fact]
        public void An_unwritable_outbox_gives_OutboxNotWritable()
        {
            var blocker = Path.Combine(Path.GetTempPath(), "backupmail-file-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(blocker, "not a directory");
            try
            {
                var store = new OutboxStore(Path.Combine(blocker, "outbox"));
                var error = Assert.Throws<BackupMailException>(() => Enqueue(store));
                Assert.Equal("OutboxNotWritable", error.ErrorId);
                Assert.Contains("BACKUPMAIL_CONFIG_DIR", error.Message);
            }
            finally
            {
                File.Delete(blocker);
            }
        }
    }
}
