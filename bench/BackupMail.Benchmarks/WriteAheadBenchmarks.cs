using System;
using System.IO;
using BackupMail.Delivery;
using BackupMail.Outbox;
using BackupMail.Templates;
using BenchmarkDotNet.Attributes;

namespace BackupMail.Benchmarks
{
    /// <summary>
    /// What writing a notification ahead costs (issue 11 §4): the journal record of one message, synced to disk before
    /// it is sent and marked done once accepted, against queueing it as an outbox item (message and metadata files,
    /// each synced, and the directory synced), which is what a failed send still pays.
    /// </summary>
    [MemoryDiagnoser]
    public class WriteAheadBenchmarks
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);
        private string _directory;
        private OutboxStore _store;
        private OutboxJournal _journal;
        private byte[] _message;
        private int _sequence;

        [GlobalSetup]
        public void Setup()
        {
            _directory = Path.Combine(Path.GetTempPath(), "writeahead-" + Guid.NewGuid().ToString("N"));
            _store = new OutboxStore(_directory);
            _journal = OutboxJournal.Open(_store, Now);
            var rendered = new RenderedMessage("Backup Documents: Warning", "Exit code 5.\n913 files, 1.2 GB copied.\nOne file failed.", BodyFormat.Text);
            _message = OutboxStore.Serialize(MessageComposer.Compose("Backup <backup@example.com>", new[] { "admin@example.com" }, rendered));
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _journal.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        [Benchmark(Baseline = true, Description = "journal: append, fsync, mark done")]
        public void JournalRecord()
        {
            var item = Item();
            _journal.Append(item, _message);
            _journal.MarkDone(item.Id);
        }

        [Benchmark(Description = "outbox item: two synced files, directory sync, removal")]
        public void OutboxItem()
        {
            var item = Item();
            _store.Add(item, _message);
            _store.Remove(item.Id);
        }

        private OutboxItem Item() => new OutboxItem
        {
            Id = OutboxStore.NewId(Now.AddMilliseconds(_sequence++)),
            Created = Now,
            MessageId = "bench@example.com",
            Account = "Default",
            To = new[] { "admin@example.com" },
            NextAttempt = Now,
        };
    }
}
