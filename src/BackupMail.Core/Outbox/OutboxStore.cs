using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackupMail.IO;
using BackupMail.Resources;
using MimeKit;

namespace BackupMail.Outbox
{
    /// <summary>
    /// The outbox: messages that could not be delivered yet, each kept as its complete MIME text
    /// (<c>&lt;id&gt;.eml</c>) beside its metadata (<c>&lt;id&gt;.json</c>). Both are written atomically,
    /// the metadata last, so an item is valid only when both exist; a half-written item is never read.
    /// </summary>
    public sealed class OutboxStore
    {
        internal const string MessageExtension = ".eml";
        internal const string MetadataExtension = ".json";
        internal const string LockExtension = ".lock";

        internal static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>Opens the outbox in <paramref name="directory"/> (created on first use).</summary>
        public OutboxStore(string directory)
        {
            DirectoryPath = directory ?? throw new ArgumentNullException(nameof(directory));
        }

        /// <summary>The outbox of a configuration directory: <c>&lt;config&gt;/outbox</c>.</summary>
        public static OutboxStore InConfigDirectory(string configDirectory) => new OutboxStore(Path.Combine(configDirectory, "outbox"));

        /// <summary>The outbox directory.</summary>
        public string DirectoryPath { get; }

        /// <summary>Where items that were given up on are kept: <c>outbox/failed</c>.</summary>
        public string FailedDirectoryPath => Path.Combine(DirectoryPath, "failed");

        /// <summary>Queues <paramref name="message"/>; fills in the item's Id and Created, and returns it.</summary>
        /// <exception cref="BackupMailException"><c>OutboxNotWritable</c> when the directory cannot be written.</exception>
        public OutboxItem Enqueue(MimeMessage message, OutboxItem item, DateTimeOffset now)
        {
            if (message == null) throw new ArgumentNullException(nameof(message));
            if (item == null) throw new ArgumentNullException(nameof(item));

            item.Id = NewId(now);
            item.Created = now;
            item.MessageId = message.MessageId;
            Add(item, stream => message.WriteTo(stream), failed: false);
            return item;
        }

        /// <summary>
        /// Writes an item whose id is already set, durably: the message first, then the metadata that makes it an item
        /// (each written, flushed to disk and renamed into place), then the directory synced. With
        /// <paramref name="failed"/>, into <c>outbox/failed</c>.
        /// </summary>
        /// <exception cref="BackupMailException"><c>OutboxNotWritable</c> when the directory cannot be written.</exception>
        internal void Add(OutboxItem item, byte[] message, bool failed = false) =>
            Add(item, stream => stream.Write(message, 0, message.Length), failed);

        private void Add(OutboxItem item, Action<Stream> writeMessage, bool failed)
        {
            var directory = failed ? FailedDirectoryPath : DirectoryPath;
            try
            {
                EnsureDirectory(DirectoryPath);
                EnsureDirectory(directory);
                AtomicFile.Write(MessagePath(directory, item.Id), writeMessage);
                WriteMetadata(directory, item);
                DiskSync.TrySyncDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new BackupMailException(ErrorIds.OutboxNotWritable, BackupMailErrorKind.PermissionDenied,
                    OutboxStrings.Format("OutboxNotWritable", directory, ex.Message), directory, ex);
            }
        }

        /// <summary>The message's bytes as the outbox keeps them (and sends them again).</summary>
        internal static byte[] Serialize(MimeMessage message)
        {
            using (var memory = new MemoryStream())
            {
                message.WriteTo(memory);
                return memory.ToArray();
            }
        }

        /// <summary>
        /// Moves an item from <c>outbox/failed</c> back into the outbox, due now, so that it can be sent again once its
        /// cause was fixed. Returns false when there is no such failed item.
        /// </summary>
        /// <exception cref="BackupMailException"><c>QueueItemDamaged</c> when its files cannot be read; <c>OutboxNotWritable</c>.</exception>
        public bool Requeue(string id, DateTimeOffset now)
        {
            if (!IsValidId(id) || !File.Exists(MetadataPath(FailedDirectoryPath, id)) && !File.Exists(MessagePath(FailedDirectoryPath, id)))
            {
                return false;
            }

            var item = ReadItem(FailedDirectoryPath, id);
            if (item == null)
            {
                return false; // both files went in between
            }

            var damage = item.IsDamaged ? item.LastError : CheckReadable(MessagePath(FailedDirectoryPath, id), MaxMessageBytes);
            if (damage != null)
            {
                throw new BackupMailException(ErrorIds.QueueItemDamaged, BackupMailErrorKind.InvalidData,
                    OutboxStrings.Format("QueueItemDamaged", id, damage, FailedDirectoryPath), id);
            }

            item.NextAttempt = now;
            try
            {
                EnsureDirectory(DirectoryPath);
                // The message first, then the metadata that makes it an item; the failed copy goes last.
                File.Copy(MessagePath(FailedDirectoryPath, id), MessagePath(DirectoryPath, id), overwrite: true);
                WriteMetadata(DirectoryPath, item);
                DiskSync.TrySyncDirectory(DirectoryPath);
                File.Delete(MetadataPath(FailedDirectoryPath, id));
                File.Delete(MessagePath(FailedDirectoryPath, id));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new BackupMailException(ErrorIds.OutboxNotWritable, BackupMailErrorKind.PermissionDenied,
                    OutboxStrings.Format("OutboxNotWritable", DirectoryPath, ex.Message), DirectoryPath, ex);
            }

            return true;
        }

        /// <summary>
        /// The waiting items, oldest first, damaged ones included. Messages that a process killed while sending left in
        /// its journal are recovered as items first.
        /// </summary>
        public IReadOnlyList<OutboxItem> List()
        {
            OutboxJournal.RecoverAbandoned(this);
            return ListIn(DirectoryPath, withMessagesAlone: false);
        }

        /// <summary>The items that were given up on, oldest first.</summary>
        public IReadOnlyList<OutboxItem> ListFailed() => ListIn(FailedDirectoryPath, withMessagesAlone: true);

        /// <summary>
        /// Removes a waiting item (or, with <paramref name="failed"/>, one from <c>outbox/failed</c>). Returns false
        /// when there is no such item, or another process is sending it right now (it is left alone).
        /// </summary>
        public bool Remove(string id, bool failed = false)
        {
            if (failed)
            {
                // A damaged item may have only one of its two files: either is enough to remove it.
                if (!IsValidId(id) || !File.Exists(MetadataPath(FailedDirectoryPath, id)) && !File.Exists(MessagePath(FailedDirectoryPath, id)))
                {
                    return false;
                }

                File.Delete(MetadataPath(FailedDirectoryPath, id));
                File.Delete(MessagePath(FailedDirectoryPath, id));
                return true;
            }

            using (var lease = TryLease(id))
            {
                if (lease == null)
                {
                    return false;
                }

                lease.Complete();
                return true;
            }
        }

        /// <summary>True when a complete item with this id waits in the outbox.</summary>
        public bool Contains(string id) =>
            IsValidId(id) && File.Exists(MetadataPath(DirectoryPath, id)) && File.Exists(MessagePath(DirectoryPath, id));

        /// <summary>
        /// Takes the item for delivery, so that no other process sends it at the same time. Returns null
        /// when another process holds it or it no longer exists.
        /// </summary>
        public OutboxLease? TryLease(string id)
        {
            if (!IsValidId(id) || !File.Exists(MetadataPath(DirectoryPath, id)))
            {
                return null;
            }

            FileStream lockStream;
            try
            {
                lockStream = OpenLock(DirectoryPath, id);
            }
            catch (IOException)
            {
                return null; // Another process is sending it.
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            // It may have been delivered and removed between the check above and taking the lock.
            if (!File.Exists(MetadataPath(DirectoryPath, id)))
            {
                lockStream.Dispose();
                // Our OpenOrCreate may have made the lock file again after its sender removed it: not left behind.
                TryDeleteLockFile(DirectoryPath, id);
                return null;
            }

            // A damaged item is leased too: its sender moves it to outbox/failed instead of tripping over it.
            var item = ReadItem(DirectoryPath, id);
            if (item == null)
            {
                // Both files went in between (the outbox folder removed, say): nothing to lease.
                lockStream.Dispose();
                TryDeleteLockFile(DirectoryPath, id);
                return null;
            }

            return new OutboxLease(this, item, lockStream);
        }

        private static FileStream OpenLock(string directory, string id) =>
            new FileStream(Path.Combine(directory, id + LockExtension), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        /// <summary>
        /// Removes what processes killed while writing left behind: temporary files, and messages whose metadata
        /// was never written (or was removed first when the item completed). Nothing reads them, but each may be
        /// as large as a message; only files older than <paramref name="age"/> go, so no write in progress is touched.
        /// </summary>
        /// <returns>How many files were removed.</returns>
        internal int RemoveAbandonedFiles(TimeSpan age)
        {
            var removed = 0;
            if (!Directory.Exists(DirectoryPath))
            {
                return removed;
            }

            var cutoff = DateTime.UtcNow - age;
            try
            {
                foreach (var path in Directory.GetFiles(DirectoryPath, "*" + AtomicFile.TemporarySuffix))
                {
                    if (File.GetLastWriteTimeUtc(path) < cutoff && TryDelete(path)) removed++;
                }

                foreach (var path in Directory.GetFiles(DirectoryPath, "*" + MessageExtension))
                {
                    var id = Path.GetFileNameWithoutExtension(path);
                    if (IsValidId(id) && !File.Exists(MetadataPath(DirectoryPath, id)) && File.GetLastWriteTimeUtc(path) < cutoff && TryDelete(path)) removed++;
                }

                // A sender killed after its item completed, before it let go of the item, leaves the lock file behind.
                foreach (var path in Directory.GetFiles(DirectoryPath, "*" + LockExtension))
                {
                    var id = Path.GetFileNameWithoutExtension(path);
                    if (IsValidId(id) && !File.Exists(MetadataPath(DirectoryPath, id)) && !File.Exists(MessagePath(DirectoryPath, id))
                        && File.GetLastWriteTimeUtc(path) < cutoff && TryDelete(path)) removed++;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return removed;
        }

        private static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Removes an item's lock file; another process may hold or remove it meanwhile, which is harmless.</summary>
        internal static void TryDeleteLockFile(string directory, string id)
        {
            try
            {
                File.Delete(Path.Combine(directory, id + LockExtension));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        internal static string MessagePath(string directory, string id) => Path.Combine(directory, id + MessageExtension);

        internal static string MetadataPath(string directory, string id) => Path.Combine(directory, id + MetadataExtension);

        internal static void WriteMetadata(string directory, OutboxItem item) =>
            AtomicFile.Write(MetadataPath(directory, item.Id), stream =>
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    JsonSerializer.Serialize(writer, item, JsonOptions);
                }
            });

        internal static void EnsureDirectory(string directory)
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                UnixPermissions.TrySet(directory, UnixPermissions.OwnerOnlyDirectory);
            }
        }

        // Every item, damaged ones included: nothing in the outbox may be invisible. A message file without metadata
        // is left out of the outbox proper (it is being written right now, or a crash left it: see RemoveAbandonedFiles),
        // but shown, withMessagesAlone, in outbox/failed, where nothing is being written.
        private static IReadOnlyList<OutboxItem> ListIn(string directory, bool withMessagesAlone)
        {
            var items = new List<OutboxItem>();
            if (!Directory.Exists(directory))
            {
                return items;
            }

            var ids = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var path in Directory.GetFiles(directory, "*" + MetadataExtension))
            {
                ids.Add(Path.GetFileNameWithoutExtension(path));
            }

            if (withMessagesAlone)
            {
                foreach (var path in Directory.GetFiles(directory, "*" + MessageExtension))
                {
                    ids.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            foreach (var id in ids)
            {
                if (!IsValidId(id))
                {
                    continue;
                }

                var item = ReadItem(directory, id);
                if (item != null)
                {
                    items.Add(item);
                }
            }

            return items;
        }

        // The item as its files tell it; a damaged item (metadata unreadable or missing, message missing) as far as it is
        // known, marked IsDamaged. Null when both files are gone (removed meanwhile).
        internal static OutboxItem? ReadItem(string directory, string id)
        {
            var metadataPath = MetadataPath(directory, id);
            var hasMessage = File.Exists(MessagePath(directory, id));
            string damage;
            try
            {
                var problem = CheckReadable(metadataPath, MaxMetadataBytes);
                if (problem != null)
                {
                    throw new IOException(problem);
                }

                var item = JsonSerializer.Deserialize<OutboxItem>(File.ReadAllBytes(metadataPath), JsonOptions);
                if (item != null && item.Id == id)
                {
                    if (hasMessage)
                    {
                        return item;
                    }

                    item.IsDamaged = true;
                    item.LastErrorId = ErrorIds.QueueItemDamaged;
                    item.LastError = OutboxStrings.Format("DamageMessageMissing");
                    return item;
                }

                damage = OutboxStrings.Format("DamageMetadataUnreadable", item == null ? "null" : "id " + (item.Id ?? "null"));
            }
            catch (FileNotFoundException)
            {
                if (!hasMessage) return null;
                damage = OutboxStrings.Format("DamageMetadataUnreadable", "missing");
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception ex) when (ex is IOException || ex is JsonException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                damage = OutboxStrings.Format("DamageMetadataUnreadable", ex.Message);
            }

            if (!hasMessage && !File.Exists(metadataPath))
            {
                return null;
            }

            return new OutboxItem
            {
                Id = id,
                Created = CreatedOf(id),
                NextAttempt = CreatedOf(id),
                IsDamaged = true,
                LastErrorId = ErrorIds.QueueItemDamaged,
                LastError = hasMessage ? damage : damage + "; " + OutboxStrings.Format("DamageMessageMissing"),
            };
        }

        // Messages the engine writes are bounded by the server's SIZE limit or the attachment cap; metadata is a few
        // hundred bytes. Anything larger, or anything that is not a regular file (a FIFO would block the reader, a
        // link to /dev/zero would never end), was not written by BackupMail and is read as damage, not read at all.
        internal const long MaxMessageBytes = 256L * 1024 * 1024;
        internal const long MaxMetadataBytes = 1024 * 1024;

        /// <summary>Why <paramref name="path"/> is not an outbox file that can be read safely; null when it is.</summary>
        internal static string? CheckReadable(string path, long maxBytes)
        {
            var kind = NativeFile.KindOf(path);
            if (kind.IsSpecial())
            {
                return OutboxStrings.Format("DamageNotRegularFile", Path.GetFileName(path), kind.Describe());
            }

            try
            {
                var info = new FileInfo(path);
                if (info.Exists && info.Length > maxBytes)
                {
                    return OutboxStrings.Format("DamageTooLarge", Path.GetFileName(path), info.Length, maxBytes);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return e.Message;
            }

            return null;
        }

        // The id starts with its creation time (UTC, see NewId).
        private static DateTimeOffset CreatedOf(string id) =>
            DateTimeOffset.ParseExact(id.Substring(0, 18), "yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        internal static string NewId(DateTimeOffset now) =>
            now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        // Ids come from file names and from users (-Id); only our own shape is accepted, so no path can be smuggled in.
        internal static bool IsValidId(string id)
        {
            if (string.IsNullOrEmpty(id) || id.Length != 27 || id[8] != 'T' || id[18] != '-')
            {
                return false;
            }

            for (var i = 0; i < id.Length; i++)
            {
                var c = id[i];
                if (i == 8 || i == 18) continue;
                if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) return false;
            }

            return true;
        }
    }
}
