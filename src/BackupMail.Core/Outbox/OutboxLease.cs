using System;
using System.IO;
using MimeKit;

namespace BackupMail.Outbox
{
    /// <summary>
    /// An outbox item taken for delivery by this process. Only one lease per item exists at a time
    /// (across processes); dispose it to let go. The item leaves the outbox only through <see cref="Complete"/>.
    /// </summary>
    public sealed class OutboxLease : IDisposable
    {
        private readonly OutboxStore _store;
        private readonly FileStream _lock;

        internal OutboxLease(OutboxStore store, OutboxItem item, FileStream lockStream)
        {
            _store = store;
            Item = item;
            _lock = lockStream;
        }

        /// <summary>The item's metadata.</summary>
        public OutboxItem Item { get; }

        /// <summary>Reads the queued message exactly as it was composed.</summary>
        public MimeMessage LoadMessage()
        {
            using (var stream = File.OpenRead(OutboxStore.MessagePath(_store.DirectoryPath, Item.Id)))
            {
                return MimeMessage.Load(stream);
            }
        }

        /// <summary>The server accepted the message: removes the item (metadata first, so it is never half-valid).</summary>
        public void Complete()
        {
            File.Delete(OutboxStore.MetadataPath(_store.DirectoryPath, Item.Id));
            File.Delete(OutboxStore.MessagePath(_store.DirectoryPath, Item.Id));
        }

        /// <summary>Records a failed attempt and schedules the next one.</summary>
        public void RecordFailure(string error, DateTimeOffset now, RetrySchedule schedule)
        {
            Item.Attempts++;
            Item.FirstError = Item.FirstError ?? error;
            Item.LastError = error;
            Item.LastAttempt = now;
            Item.NextAttempt = now + schedule.DelayAfter(Item.Attempts);
            OutboxStore.WriteMetadata(_store.DirectoryPath, Item);
        }

        /// <summary>Gives up on the item: moves it to <c>outbox/failed</c>, where it stays for the user to inspect.</summary>
        public void MoveToFailed()
        {
            var failed = _store.FailedDirectoryPath;
            OutboxStore.EnsureDirectory(failed);
            File.Copy(OutboxStore.MessagePath(_store.DirectoryPath, Item.Id), OutboxStore.MessagePath(failed, Item.Id), overwrite: true);
            OutboxStore.WriteMetadata(failed, Item);
            Complete();
        }

        /// <summary>Lets go of the item (it stays in the outbox unless completed).</summary>
        public void Dispose()
        {
            _lock.Dispose();
            if (!File.Exists(OutboxStore.MetadataPath(_store.DirectoryPath, Item.Id)))
            {
                // The item is gone; its lock file is no longer needed. Another process may hold it by now,
                // which is harmless: it re-checks the metadata after taking the lock.
                OutboxStore.TryDeleteLockFile(_store.DirectoryPath, Item.Id);
            }
        }
    }
}
