#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BackupMail.IO;
using BackupMail.Resources;

namespace BackupMail.Digest
{
    /// <summary>
    /// Reads and writes <c>journal/digest.json</c> (atomically, see <see cref="AtomicFile"/>) and holds
    /// <c>journal/digest.lock</c>, which lets one digest at a time change it. Its own lock, not the run journal's: a
    /// digest holds it while it sends, and recording runs must not wait for that.
    /// </summary>
    internal sealed class DigestStateStore
    {
        /// <summary>The state file's name.</summary>
        public const string FileName = "digest.json";

        /// <summary>The lock file's name.</summary>
        public const string LockFileName = "digest.lock";

        private const long MaxBytes = 16 * 1024 * 1024;

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };

        /// <summary>Works on the files in <paramref name="journalDirectory"/> (<c>&lt;configdir&gt;/journal</c>).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="journalDirectory"/> is null.</exception>
        public DigestStateStore(string journalDirectory)
        {
            DirectoryPath = journalDirectory ?? throw new ArgumentNullException(nameof(journalDirectory));
        }

        /// <summary>The journal directory.</summary>
        public string DirectoryPath { get; }

        /// <summary>The full path of <c>digest.json</c>.</summary>
        public string FilePath => Path.Combine(DirectoryPath, FileName);

        /// <summary>The full path of <c>digest.lock</c>.</summary>
        public string LockFilePath => Path.Combine(DirectoryPath, LockFileName);

        /// <summary>How long <see cref="Lock"/> waits for another digest (default one minute).</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Takes the digest lock; dispose the result to release it. The lock goes with the process, also on <c>kill -9</c>.</summary>
        /// <exception cref="BackupMailException"><c>DigestBusy</c> when another digest held it for <see cref="LockTimeout"/>; <c>DigestStateNotWritable</c>.</exception>
        public IDisposable Lock(CancellationToken cancellationToken = default)
        {
            try
            {
                Directory.CreateDirectory(DirectoryPath);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                throw NotWritable(LockFilePath, error);
            }

            return LockFile.Acquire(
                LockFilePath,
                LockTimeout,
                busy: error => new BackupMailException(ErrorIds.DigestBusy, BackupMailErrorKind.ResourceUnavailable,
                    DigestStrings.Format("DigestBusy", LockFilePath, (int)LockTimeout.TotalSeconds), LockFilePath, error),
                unwritable: error => NotWritable(LockFilePath, error),
                cancellationToken: cancellationToken);
        }

        /// <summary>Reads the state; an empty one when the file does not exist yet.</summary>
        /// <exception cref="BackupMailException"><c>DigestStateCorrupt</c> (not JSON, not this format, or values that cannot be); <c>DigestStateNotWritable</c> when it cannot be read.</exception>
        public DigestState Load()
        {
            // A FIFO or a device in its place is refused before it is opened: reading it would wait or never end.
            var bytes = SmallFile.ReadAll(FilePath, MaxBytes,
                notRegular: kind => Corrupt(kind),
                tooLarge: () => Corrupt(DigestStrings.Format("StateTooLarge", MaxBytes / (1024 * 1024))),
                unreadable: error => NotWritable(FilePath, error));
            if (bytes == null)
            {
                return new DigestState();
            }

            DigestState? state;
            try
            {
                state = JsonSerializer.Deserialize<DigestState>(bytes, JsonOptions);
            }
            catch (JsonException error)
            {
                throw Corrupt(error.Message, error);
            }

            Validate(state);
            return state!;
        }

        /// <summary>Writes <paramref name="state"/> atomically: a reader sees the old state or the new one, never half of it.</summary>
        /// <exception cref="BackupMailException"><c>DigestStateNotWritable</c>.</exception>
        public void Save(DigestState state)
        {
            if (state == null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            try
            {
                Directory.CreateDirectory(DirectoryPath);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions);
                AtomicFile.Write(FilePath, stream => stream.Write(bytes, 0, bytes.Length));
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                throw NotWritable(FilePath, error);
            }
        }

        private void Validate(DigestState? state)
        {
            if (state == null)
            {
                throw Corrupt(DigestStrings.Get("StateNotAnObject"));
            }

            if (state.Version != DigestState.CurrentVersion)
            {
                throw Corrupt(DigestStrings.Format("StateVersionUnknown", state.Version));
            }

            if (state.Jobs == null || state.Pending == null)
            {
                throw Corrupt(DigestStrings.Get("StateListMissing"));
            }

            foreach (var job in state.Jobs)
            {
                if (job == null || string.IsNullOrWhiteSpace(job.BackupName) || job.DigestedThrough < 0)
                {
                    throw Corrupt(DigestStrings.Get("StateJobInvalid"));
                }
            }

            if (state.Jobs.GroupBy(j => j.BackupName, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
            {
                throw Corrupt(DigestStrings.Get("StateJobInvalid"));
            }

            foreach (var claim in state.Pending)
            {
                if (claim == null || string.IsNullOrWhiteSpace(claim.MessageId) || claim.To == null || claim.To.Count == 0
                    || claim.Ranges == null
                    || claim.Ranges.Any(r => r == null || string.IsNullOrWhiteSpace(r.BackupName) || r.After < 0 || r.Through < r.After))
                {
                    throw Corrupt(DigestStrings.Get("StateClaimInvalid"));
                }
            }
        }

        private BackupMailException Corrupt(string reason, Exception? inner = null) =>
            new BackupMailException(ErrorIds.DigestStateCorrupt, BackupMailErrorKind.InvalidData,
                DigestStrings.Format("DigestStateCorrupt", FilePath, reason), FilePath, inner);

        private static BackupMailException NotWritable(string path, Exception error) =>
            new BackupMailException(ErrorIds.DigestStateNotWritable, BackupMailErrorKind.PermissionDenied,
                DigestStrings.Format("DigestStateNotWritable", path, error.Message), path, error);
    }
}
