#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using BackupMail.IO;
using BackupMail.Resources;

namespace BackupMail.History
{
    /// <summary>
    /// The run journal: every recorded backup run, one line each, in <c>&lt;configdir&gt;/journal/runs.log</c>. Safe with
    /// many processes appending at once and with a process killed at any moment; bounded by <see cref="RetentionDays"/>.
    /// History, trends, digests and the watchdog read it.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <b>Format.</b> UTF-8 text, one line per run, ended by a line feed. A run line is 20 tab-separated fields and a
    /// CRC: <c>1</c> (the format version), sequence, recorded-at, backup name, status, exit code, tool, start, end,
    /// directories copied, files copied, files failed, bytes copied, source, destination, computer, user, action,
    /// Message-Id, error message, then the CRC-32 (IEEE) of every byte before the tab that precedes it, as eight
    /// lowercase hexadecimal digits. Numbers and enums are invariant decimals (enums by value); times are UTC ticks
    /// followed by the offset in minutes when it is not zero (<c>639010584000000000+60</c>); an empty field is null.
    /// In texts, backslash, tab, CR and LF are escaped as <c>\\</c>, <c>\t</c>, <c>\r</c>, <c>\n</c>, and <c>\e</c> is
    /// the empty string. A typical run takes about 250 bytes.
    /// </para>
    /// <para>
    /// A line <c>H</c>, sequence, CRC (the same CRC rule) heads the file once a trim dropped runs: it keeps the highest
    /// sequence ever given, so that sequences are never reused. A reader skips every line that fails its CRC, has too few
    /// fields, holds a value out of range or is longer than 64 KiB (a run cut short by a crash, power loss, a hand edit,
    /// garbage), and reads on; a later version may add fields before the CRC, which this one ignores. A line of another
    /// version is skipped.
    /// </para>
    /// <para>
    /// <b>Writing.</b> Appends and trims hold <c>journal.lock</c> exclusively (FileShare.None: a sharing lock on
    /// Windows, an <c>flock</c> on Unix, both released by the system when the process dies, also on <c>kill -9</c>),
    /// waited for up to <see cref="LockTimeout"/>. Under it, the next sequence is read from the file's tail (and its
    /// header), and the line is written with one write call. A trim rewrites the file atomically (a temporary file
    /// renamed over it). Readers take no lock: they read up to the length the file had when they opened it, and a
    /// rename leaves them reading the file they opened.
    /// </para>
    /// </remarks>
    public sealed class RunJournal
    {
        /// <summary>The journal's folder under the configuration directory.</summary>
        public const string DirectoryName = "journal";

        /// <summary>The journal's file name.</summary>
        public const string FileName = "runs.log";

        /// <summary>The lock file's name.</summary>
        public const string LockFileName = "journal.lock";

        /// <summary>How long runs are kept when the configuration does not say.</summary>
        public const int DefaultRetentionDays = 400;

        // Trimmed only once the oldest run is this much past the retention: at most one rewrite a day.
        private static readonly TimeSpan TrimSlack = TimeSpan.FromDays(1);

        // A trim is considered due from the first run line among these many at the start of the file.
        private const int TrimCheckLines = 64;

        private readonly Func<DateTimeOffset> _clock;
        private readonly object _gate = new object();
        private Thread? _lockOwner;
        private int _lockDepth;
        private FileStream? _lockStream;
        private int _retentionDays = DefaultRetentionDays;

        private RunJournal(string directoryPath, Func<DateTimeOffset>? clock)
        {
            DirectoryPath = directoryPath;
            FilePath = Path.Combine(directoryPath, FileName);
            LockFilePath = Path.Combine(directoryPath, LockFileName);
            _clock = clock ?? (() => DateTimeOffset.Now);
        }

        /// <summary>The journal of the configuration directory <paramref name="configDirectory"/> (<c>&lt;configDirectory&gt;/journal</c>).</summary>
        /// <param name="configDirectory">The configuration directory (ConfigStore.DirectoryPath).</param>
        /// <param name="clock">What <see cref="RunRecord.RecordedAt"/> and retention are measured by; the system clock when null.</param>
        /// <exception cref="ArgumentException"><paramref name="configDirectory"/> is null or empty.</exception>
        public static RunJournal InConfigDirectory(string configDirectory, Func<DateTimeOffset>? clock = null)
        {
            if (string.IsNullOrEmpty(configDirectory)) throw new ArgumentException("A configuration directory is required.", nameof(configDirectory));
            return new RunJournal(Path.Combine(Path.GetFullPath(configDirectory), DirectoryName), clock);
        }

        /// <summary>The journal's folder, <c>&lt;configdir&gt;/journal</c>.</summary>
        public string DirectoryPath { get; }

        /// <summary>The journal's file, <c>runs.log</c>.</summary>
        public string FilePath { get; }

        /// <summary>The lock file, <c>journal.lock</c>, held while appending or trimming.</summary>
        public string LockFilePath { get; }

        /// <summary>How many days runs are kept (default 400); older ones go at the next trim.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 36,500.</exception>
        public int RetentionDays
        {
            get => _retentionDays;
            set
            {
                if (value < 1 || value > 36500) throw new ArgumentOutOfRangeException(nameof(value), value, "Between 1 and 36500 days.");
                _retentionDays = value;
            }
        }

        /// <summary>How long an append or a trim waits for another process's lock (default 10 s) before it gives up.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Records <paramref name="record"/>: under the lock, assigns its <see cref="RunRecord.Sequence"/> (the last one
        /// plus 1) and <see cref="RunRecord.RecordedAt"/> (the clock), cuts its error text to
        /// <see cref="RunRecord.MaxErrorMessageLength"/>, appends its line, and trims old runs when that is due. Texts so
        /// long that the line would pass 64 KiB (paths of thousands of characters) are cut to 2,000 characters.
        /// </summary>
        /// <returns><paramref name="record"/>, as recorded.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        /// <exception cref="ArgumentException">The record has no backup name, or one too long to record (tens of thousands of characters).</exception>
        /// <exception cref="BackupMailException"><c>RunJournalBusy</c> (another process held the lock too long),
        /// <c>RunJournalUnwritable</c>; the record is then not recorded.</exception>
        public RunRecord Append(RunRecord record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            if (string.IsNullOrEmpty(record.BackupName)) throw new ArgumentException("A run needs a backup name.", nameof(record));

            using (Lock())
            {
                var now = _clock();
                bool trimDue;
                using (var stream = OpenForAppending())
                {
                    var (lastSequence, oldest) = ReadEnds(stream);
                    record.Sequence = lastSequence + 1;
                    record.RecordedAt = now;
                    record.ErrorMessage = RunRecord.Shorten(record.ErrorMessage);
                    Write(stream, record);
                    trimDue = oldest.HasValue && oldest.Value < now - TimeSpan.FromDays(RetentionDays) - TrimSlack;
                }

                if (trimDue)
                {
                    try
                    {
                        TrimLocked(now);
                    }
                    catch (BackupMailException)
                    {
                        // The run is recorded; the trim is tried again by the next append.
                    }
                }
            }

            return record;
        }

        /// <summary>
        /// Drops the runs recorded more than <see cref="RetentionDays"/> ago (and lines that are not intact), rewriting
        /// the file atomically under the lock. Sequences go on from the highest one ever given.
        /// </summary>
        /// <returns>How many runs were dropped.</returns>
        /// <exception cref="BackupMailException"><c>RunJournalBusy</c>, <c>RunJournalUnreadable</c>, <c>RunJournalUnwritable</c>.</exception>
        public int Trim()
        {
            using (Lock())
            {
                return TrimLocked(_clock());
            }
        }

        /// <summary>
        /// Takes the journal's lock, for a state change that must not race an append or another such change (a digest's
        /// or the watchdog's state). Released by disposing what is returned. Re-entrant on the same thread and instance:
        /// <see cref="Append"/> and <see cref="Trim"/> may be called while it is held.
        /// </summary>
        /// <exception cref="BackupMailException"><c>RunJournalBusy</c> (held by another process longer than
        /// <see cref="LockTimeout"/>), <c>RunJournalUnwritable</c> (the folder or lock file cannot be made).</exception>
        public IDisposable Lock()
        {
            lock (_gate)
            {
                if (_lockOwner == Thread.CurrentThread)
                {
                    _lockDepth++;
                    return new RunJournalLock(this);
                }
            }

            // Outside the gate: another thread using this instance waits on the file lock like any other process.
            var stream = AcquireLockFile();
            lock (_gate)
            {
                _lockOwner = Thread.CurrentThread;
                _lockDepth = 1;
                _lockStream = stream;
            }

            return new RunJournalLock(this);
        }

        /// <summary>
        /// The recorded runs, newest first, read lazily from the end of the file in blocks: a caller that stops early
        /// reads only the tail. Damaged lines are skipped. None when there is no journal yet.
        /// </summary>
        /// <exception cref="BackupMailException"><c>RunJournalUnreadable</c>, when enumerated.</exception>
        public IEnumerable<RunRecord> ReadNewestFirst() => ReadNewestFirst(null);

        /// <summary>The recorded runs with a sequence above <paramref name="afterSequence"/>, oldest first, read lazily.</summary>
        /// <exception cref="BackupMailException"><c>RunJournalUnreadable</c>, when enumerated.</exception>
        public IEnumerable<RunRecord> ReadOldestFirst(long afterSequence = 0) =>
            ReadOldestFirst(afterSequence > 0 ? new RunLineFilter { AfterSequence = afterSequence } : null);

        internal IEnumerable<RunRecord> ReadNewestFirst(RunLineFilter? filter)
        {
            using (var stream = OpenForReading())
            {
                if (stream == null) yield break;
                var parser = new RunLineParser();
                foreach (var line in Guarded(JournalLines.Backward(stream, stream.Length)))
                {
                    if (parser.TryParse(line, filter, out var record)) yield return record!;
                }
            }
        }

        internal IEnumerable<RunRecord> ReadOldestFirst(RunLineFilter? filter)
        {
            using (var stream = OpenForReading())
            {
                if (stream == null) yield break;
                var parser = new RunLineParser();
                foreach (var line in Guarded(JournalLines.Forward(stream, 0, stream.Length)))
                {
                    if (parser.TryParse(line, filter, out var record)) yield return record!;
                }
            }
        }

        // Called by RunJournalLock.Dispose.
        internal void ReleaseLock()
        {
            FileStream? release = null;
            lock (_gate)
            {
                if (_lockOwner != Thread.CurrentThread || _lockDepth == 0) return;
                if (--_lockDepth == 0)
                {
                    _lockOwner = null;
                    release = _lockStream;
                    _lockStream = null;
                }
            }

            release?.Dispose();
        }

        // The highest sequence given so far (from the last intact run line and the header), and when the first run
        // still in the file was recorded (from the first lines only), as the trim check needs.
        private (long LastSequence, DateTimeOffset? Oldest) ReadEnds(FileStream stream)
        {
            var length = stream.Length;
            var parser = new RunLineParser();
            long highest = 0;
            DateTimeOffset? oldest = null;
            var examined = 0;
            foreach (var line in Guarded(JournalLines.Forward(stream, 0, length, JournalLines.SmallBlockSize)))
            {
                if (parser.TryReadSequence(line, out var sequence, out var recordedAt))
                {
                    highest = Math.Max(highest, sequence);
                    if (recordedAt.HasValue)
                    {
                        oldest = recordedAt;
                        break;
                    }
                }

                if (++examined >= TrimCheckLines) break;
            }

            foreach (var line in Guarded(JournalLines.Backward(stream, length, JournalLines.SmallBlockSize)))
            {
                if (parser.TryReadSequence(line, out var sequence, out _))
                {
                    highest = Math.Max(highest, sequence);
                    break;
                }
            }

            return (highest, oldest);
        }

        // One write call of the whole line, starting on a fresh line when the last one was cut short. Flushed to the
        // system, not synced to disk: once write() returned, the line is in the page cache and outlives the process,
        // also a kill -9; only a crash of the whole system can lose it, and then it is at worst a torn last line that
        // readers skip. A sync would cost milliseconds per notification for a history, not a ledger.
        private void Write(FileStream stream, RunRecord record)
        {
            var line = Encode(record);
            try
            {
                var length = stream.Length;
                var fresh = length == 0;
                if (!fresh)
                {
                    stream.Position = length - 1;
                    fresh = stream.ReadByte() == '\n';
                }

                if (!fresh)
                {
                    var withBreak = new byte[line.Length + 1];
                    withBreak[0] = (byte)'\n';
                    Buffer.BlockCopy(line, 0, withBreak, 1, line.Length);
                    line = withBreak;
                }

                stream.Position = length;
                stream.Write(line, 0, line.Length);
                stream.Flush();
            }
            catch (IOException e)
            {
                throw Unwritable(e);
            }
        }

        // A line longer than readers take would be lost: absurdly long texts are cut first (never the backup name).
        private static byte[] Encode(RunRecord record)
        {
            var line = RunLineFormat.Encode(record);
            if (line.Length <= RunLineFormat.MaxLineLength) return line;
            record.Source = Cut(record.Source);
            record.Destination = Cut(record.Destination);
            record.ComputerName = Cut(record.ComputerName);
            record.UserName = Cut(record.UserName);
            record.MessageId = Cut(record.MessageId);
            line = RunLineFormat.Encode(record);
            if (line.Length <= RunLineFormat.MaxLineLength) return line;
            throw new ArgumentException("The backup name is too long to be recorded.", nameof(record));
        }

        private static string? Cut(string? text)
        {
            const int Keep = 2000;
            if (text == null || text.Length <= Keep) return text;
            return text.Substring(0, char.IsHighSurrogate(text[Keep - 1]) ? Keep - 1 : Keep);
        }

        private int TrimLocked(DateTimeOffset now)
        {
            var cutoff = now - TimeSpan.FromDays(RetentionDays);
            long highest = 0;
            var dropped = 0;
            using (var stream = OpenForReading())
            {
                if (stream == null) return 0;
                var length = stream.Length;
                var parser = new RunLineParser();
                foreach (var line in Guarded(JournalLines.Forward(stream, 0, length)))
                {
                    if (!parser.TryReadSequence(line, out var sequence, out var recordedAt)) continue;
                    highest = Math.Max(highest, sequence);
                    if (recordedAt.HasValue && recordedAt.Value < cutoff) dropped++;
                }

                if (dropped == 0) return 0;

                try
                {
                    AtomicFile.Write(FilePath, target =>
                    {
                        var header = RunLineFormat.EncodeHeader(highest);
                        target.Write(header, 0, header.Length);
                        foreach (var line in Guarded(JournalLines.Forward(stream, 0, length)))
                        {
                            if (!parser.TryReadSequence(line, out _, out var recordedAt) || !recordedAt.HasValue || recordedAt.Value < cutoff) continue;
                            target.Write(line.Buffer, line.Offset, line.Length);
                            target.WriteByte((byte)'\n');
                        }
                    });
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw Unwritable(e);
                }
            }

            return dropped;
        }

        // The journal for reading, or null when there is none. Never blocks: a FIFO or device in its place is refused.
        private FileStream? OpenForReading()
        {
            var kind = NativeFile.KindOf(FilePath);
            if (kind == FileKind.Missing) return null;
            if (kind.IsSpecial()) throw NotRegularFile(kind);
            try
            {
                if (NativeFile.CanOpenWithoutBlocking)
                {
                    var handle = NativeFile.OpenForReading(FilePath, JournalStrings.Format("RunJournalUnreadable", FilePath, string.Empty), out kind);
                    if (kind != FileKind.Regular)
                    {
                        handle.Dispose();
                        throw NotRegularFile(kind);
                    }

                    return new FileStream(handle, FileAccess.Read, 1);
                }

                var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                kind = NativeFile.KindOf(stream.SafeFileHandle);
                if (kind.IsSpecial())
                {
                    stream.Dispose();
                    throw NotRegularFile(kind);
                }

                return stream;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Unreadable(e);
            }
        }

        // The journal for appending (created when missing, mode 0600), shared with readers. Called under the lock.
        private FileStream OpenForAppending()
        {
            var kind = NativeFile.KindOf(FilePath);
            if (kind.IsSpecial()) throw NotRegularFile(kind);
            FileStream stream;
            try
            {
                stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                kind = NativeFile.KindOf(FilePath);
                throw kind.IsSpecial() ? NotRegularFile(kind) : Unwritable(e);
            }

            kind = NativeFile.KindOf(stream.SafeFileHandle);
            if (kind.IsSpecial())
            {
                stream.Dispose();
                throw NotRegularFile(kind);
            }

            if (kind == FileKind.Regular || kind == FileKind.Unknown)
            {
                try
                {
                    if (stream.Length == 0) UnixPermissions.TrySet(FilePath, UnixPermissions.OwnerReadWrite);
                }
                catch (IOException e)
                {
                    stream.Dispose();
                    throw Unwritable(e);
                }
            }

            return stream;
        }

        private FileStream AcquireLockFile()
        {
            EnsureDirectory();
            var created = NativeFile.KindOf(LockFilePath) == FileKind.Missing;
            var stream = LockFile.Acquire(
                LockFilePath,
                LockTimeout,
                busy: e => new BackupMailException(
                    ErrorIds.RunJournalBusy,
                    BackupMailErrorKind.ResourceUnavailable,
                    JournalStrings.Format("RunJournalBusy", FilePath, Math.Round(LockTimeout.TotalSeconds, 1), LockFilePath),
                    LockFilePath,
                    e)
                { IsTransient = true },
                unwritable: Unwritable,
                // A directory, FIFO or device in the lock's place is refused at once, never waited for.
                check: _ =>
                {
                    var kind = NativeFile.KindOf(LockFilePath);
                    return kind.IsSpecial() ? LockNotRegularFile(kind) : null;
                });
            if (created) UnixPermissions.TrySet(LockFilePath, UnixPermissions.OwnerReadWrite);
            return stream;
        }

        private void EnsureDirectory()
        {
            try
            {
                if (Directory.Exists(DirectoryPath)) return;
                if (File.Exists(DirectoryPath))
                {
                    throw new BackupMailException(
                        ErrorIds.RunJournalUnwritable,
                        BackupMailErrorKind.InvalidData,
                        JournalStrings.Format("RunJournalFolderNotFolder", DirectoryPath),
                        DirectoryPath);
                }

                // Only folders BackupMail creates are restricted: one the user chose stays as it is.
                var configDirectory = Path.GetDirectoryName(DirectoryPath);
                if (configDirectory != null && !Directory.Exists(configDirectory))
                {
                    Directory.CreateDirectory(configDirectory);
                    UnixPermissions.TrySet(configDirectory, UnixPermissions.OwnerOnlyDirectory);
                }

                Directory.CreateDirectory(DirectoryPath);
                UnixPermissions.TrySet(DirectoryPath, UnixPermissions.OwnerOnlyDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw Unwritable(e);
            }
        }

        // Read errors of the line readers become RunJournalUnreadable (an iterator cannot catch around a yield).
        private IEnumerable<LineSlice> Guarded(IEnumerable<LineSlice> lines)
        {
            using (var enumerator = lines.GetEnumerator())
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = enumerator.MoveNext();
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        throw Unreadable(e);
                    }

                    if (!more) yield break;
                    yield return enumerator.Current;
                }
            }
        }

        private BackupMailException NotRegularFile(FileKind kind) =>
            new BackupMailException(
                ErrorIds.RunJournalUnreadable,
                BackupMailErrorKind.InvalidData,
                JournalStrings.Format("RunJournalNotRegularFile", FilePath, kind.Describe()),
                FilePath);

        private BackupMailException LockNotRegularFile(FileKind kind) =>
            new BackupMailException(
                ErrorIds.RunJournalUnwritable,
                BackupMailErrorKind.InvalidData,
                JournalStrings.Format("RunJournalLockNotRegularFile", LockFilePath, kind.Describe()),
                LockFilePath);

        private BackupMailException Unreadable(Exception e) =>
            new BackupMailException(
                ErrorIds.RunJournalUnreadable,
                e is UnauthorizedAccessException ? BackupMailErrorKind.PermissionDenied : BackupMailErrorKind.ResourceUnavailable,
                JournalStrings.Format("RunJournalUnreadable", FilePath, e.Message),
                FilePath,
                e);

        private BackupMailException Unwritable(Exception e) =>
            new BackupMailException(
                ErrorIds.RunJournalUnwritable,
                e is UnauthorizedAccessException ? BackupMailErrorKind.PermissionDenied : BackupMailErrorKind.ResourceUnavailable,
                JournalStrings.Format("RunJournalUnwritable", FilePath, e.Message, DirectoryPath),
                FilePath,
                e);
    }
}
