using System;
using System.IO;
using BackupMail.Resources;
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
            var path = OutboxStore.MessagePath(_store.DirectoryPath, Item.Id);
            var problem = OutboxStore.CheckReadable(path, OutboxStore.MaxMessageBytes);
            if (problem != null)
            {
                throw new IOException(problem);
            }

            using (var stream = File.OpenRead(path))
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

        /// <summary>
        /// Why the item can never be sent as it is (damaged files, no sender, a recipient that does not parse), or null
        /// when it can be tried. Loads the message into <paramref name="message"/> when it can be read.
        /// </summary>
        internal string? Inspect(out MimeMessage? message)
        {
            message = null;
            if (Item.IsDamaged)
            {
                return Item.LastError;
            }

            try
            {
                message = LoadMessage();
            }
            catch (Exception error) when (error is FormatException || error is IOException || error is UnauthorizedAccessException)
            {
                return OutboxStrings.Format("DamageMessageUnreadable", error.Message);
            }

            var problem = QueuedEnvelope.Check(message, Item.EnvelopeRecipients());
            if (problem != null)
            {
                message.Dispose();
                message = null;
            }

            return problem;
        }

        /// <summary>
        /// Records a failed attempt (its error ID and text) and schedules the next one, no sooner than
        /// <paramref name="retryAfter"/> when the service asked for a pause.
        /// </summary>
        /// <exception cref="IOException">The metadata cannot be written; the item stays as it was.</exception>
        public void RecordFailure(string errorId, string error, DateTimeOffset now, RetrySchedule schedule, TimeSpan? retryAfter = null)
        {
            Item.Attempts++;
            Item.FirstError = Item.FirstError ?? error;
            Item.LastError = error;
            Item.LastErrorId = errorId;
            Item.LastAttempt = now;
            Item.NextAttempt = now + schedule.DelayAfter(Item.Attempts, retryAfter);
            OutboxStore.WriteMetadata(_store.DirectoryPath, Item);
        }

        /// <summary>
        /// Gives up on the item: moves it to <c>outbox/failed</c> with the error that failed it, where it stays for the
        /// user to inspect, fix and send again (<see cref="OutboxStore.Requeue"/>). A damaged item keeps what is left of it.
        /// </summary>
        /// <exception cref="IOException">outbox/failed cannot be written; the item stays in the outbox.</exception>
        public void MoveToFailed(string errorId, string? error, DateTimeOffset now)
        {
            var failed = _store.FailedDirectoryPath;
            OutboxStore.EnsureDirectory(failed);
            Item.FirstError = Item.FirstError ?? error;
            Item.LastError = error;
            Item.LastErrorId = errorId;
            Item.LastAttempt = now;
            // A message file that is not a regular file of a sane size (a FIFO, a link to /dev/zero) is not copied: its
            // damage is the item's last error, and copying it would block or never end.
            var message = OutboxStore.MessagePath(_store.DirectoryPath, Item.Id);
            if (File.Exists(message) && OutboxStore.CheckReadable(message, OutboxStore.MaxMessageBytes) == null)
            {
                File.Copy(message, OutboxStore.MessagePath(failed, Item.Id), overwrite: true);
            }

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
