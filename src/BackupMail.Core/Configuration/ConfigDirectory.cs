using System;
using System.IO;
using System.Runtime.InteropServices;
using BackupMail.Resources;

namespace BackupMail.Configuration
{
    /// <summary>Finds the configuration directory (DESIGN.md §3).</summary>
    public static class ConfigDirectory
    {
        /// <summary>The environment variable that overrides the directory.</summary>
        public const string EnvironmentVariable = "BACKUPMAIL_CONFIG_DIR";

        /// <summary>The name of the configuration directory's own temporary folder (see <see cref="TemporaryDirectory"/>).</summary>
        private const string TemporaryDirectoryName = "tmp";

        private const string DirectoryName = "BackupMail";

        /// <summary>
        /// <c>$env:BACKUPMAIL_CONFIG_DIR</c> if set; else <c>%APPDATA%\BackupMail</c> on Windows;
        /// else <c>$XDG_CONFIG_HOME/BackupMail</c> or <c>~/.config/BackupMail</c>. Always a full path; a
        /// relative <c>BACKUPMAIL_CONFIG_DIR</c> is taken relative to the process's working directory.
        /// </summary>
        /// <exception cref="BackupMailException"><c>ConfigDirectoryUnknown</c> when none of these variables (nor a home directory) exists.</exception>
        public static string Resolve() =>
            Resolve(Environment.GetEnvironmentVariable, RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

        /// <summary>The rules of <see cref="Resolve()"/> over any environment (tests give their own).</summary>
        internal static string Resolve(Func<string, string?> environment, bool isWindows)
        {
            var explicitDirectory = environment(EnvironmentVariable);
            if (!Strings.IsNullOrWhiteSpace(explicitDirectory))
            {
                return Path.GetFullPath(ExpandHome(explicitDirectory.Trim(), environment));
            }

            if (isWindows)
            {
                var appData = environment("APPDATA");
                if (string.IsNullOrWhiteSpace(appData))
                {
                    appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
                }

                return Combine(appData);
            }

            // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
            var xdg = environment("XDG_CONFIG_HOME");
            if (!Strings.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            {
                return Combine(xdg);
            }

            var home = Home(environment);
            return Combine(Strings.IsNullOrWhiteSpace(home) ? null : Path.Combine(home, ".config"));
        }

        /// <summary>
        /// The temporary folder inside <paramref name="configDirectory"/> (<c>&lt;config&gt;/tmp</c>): files that carry
        /// what the user's logs say (the compressed copy of an attached log) go there, private to the user, rather
        /// than in the shared temporary directory.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="configDirectory"/> is null.</exception>
        public static string TemporaryDirectory(string configDirectory)
        {
            if (configDirectory == null) throw new ArgumentNullException(nameof(configDirectory));
            return Path.Combine(configDirectory, TemporaryDirectoryName);
        }

        private static string Combine(string? parent)
        {
            if (Strings.IsNullOrWhiteSpace(parent))
            {
                throw new BackupMailException(
                    ErrorIds.ConfigDirectoryUnknown, BackupMailErrorKind.ObjectNotFound, ConfigStrings.Get("ConfigDirectoryUnknown"), EnvironmentVariable);
            }

            return Path.GetFullPath(Path.Combine(parent, DirectoryName));
        }

        private static string? Home(Func<string, string?> environment)
        {
            var home = environment("HOME");
            return string.IsNullOrWhiteSpace(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        }

        // "~/x" typed in a place no shell expands (a scheduled task's environment, say).
        private static string ExpandHome(string path, Func<string, string?> environment)
        {
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            {
                var home = Home(environment);
                if (!Strings.IsNullOrWhiteSpace(home))
                {
                    return path.Length == 1 ? home : Path.Combine(home, path.Substring(2));
                }
            }

            return path;
        }
    }
}
