#nullable enable
using System;
using System.IO;
using System.Threading;
using BackupMail.IO;
using BackupMail.Resources;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// The watchdog's own lock, <c>journal/watchdog.lock</c>: two checks at once (an hourly task and a user at the
    /// console) would otherwise both send the same overdue notice. It is the watchdog's alone, so a check that waits
    /// for a slow mail server never holds up the backups that append to the journal.
    /// </summary>
    public static class WatchdogLock
    {
        /// <summary>The lock file's name in the journal directory.</summary>
        public const string FileName = "watchdog.lock";

        /// <summary>
        /// Takes the lock, waiting up to <paramref name="timeout"/> for another check to finish. The system releases
        /// it when the process dies: a killed check never leaves it taken.
        /// </summary>
        /// <returns>The lock; dispose it to release.</returns>
        /// <exception cref="BackupMailException"><c>WatchdogBusy</c>; <c>WatchdogStateNotWritable</c> when the directory cannot be written.</exception>
        public static IDisposable Acquire(string journalDirectory, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var path = Path.Combine(journalDirectory, FileName);
            Func<Exception, BackupMailException> notWritable = error => new BackupMailException(ErrorIds.WatchdogStateNotWritable,
                BackupMailErrorKind.PermissionDenied, WatchdogStrings.Format("WatchdogStateNotWritable", path, error.Message), path, error);
            try
            {
                Directory.CreateDirectory(journalDirectory);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                throw notWritable(error);
            }

            return LockFile.Acquire(
                path,
                timeout,
                busy: error => new BackupMailException(ErrorIds.WatchdogBusy, BackupMailErrorKind.ResourceUnavailable,
                    WatchdogStrings.Format("WatchdogBusy", path, Math.Round(timeout.TotalSeconds)), path, error)
                { IsTransient = true },
                unwritable: notWritable,
                cancellationToken: cancellationToken);
        }
    }
}
