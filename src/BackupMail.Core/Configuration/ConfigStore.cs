using System;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Reads and writes <c>config.json</c> in the configuration directory: atomic writes, a lock file
    /// against concurrent writers, and corruption reported without touching the file.
    /// </summary>
    public sealed class ConfigStore
    {
        /// <summary>Opens the store in <paramref name="directory"/> (created on first write).</summary>
        public ConfigStore(string directory)
        {
            DirectoryPath = directory ?? throw new ArgumentNullException(nameof(directory));
        }

        /// <summary>Opens the store in the directory <see cref="ConfigDirectory.Resolve"/> names.</summary>
        public static ConfigStore OpenDefault() => new ConfigStore(ConfigDirectory.Resolve());

        /// <summary>The configuration directory.</summary>
        public string DirectoryPath { get; }

        /// <summary>The full path of <c>config.json</c>.</summary>
        public string ConfigFilePath => System.IO.Path.Combine(DirectoryPath, "config.json");

        /// <summary>Reads the configuration; an empty one when the file does not exist yet.</summary>
        /// <exception cref="BackupMailException"><c>ConfigurationCorrupt</c> (file and position named), <c>ConfigurationUnreadable</c>.</exception>
        public BackupMailConfig Load() => throw new NotImplementedException();

        /// <summary>
        /// Under the lock: reads the configuration, lets <paramref name="change"/> modify it, writes it back
        /// atomically, and returns what <paramref name="change"/> returned. Nothing is written when it throws.
        /// </summary>
        /// <exception cref="BackupMailException"><c>ConfigurationCorrupt</c>, <c>ConfigurationLocked</c>, <c>ConfigurationNotWritable</c>.</exception>
        public T Update<T>(Func<BackupMailConfig, T> change) => throw new NotImplementedException();
    }
}
