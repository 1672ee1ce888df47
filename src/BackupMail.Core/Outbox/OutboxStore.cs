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
            try
            {
                EnsureDirectory(DirectoryPath);
                AtomicFile.Write(MessagePath(DirectoryPath, item.Id), stream => message.WriteTo(stream));
                WriteMetadata(DirectoryPath, item);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new BackupMailException("OutboxNotWritable", BackupMailErrorKind.PermissionDenied,
                    OutboxStrings.Format("OutboxNotWritable", DirectoryPath, ex.Message), DirectoryPath, ex);
            }

            return item;
        }

        /// <summary>The waiting items, oldest first. Incomplete or unreadable items are left out.</summary>
        public IReadOnlyList<OutboxItem> List() => ListIn(DirectoryPath);

        /// <summary>The items that were given up on, oldest first.</summary>
        public IReadOnlyList<OutboxItem> ListFailed() => ListIn(FailedDirectoryPath);

        /// <summary>
        /// Removes a waiting item (or, with <paramref name="failed"/>, one from <c>outbox/failed</c>). Returns false
        /// when there is no such item, or another process is sending it right now (it is left alone).
        /// </summary>
        public bool Remove(string id, bool failed = false)
        {
            if (failed)
            {
                if (!IsValidId(id) || !File.Exists(MetadataPath(FailedDirectoryPath, id)))
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
        public OutboxLease TryLease(string id)
        {
            if (!IsValidId(id) || !File.Exists(MetadataPath(DirectoryPath, id)))
            {
                return null;
            }

            FileStream lockStream;
            try
            {
                lockStream = new FileStream(Path.Combine(DirectoryPath, id + LockExtension), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return null; // Another process is sending it.
            }

            // It may have been delivered and removed between the check above and taking the lock.
            var item = ReadMetadata(MetadataPath(DirectoryPath, id));
            if (item == null || !File.Exists(MessagePath(DirectoryPath, id)))
            {
                lockStream.Dispose();
                if (!File.Exists(MetadataPath(DirectoryPath, id)))
                {
                    // Our OpenOrCreate may have made the lock file again after its sender removed it: not left behind.
                    TryDeleteLockFile(DirectoryPath, id);
                }

                return null;
            }

            return new OutboxLease(this, item, lockStream);
        }

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

        private static IReadOnlyList<OutboxItem> ListIn(string directory)
        {
            var items = new List<OutboxItem>();
            if (!Directory.Exists(directory))
            {
                return items;
            }

            foreach (var metadataPath in Directory.GetFiles(directory, "*" + MetadataExtension))
            {
                var id = Path.GetFileNameWithoutExtension(metadataPath);
                if (!IsValidId(id) || !File.Exists(MessagePath(directory, id)))
                {
                    continue;
                }

                var item = ReadMetadata(metadataPath);
                if (item != null && item.Id == id)
                {
                    items.Add(item);
                }
            }

            items.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return items;
        }

        private static OutboxItem ReadMetadata(string path)
        {
            try
            {
                return JsonSerializer.Deserialize<OutboxItem>(File.ReadAllBytes(path), JsonOptions);
            }
            catch (Exception ex) when (ex is IOException || ex is JsonException || ex is UnauthorizedAccessException)
            {
                return null; // Removed meanwhile, or damaged by hand: not a valid item.
            }
        }

        private static string NewId(DateTimeOffset now) =>
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
