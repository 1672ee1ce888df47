using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using BackupMail.IO;

namespace BackupMail.Outbox
{
    /// <summary>
    /// The write-ahead journal of one dispatcher: every message it sends is appended here and synced to disk before
    /// its first byte goes to the server, and marked done once the server accepted it (or once it was kept as an
    /// outbox item). One append and one sync per message, instead of a message file, a metadata file and a directory
    /// sync each: the pipeline keeps its pace.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The journal is <c>outbox/&lt;id&gt;.wal</c>, locked by its process for its whole life (the lock goes with the
    /// process, also on <c>kill -9</c>). Disposing it turns what is still pending (a send stopped by Ctrl+C, an
    /// unexpected error) into ordinary outbox items and empties it, for the next run to reuse. A journal whose process
    /// died is found unlocked by <see cref="RecoverAbandoned"/> (or by the next run that takes it), which does the same:
    /// each message is delivered or queued, at least once, with the same Message-Id.
    /// </para>
    /// <para>
    /// Records: a type byte ('W' written ahead, 'D' done), the payload's length and CRC-32, the payload. A 'W' payload
    /// is the item's metadata (JSON, its length first) and the message; a 'D' payload is the item's id. A record cut
    /// short by a crash fails its length or CRC and ends the journal: its message was never sent, since sending waits
    /// for the sync.
    /// </para>
    /// </remarks>
    internal sealed class OutboxJournal : IDisposable
    {
        internal const string Extension = ".wal";
        private const byte WrittenAhead = (byte)'W';
        private const byte Done = (byte)'D';
        private const int RecordHeaderLength = 9; // type, length, CRC
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("BMJ1");

        // Truncated back to its header when nothing is pending and it has grown past this, so that a long pipeline
        // with attachments does not keep every message on disk until it ends.
        private const long CompactAbove = 1024 * 1024;

        private readonly object _gate = new object();
        private readonly OutboxStore _store;
        private readonly FileStream _stream;
        private readonly Dictionary<string, InFlightMessage> _pending = new Dictionary<string, InFlightMessage>(StringComparer.Ordinal);
        private bool _disposed;

        private OutboxJournal(OutboxStore store, string path, FileStream stream)
        {
            _store = store;
            FilePath = path;
            _stream = stream;
        }

        /// <summary>The journal's file.</summary>
        public string FilePath { get; }

        /// <summary>
        /// Takes a journal for this dispatcher: an idle one that an earlier run left for reuse (so that a scheduled task's
        /// single notification pays for no file creation and no directory sync), after recovering whatever a crashed
        /// run left in it; or a new one (see <see cref="Create"/>).
        /// </summary>
        /// <exception cref="IOException">The directory cannot be written.</exception>
        /// <exception cref="UnauthorizedAccessException">The directory cannot be written.</exception>
        public static OutboxJournal Open(OutboxStore store, DateTimeOffset now)
        {
            foreach (var path in JournalsIn(store))
            {
                var stream = TryClaim(path);
                if (stream == null)
                {
                    continue;
                }

                if (Recover(store, stream, out _))
                {
                    return new OutboxJournal(store, path, stream);
                }

                stream.Dispose();
            }

            return Create(store, now);
        }

        /// <summary>
        /// Creates a journal in the store's directory, durably (synced, renamed into place, directory synced), locked
        /// from its first moment: another process never finds it unlocked while this one lives.
        /// </summary>
        /// <exception cref="IOException">The directory cannot be written.</exception>
        /// <exception cref="UnauthorizedAccessException">The directory cannot be written.</exception>
        public static OutboxJournal Create(OutboxStore store, DateTimeOffset now)
        {
            OutboxStore.EnsureDirectory(store.DirectoryPath);
            var path = Path.Combine(store.DirectoryPath, OutboxStore.NewId(now) + Extension);

            // On Unix the lock is taken just after the file is created: a name that recovery looks at only once it is
            // locked. Windows locks at creation, and cannot rename a file it holds open.
            var creating = UnixPermissions.IsUnix ? path + AtomicFile.TemporarySuffix : path;
            var stream = new FileStream(creating, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            try
            {
                UnixPermissions.TrySet(creating, UnixPermissions.OwnerReadWrite);
                stream.Write(Magic, 0, Magic.Length);
                stream.Flush(flushToDisk: true);
                if (creating != path)
                {
                    File.Move(creating, path);
                }

                DiskSync.TrySyncDirectory(store.DirectoryPath);
                return new OutboxJournal(store, path, stream);
            }
            catch
            {
                stream.Dispose();
                TryDelete(creating);
                throw;
            }
        }

        /// <summary>
        /// Appends <paramref name="message"/> for <paramref name="item"/> and syncs it to disk: now, or, with
        /// <paramref name="syncInBackground"/>, on another thread (the returned task ends once it is on disk; the message
        /// must not be sent before). A later record with the same id replaces an earlier one (a message completed with
        /// its attachment).
        /// </summary>
        /// <exception cref="IOException">The journal cannot be written.</exception>
        /// <exception cref="ObjectDisposedException">The journal was disposed.</exception>
        public Task Append(OutboxItem item, byte[] message, bool syncInBackground = false)
        {
            var metadata = JsonSerializer.SerializeToUtf8Bytes(item, OutboxStore.JsonOptions);
            var payload = new byte[4 + metadata.Length + message.Length];
            WriteInt(payload, 0, metadata.Length);
            Buffer.BlockCopy(metadata, 0, payload, 4, metadata.Length);
            Buffer.BlockCopy(message, 0, payload, 4 + metadata.Length, message.Length);
            lock (_gate)
            {
                ThrowIfDisposed();
                WriteRecord(WrittenAhead, payload);
                _pending[item.Id] = new InFlightMessage(item, message);
                if (!syncInBackground)
                {
                    _stream.Flush(flushToDisk: true);
                    return Task.CompletedTask;
                }

                // Written (unbuffered) to the system already: a process killed from now on leaves it in the journal.
                var handle = _stream.SafeFileHandle;
                return Task.Run(() => DiskSync.SyncFile(handle));
            }
        }

        /// <summary>
        /// Marks the item done: accepted by the server, or kept as an outbox item. Not synced: should it be lost in a
        /// crash, the message is delivered again with the same Message-Id (at least once). Ignored once disposed.
        /// </summary>
        public void MarkDone(string id)
        {
            lock (_gate)
            {
                if (_disposed || !_pending.Remove(id))
                {
                    return;
                }

                try
                {
                    if (_pending.Count == 0 && _stream.Length > CompactAbove)
                    {
                        _stream.SetLength(Magic.Length);
                        _stream.Position = Magic.Length;
                        return;
                    }

                    WriteRecord(Done, Encoding.ASCII.GetBytes(id));
                }
                catch (IOException)
                {
                    // At worst the message is delivered again after a crash, with the same Message-Id.
                }
            }
        }

        /// <summary>
        /// Turns what is still pending (a send that was stopped or failed unexpectedly) into outbox items, due now, then
        /// deletes the journal. Should that fail, the journal stays for <see cref="RecoverAbandoned"/>.
        /// </summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                var kept = true;
                foreach (var pending in _pending.Values)
                {
                    kept &= TryKeep(_store, pending.Item, pending.Message);
                }

                _pending.Clear();
                if (kept)
                {
                    // Kept, empty, for the next run to reuse; should the truncation not reach the disk before a crash,
                    // every record in it is done or kept already.
                    TryTruncate(_stream);
                }

                _stream.Dispose();
            }
        }

        /// <summary>For tests: lets go of the journal as a killed process would, keeping nothing.</summary>
        internal void Abandon()
        {
            lock (_gate)
            {
                _disposed = true;
                _stream.Dispose();
            }
        }

        /// <summary>
        /// Recovers the journals of processes that died while sending: each message written ahead and not done becomes
        /// an outbox item, due now (its metadata as written ahead, so the same id and Message-Id). A journal whose
        /// process still lives is locked and left alone. Best effort: a journal that cannot be read stays for later.
        /// </summary>
        /// <returns>How many messages were recovered.</returns>
        public static int RecoverAbandoned(OutboxStore store)
        {
            var recovered = 0;
            foreach (var path in JournalsIn(store))
            {
                using (var stream = TryClaim(path))
                {
                    if (stream != null && stream.Length > Magic.Length)
                    {
                        Recover(store, stream, out var count);
                        recovered += count;
                    }
                }
            }

            return recovered;
        }

        // The journals in the outbox; none when it cannot be listed.
        private static string[] JournalsIn(OutboxStore store)
        {
            try
            {
                return Directory.Exists(store.DirectoryPath) ? Directory.GetFiles(store.DirectoryPath, "*" + Extension) : new string[0];
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new string[0];
            }
        }

        // The journal, locked for this process; null when its process is alive (or it is gone meanwhile).
        private static FileStream? TryClaim(string path)
        {
            if (!path.EndsWith(Extension, StringComparison.Ordinal))
            {
                return null; // GetFiles' pattern also matches longer extensions on some platforms
            }

            var kind = NativeFile.KindOf(path);
            if (kind.IsSpecial())
            {
                return null; // not one of ours (a FIFO would block the open): left alone
            }

            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        // Keeps every message a crashed run left pending as an outbox item, then empties the journal for reuse. False
        // when something could not be kept (the journal stays as it is, for a later try) or it cannot be emptied.
        private static bool Recover(OutboxStore store, FileStream stream, out int count)
        {
            count = 0;
            try
            {
                stream.Position = 0;
                var kept = true;
                foreach (var pending in ReadPending(stream))
                {
                    kept &= TryKeep(store, pending.Item, pending.Message);
                    count++;
                }

                if (!kept)
                {
                    return false;
                }

                // Emptied without a sync: should that not reach the disk, the records are recovered again, and an item
                // that is already in the outbox is not written twice.
                if (stream.Length != Magic.Length || count > 0)
                {
                    stream.SetLength(0);
                    stream.Write(Magic, 0, Magic.Length);
                }

                stream.Position = Magic.Length;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static void TryTruncate(FileStream stream)
        {
            try
            {
                stream.SetLength(Magic.Length);
            }
            catch (IOException)
            {
            }
        }

        // The records written ahead and not done, in order; the last record of an id wins. Stops at the first record a
        // crash cut short (or anything else that does not read as a record).
        private static IEnumerable<InFlightMessage> ReadPending(FileStream stream)
        {
            var pending = new Dictionary<string, InFlightMessage>(StringComparer.Ordinal);
            var order = new List<string>();
            var header = new byte[Magic.Length];
            if (ReadFully(stream, header, header.Length) && Equal(header, Magic))
            {
                var recordHeader = new byte[RecordHeaderLength];
                while (ReadFully(stream, recordHeader, RecordHeaderLength))
                {
                    var type = recordHeader[0];
                    var length = ReadInt(recordHeader, 1);
                    var crc = (uint)ReadInt(recordHeader, 5);
                    if (length < 0 || length > stream.Length - stream.Position)
                    {
                        break;
                    }

                    var payload = new byte[length];
                    if (!ReadFully(stream, payload, length) || Crc32.Compute(payload, 0, length) != crc)
                    {
                        break;
                    }

                    if (type == Done)
                    {
                        pending.Remove(Encoding.ASCII.GetString(payload));
                    }
                    else if (type == WrittenAhead && TryParse(payload, out var entry))
                    {
                        if (!pending.ContainsKey(entry.Item.Id)) order.Add(entry.Item.Id);
                        pending[entry.Item.Id] = entry;
                    }
                }
            }

            foreach (var id in order)
            {
                if (pending.TryGetValue(id, out var entry))
                {
                    yield return entry;
                }
            }
        }

        private static bool TryParse(byte[] payload, [NotNullWhen(true)] out InFlightMessage? entry)
        {
            entry = null;
            var metadataLength = ReadInt(payload, 0);
            if (metadataLength < 0 || metadataLength > payload.Length - 4)
            {
                return false;
            }

            try
            {
                var item = JsonSerializer.Deserialize<OutboxItem>(new ReadOnlySpan<byte>(payload, 4, metadataLength), OutboxStore.JsonOptions);
                if (item == null || !OutboxStore.IsValidId(item.Id))
                {
                    return false;
                }

                var message = new byte[payload.Length - 4 - metadataLength];
                Buffer.BlockCopy(payload, 4 + metadataLength, message, 0, message.Length);
                entry = new InFlightMessage(item, message);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        // An item already in the outbox (kept just before a crash) is not written twice.
        private static bool TryKeep(OutboxStore store, OutboxItem item, byte[] message)
        {
            try
            {
                if (!store.Contains(item.Id))
                {
                    store.Add(item, message);
                }

                return true;
            }
            catch (BackupMailException)
            {
                return false;
            }
        }

        private void WriteRecord(byte type, byte[] payload)
        {
            var header = new byte[RecordHeaderLength];
            header[0] = type;
            WriteInt(header, 1, payload.Length);
            WriteInt(header, 5, (int)Crc32.Compute(payload, 0, payload.Length));
            _stream.Write(header, 0, header.Length);
            _stream.Write(payload, 0, payload.Length);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(OutboxJournal));
            }
        }

        private static bool ReadFully(Stream stream, byte[] buffer, int count)
        {
            var read = 0;
            while (read < count)
            {
                var n = stream.Read(buffer, read, count - read);
                if (n == 0) return false;
                read += n;
            }

            return true;
        }

        private static bool Equal(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }

            return true;
        }

        private static void WriteInt(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        private static int ReadInt(byte[] buffer, int offset) =>
            buffer[offset] | buffer[offset + 1] << 8 | buffer[offset + 2] << 16 | buffer[offset + 3] << 24;

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
