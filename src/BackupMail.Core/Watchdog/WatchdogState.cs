#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using BackupMail.IO;
using BackupMail.Resources;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// The watchdog's memory, <c>journal/watchdog.json</c>: per job, when it was first seen without runs and which run
    /// it was last notified as overdue for. Written atomically (<see cref="AtomicFile"/>), under
    /// <see cref="WatchdogLock"/> when read to be changed.
    /// </summary>
    public sealed class WatchdogState
    {
        // Far beyond what a watchdog writes (a line per job); a larger file is not its state.
        private const long MaxBytes = 16 * 1024 * 1024;

        /// <summary>The file's name in the journal directory.</summary>
        public const string FileName = "watchdog.json";

        private const int FormatVersion = 1;

        /// <summary>The state of each job that has one, by name (any case).</summary>
        public Dictionary<string, WatchedJobState> Jobs { get; } = new Dictionary<string, WatchedJobState>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The entry of <paramref name="backupName"/>, created when missing.</summary>
        public WatchedJobState For(string backupName)
        {
            if (!Jobs.TryGetValue(backupName, out var state))
            {
                state = new WatchedJobState();
                Jobs[backupName] = state;
            }

            return state;
        }

        /// <summary>When the watchdog first saw <paramref name="backupName"/> without runs; null when unknown.</summary>
        public DateTimeOffset? FirstSeenOf(string backupName) =>
            Jobs.TryGetValue(backupName, out var state) ? state.FirstSeen : null;

        /// <summary>Reads the state at <paramref name="path"/>; an empty state when the file does not exist.</summary>
        /// <exception cref="BackupMailException">
        /// <c>WatchdogStateCorrupt</c> (the file is not what the watchdog wrote); <c>WatchdogStateNotWritable</c> when it cannot be read.
        /// </exception>
        public static WatchdogState Load(string path)
        {
            // A FIFO or a device in its place is refused before it is opened: reading it would wait or never end.
            var bytes = SmallFile.ReadAll(path, MaxBytes,
                notRegular: kind => Corrupt(path, kind, null),
                tooLarge: () => Corrupt(path, WatchdogStrings.Format("WatchdogStateTooLarge", MaxBytes / (1024 * 1024)), null),
                unreadable: error => NotAccessible(path, error));
            if (bytes == null)
            {
                return new WatchdogState();
            }

            try
            {
                return Parse(bytes);
            }
            catch (Exception error) when (error is JsonException || error is FormatException || error is InvalidOperationException
                || error is ArgumentException || error is OverflowException || error is KeyNotFoundException)
            {
                throw Corrupt(path, error.Message, error);
            }
        }

        // The state was not what the watchdog writes; why, as text.
        private static BackupMailException Corrupt(string path, string reason, Exception? error) =>
            new BackupMailException(ErrorIds.WatchdogStateCorrupt, BackupMailErrorKind.InvalidData,
                WatchdogStrings.Format("WatchdogStateCorrupt", path, reason), path, error);

        /// <summary>Writes the state to <paramref name="path"/> atomically (readers see the old file or the new one).</summary>
        /// <exception cref="BackupMailException"><c>WatchdogStateNotWritable</c>.</exception>
        public void Save(string path)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                AtomicFile.Write(path, WriteTo);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                throw NotAccessible(path, error);
            }
        }

        private static BackupMailException NotAccessible(string path, Exception error) =>
            new BackupMailException(ErrorIds.WatchdogStateNotWritable, BackupMailErrorKind.PermissionDenied,
                WatchdogStrings.Format("WatchdogStateNotWritable", path, error.Message), path, error);

        private static WatchdogState Parse(byte[] bytes)
        {
            var state = new WatchdogState();
            using (var document = JsonDocument.Parse(bytes))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new FormatException("The top level is not an object.");
                var version = root.GetProperty("version").GetInt32();
                if (version != FormatVersion) throw new FormatException("Unknown format version " + version + ".");
                if (!root.TryGetProperty("jobs", out var jobs)) return state;
                if (jobs.ValueKind != JsonValueKind.Object) throw new FormatException("'jobs' is not an object.");
                foreach (var job in jobs.EnumerateObject())
                {
                    if (job.Value.ValueKind != JsonValueKind.Object) throw new FormatException("The entry '" + job.Name + "' is not an object.");
                    var entry = new WatchedJobState
                    {
                        FirstSeen = Time(job.Value, "firstSeen"),
                        OverdueSequence = job.Value.TryGetProperty("overdueSequence", out var sequence) && sequence.ValueKind != JsonValueKind.Null ? sequence.GetInt64() : (long?)null,
                        OverdueNotifiedAt = Time(job.Value, "overdueNotifiedAt"),
                    };
                    if (entry.OverdueSequence < 0) throw new FormatException("The entry '" + job.Name + "' has a negative sequence.");
                    state.Jobs[job.Name] = entry;
                }
            }

            return state;
        }

        private static DateTimeOffset? Time(JsonElement entry, string name) =>
            entry.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetDateTimeOffset() : (DateTimeOffset?)null;

        private void WriteTo(Stream stream)
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartObject("jobs");
                foreach (var job in Jobs.Where(j => !j.Value.IsEmpty).OrderBy(j => j.Key, StringComparer.OrdinalIgnoreCase))
                {
                    writer.WriteStartObject(job.Key);
                    if (job.Value.FirstSeen.HasValue) writer.WriteString("firstSeen", job.Value.FirstSeen.Value);
                    if (job.Value.OverdueSequence.HasValue) writer.WriteNumber("overdueSequence", job.Value.OverdueSequence.Value);
                    if (job.Value.OverdueNotifiedAt.HasValue) writer.WriteString("overdueNotifiedAt", job.Value.OverdueNotifiedAt.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        }
    }
}
