#nullable enable
using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace BackupMail.IO
{
    /// <summary>
    /// An exclusive lock file, waited for: the one way BackupMail serializes writers across processes (config.json, the
    /// run journal, the digest and watchdog states). FileShare.None is an exclusive lock on Windows and an
    /// flock(LOCK_EX) on Unix; the system releases either when the process dies, so a killed writer never leaves it taken.
    /// </summary>
    internal static class LockFile
    {
        /// <summary>
        /// Opens <paramref name="path"/> exclusively, trying again after a short random pause while another process holds
        /// it, for up to <paramref name="timeout"/>. Dispose the stream to release the lock.
        /// </summary>
        /// <param name="path">The lock file (created when missing; its folder must exist).</param>
        /// <param name="timeout">How long to wait for another holder.</param>
        /// <param name="busy">The error once <paramref name="timeout"/> has passed (given the last sharing error).</param>
        /// <param name="unwritable">The error when the file cannot be opened at all (no permission, no folder).</param>
        /// <param name="check">Asked before each try and after each failure (with the error): an error to throw instead,
        /// for a caller that refuses something other than a regular file in the lock's place; null to go on.</param>
        /// <param name="cancellationToken">Stops the waiting.</param>
        /// <exception cref="BackupMailException">What <paramref name="busy"/>, <paramref name="unwritable"/> or <paramref name="check"/> give.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
        public static FileStream Acquire(
            string path,
            TimeSpan timeout,
            Func<IOException, BackupMailException> busy,
            Func<Exception, BackupMailException> unwritable,
            Func<Exception?, BackupMailException?>? check = null,
            CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            var random = new Random(Guid.NewGuid().GetHashCode());
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var refused = check?.Invoke(null);
                if (refused != null) throw refused;
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (Exception error) when (error is UnauthorizedAccessException || error is DirectoryNotFoundException || error is FileNotFoundException)
                {
                    throw check?.Invoke(error) ?? unwritable(error);
                }
                catch (IOException error)
                {
                    refused = check?.Invoke(error);
                    if (refused != null) throw refused;
                    if (watch.Elapsed >= timeout) throw busy(error);
                    Thread.Sleep(random.Next(5, 40));
                }
            }
        }
    }
}
