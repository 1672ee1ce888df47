using System;

namespace BackupMail.Configuration
{
    /// <summary>Finds the configuration directory (DESIGN.md §3).</summary>
    public static class ConfigDirectory
    {
        /// <summary>The environment variable that overrides the directory.</summary>
        public const string EnvironmentVariable = "BACKUPMAIL_CONFIG_DIR";

        /// <summary>
        /// <c>$env:BACKUPMAIL_CONFIG_DIR</c> if set; else <c>%APPDATA%\BackupMail</c> on Windows;
        /// else <c>$XDG_CONFIG_HOME/BackupMail</c> or <c>~/.config/BackupMail</c>.
        /// </summary>
        public static string Resolve() => throw new NotImplementedException();
    }
}
