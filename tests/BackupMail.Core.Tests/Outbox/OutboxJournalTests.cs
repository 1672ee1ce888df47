using System;
using System.IO;
using System.Linq;
using BackupMail.Outbox;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 11 §4: the write-ahead journal. What a crash leaves in it is recovered as outbox items, once, and nothing
    /// else: not what was done, not a record cut short, not the journal of a process that still lives.
    /// </summary>
    public sealed class OutboxJournalTests : IDisposable
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bm-journal-" + Guid.NewGuid().ToString("N"));
        private readonly OutboxStore _store;

        public OutboxJournalTests() => _store = new OutboxStore(_directory);

        public void Dispose()
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }

        [Fact]
        public void Only_what_was_not_done_is_recovered_with_its_id_and_Message_Id_and_the_journal_goes()
        {
            var journal = OutboxJournal.Create(_store, Now);
            var (done, doneBytes) = Entry("done", 0);
            var (pending, pendingBytes) = Entry("pending", 1);
            journal.Append(done, doneBytes);
            journal.Append(pending, pendingBytes);
            journal.MarkDone(done.Id);
            journal.Abandon();

            Assert.Equal(1, OutboxJournal.RecoverAbandoned(_store));

            var item = Assert.Single(_store.List());
            Assert.Equal(pending.Id, item.Id);
            Assert.Equal(pending.MessageId, item.MessageId);
            Assert.Equal(pendingBytes, File.ReadAllBytes(Path.Combine(_directory, item.Id + ".eml")));
            Assert.Equal(4, new FileInfo(Assert.Single(Directory.GetFiles(_directory, "*.wal"))).Length); // emptied, for reuse
            Assert.Equal(0, OutboxJournal.RecoverAbandoned(_store)); // once
        }

        [Fact]
        public void A_record_cut_short_by_a_crash_is_not_recovered_and_the_ones_before_it_are()
        {
            var journal = OutboxJournal.Create(_store, Now);
            var (first, firstBytes) = Entry("first", 0);
            var (second, secondBytes) = Entry("second", 1);
            journal.Append(first, firstBytes);
            journal.Append(second, secondBytes);
            var path = journal.FilePath;
            journal.Abandon();
            using (var stream = new FileStream(path, FileMode.Open))
            {
                stream.SetLength(stream.Length - 7); // the second record was being written when the process died
            }

            Assert.Equal(1, OutboxJournal.RecoverAbandoned(_store));
            Assert.Equal(first.Id, Assert.Single(_store.List()).Id);
        }

        [Fact]
        public void The_journal_of_a_live_process_is_left_alone()
        {
            using var journal = OutboxJournal.Create(_store, Now);
            var (item, bytes) = Entry("in flight", 0);
            journal.Append(item, bytes);

            Assert.Equal(0, OutboxJournal.RecoverAbandoned(_store));
            Assert.Empty(_store.List());
            Assert.True(File.Exists(journal.FilePath));
        }

        [Fact]
        public void Disposing_keeps_what_is_still_pending_as_items_due_now()
        {
            var journal = OutboxJournal.Create(_store, Now);
            var (item, bytes) = Entry("stopped", 0);
            journal.Append(item, bytes);

            journal.Dispose();

            var kept = Assert.Single(_store.List());
            Assert.Equal(item.Id, kept.Id);
            Assert.True(kept.IsDue(Now));
            Assert.Equal(4, new FileInfo(journal.FilePath).Length);
        }

        [Fact]
        public void The_next_run_reuses_an_idle_journal_and_recovers_what_a_crashed_run_left_in_it_first()
        {
            var crashed = OutboxJournal.Create(_store, Now);
            var (item, bytes) = Entry("left by a crash", 0);
            crashed.Append(item, bytes);
            crashed.Abandon();

            using (var next = OutboxJournal.Open(_store, Now.AddMinutes(1)))
            {
                Assert.Equal(crashed.FilePath, next.FilePath);
                Assert.Equal(item.Id, Assert.Single(_store.List()).Id);
                using var concurrent = OutboxJournal.Open(_store, Now.AddMinutes(1)); // the first is taken: a new one
                Assert.NotEqual(next.FilePath, concurrent.FilePath);
            }

            Assert.Equal(2, Directory.GetFiles(_directory, "*.wal").Length);
        }

        [Fact]
        public void A_garbage_journal_recovers_nothing_and_breaks_nothing()
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllBytes(Path.Combine(_directory, OutboxStore.NewId(Now) + ".wal"), new byte[] { 0x42, 0x4D, 0x4A, 0x31, (byte)'W', 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4 });

            Assert.Equal(0, OutboxJournal.RecoverAbandoned(_store));
            Assert.Empty(_store.List());
        }

        [Fact]
        public void A_FIFO_in_place_of_a_journal_is_left_alone_and_blocks_nothing()
        {
            Directory.CreateDirectory(_directory);
            var fifo = Path.Combine(_directory, OutboxStore.NewId(Now) + ".wal");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();

            var recovered = Support.TestDeadline.Run(() => OutboxJournal.RecoverAbandoned(_store));
            using var journal = Support.TestDeadline.Run(() => OutboxJournal.Open(_store, Now));

            Assert.Equal(0, recovered);
            Assert.NotEqual(fifo, journal.FilePath);
        }

        private static (OutboxItem, byte[]) Entry(string subject, int n)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("backup@example.com"));
            message.To.Add(MailboxAddress.Parse("admin@example.com"));
            message.Subject = subject;
            message.MessageId = subject.Replace(' ', '-') + "@example.com";
            message.Body = new TextPart("plain") { Text = "Body of " + subject };
            var item = new OutboxItem
            {
                Id = OutboxStore.NewId(Now.AddMilliseconds(n)),
                Created = Now,
                MessageId = message.MessageId,
                Account = "Default",
                To = new[] { "admin@example.com" },
                NextAttempt = Now,
            };
            return (item, OutboxStore.Serialize(message));
        }
    }
}
