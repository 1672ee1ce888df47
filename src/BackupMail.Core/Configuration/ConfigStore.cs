using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using BackupMail.IO;
using BackupMail.Resources;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Reads and writes <c>config.json</c> in the configuration directory: atomic writes, a lock file
    /// against concurrent writers, and corruption reported without touching the file.
    /// </summary>
    public sealed class ConfigStore
    {
        private const string ConfigFileName = "config.json";
        private const string LockFileName = "config.lock";

        // Readers do not take the lock (writes are atomic renames), but on Windows a reader and a
        // replace can still collide for a moment; both sides retry sharing violations this long.
        private static readonly TimeSpan SharingRetry = TimeSpan.FromSeconds(2);

        /// <summary>The most of <c>config.json</c> that is ever read; a real one is a few kilobytes.</summary>
        internal const int MaxConfigBytes = 16 * 1024 * 1024;

        /// <summary>Opens the store in <paramref name="directory"/> (created on first write).</summary>
        public ConfigStore(string directory)
        {
            DirectoryPath = directory ?? throw new ArgumentNullException(nameof(directory));
        }

        /// <summary>Opens the store in the directory <see cref="ConfigDirectory.Resolve()"/> names.</summary>
        /// <exception cref="BackupMailException"><c>ConfigDirectoryUnknown</c>.</exception>
        public static ConfigStore OpenDefault() => new ConfigStore(ConfigDirectory.Resolve());

        /// <summary>The configuration directory.</summary>
        public string DirectoryPath { get; }

        /// <summary>The full path of <c>config.json</c>.</summary>
        public string ConfigFilePath => Path.Combine(DirectoryPath, ConfigFileName);

        /// <summary>The full path of the lock file that serializes writers.</summary>
        public string LockFilePath => Path.Combine(DirectoryPath, LockFileName);

        /// <summary>How long <see cref="Update{T}"/> waits for another writer's lock (default 10 seconds).</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Reads the configuration; an empty one when the file does not exist yet.</summary>
        /// <exception cref="BackupMailException">
        /// <c>ConfigurationCorrupt</c> (file and position named; also when it is not a regular file, or larger than 16 MiB),
        /// <c>ConfigurationInvalid</c> (a value out of range, with its JSON path), <c>ConfigurationVersionUnsupported</c>,
        /// <c>ConfigurationUnreadable</c>.
        /// </exception>
        public BackupMailConfig Load()
        {
            var bytes = ReadConfigBytes();
            return bytes == null ? new BackupMailConfig() : ConfigSerializer.Deserialize(bytes, ConfigFilePath);
        }

        /// <summary>
        /// Under the lock: reads the configuration, lets <paramref name="change"/> modify it, writes it back
        /// atomically, and returns what <paramref name="change"/> returned. Nothing is written when it throws,
        /// nor when the file cannot be read.
        /// </summary>
        /// <exception cref="BackupMailException">
        /// <c>ConfigurationCorrupt</c>, <c>ConfigurationInvalid</c>, <c>ConfigurationVersionUnsupported</c>, <c>ConfigurationUnreadable</c>,
        /// <c>ConfigurationLocked</c>, <c>ConfigurationNotWritable</c>; and whatever <paramref name="change"/> throws.
        /// </exception>
        public T Update<T>(Func<BackupMailConfig, T> change)
        {
            if (change == null)
            {
                throw new ArgumentNullException(nameof(change));
            }

            EnsureDirectory();
            using (AcquireLock())
            {
                RemoveAbandonedTempFiles();
                var config = Load();
                var result = change(config);
                config.SchemaVersion = BackupMailConfig.CurrentSchemaVersion;
                WriteAtomically(ConfigSerializer.Serialize(config));
                return result;
            }
        }

        private byte[]? ReadConfigBytes()
        {
            // Asked before opening: opening a FIFO for reading waits for a writer, and a device never ends.
            // Where the platform cannot tell (Unknown), the file is read as before, with the same bound.
            var kind = Directory.Exists(ConfigFilePath) ? FileKind.Directory : NativeFile.KindOf(ConfigFilePath);
            if (kind == FileKind.Missing)
            {
                return null;
            }

            if (kind.IsSpecial())
            {
                throw NotRegularFile(kind);
            }

            var watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    // Share everything so that a writer's replace is never blocked by a reader.
                    using (var stream = new FileStream(ConfigFilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                    {
                        return ReadBounded(stream);
                    }
                }
                catch (FileNotFoundException)
                {
                    return null;
                }
                catch (DirectoryNotFoundException)
                {
                    return null;
                }
                catch (UnauthorizedAccessException e)
                {
                    throw Unreadable(e);
                }
                catch (IOException e)
                {
                    if (watch.Elapsed > SharingRetry)
                    {
                        throw Unreadable(e);
                    }

                    Thread.Sleep(20);
                }
            }
        }

        // Reads to the end, but never more than MaxConfigBytes, whatever length the file claims.
        private byte[] ReadBounded(Stream stream)
        {
            using (var memory = new MemoryStream())
            {
                var buffer = new byte[81920];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (memory.Length + read > MaxConfigBytes)
                    {
                        throw new BackupMailException(
                            ErrorIds.ConfigurationCorrupt,
                            BackupMailErrorKind.InvalidData,
                            ConfigStrings.Format("ConfigurationTooLarge", ConfigFilePath, MaxConfigBytes / (1024 * 1024)),
                            ConfigFilePath);
                    }

                    memory.Write(buffer, 0, read);
                }

                return memory.ToArray();
            }
        }

        private BackupMailException NotRegularFile(FileKind kind) =>
            new BackupMailException(
                ErrorIds.ConfigurationCorrupt,
                BackupMailErrorKind.InvalidData,
                ConfigStrings.Format("ConfigurationNotRegularFile", ConfigFilePath, kind.Describe()),
                ConfigFilePath);

        private void EnsureDirectory()
        {
            try
            {
                if (!Directory.Exists(DirectoryPath))
                {
                    Directory.CreateDirectory(DirectoryPath);

                    // Only a directory BackupMail created is restricted: one the user chose stays as it is.
                    UnixPermissions.TrySet(DirectoryPath, UnixPermissions.OwnerOnlyDirectory);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw NotWritable(e);
            }
        }

        private FileStream AcquireLock() => LockFile.Acquire(
            LockFilePath,
            LockTimeout,
            busy: e => new BackupMailException(
                ErrorIds.ConfigurationLocked,
                BackupMailErrorKind.ResourceUnavailable,
                ConfigStrings.Format("ConfigurationLocked", DirectoryPath, LockFilePath, Math.Round(LockTimeout.TotalSeconds, 1)),
                LockFilePath,
                e)
            { IsTransient = true },
            unwritable: NotWritable);

        private void WriteAtomically(byte[] content)
        {
            try
            {
                AtomicFile.Write(ConfigFilePath, stream => stream.Write(content, 0, content.Length));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw NotWritable(e);
            }
        }

        // Temp files are only ever written under the lock, so any found while holding it belong to a
        // writer that died between writing and renaming.
        private void RemoveAbandonedTempFiles()
        {
            try
            {
                foreach (var path in Directory.GetFiles(DirectoryPath, ConfigFileName + ".*.tmp"))
                {
                    TryDelete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
                // A leftover temp file is harmless: it is never read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private BackupMailException Unreadable(Exception e) =>
            new BackupMailException(
                ErrorIds.ConfigurationUnreadable,
                BackupMailErrorKind.PermissionDenied,
                ConfigStrings.Format("ConfigurationUnreadable", ConfigFilePath, e.Message),
                ConfigFilePath,
                e);

        private BackupMailException NotWritable(Exception e) =>
            new BackupMailException(
                ErrorIds.ConfigurationNotWritable,
                BackupMailErrorKind.PermissionDenied,
                ConfigStrings.Format("ConfigurationNotWritable", DirectoryPath, e.Message),
                DirectoryPath,
                e);
    }
}
