using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace BackupMail.IO
{
    /// <summary>
    /// Writes a file so that readers see either the old content or the complete new content, never a
    /// half-written file: a temporary file in the same directory (mode 0600 on Unix before the first byte),
    /// flushed to disk, then renamed over the target.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>The suffix of temporary files (<c>&lt;name&gt;.&lt;guid&gt;.tmp</c>); readers ignore them.</summary>
        public const string TemporarySuffix = ".tmp";

        // On Windows a reader may hold the target open for a moment; the rename is retried this long.
        private static readonly TimeSpan SharingRetry = TimeSpan.FromSeconds(2);

        /// <summary>Writes <paramref name="path"/> atomically with what <paramref name="writeContent"/> writes.</summary>
        /// <exception cref="IOException">The directory is not writable or the disk is full; the target is unchanged.</exception>
        /// <exception cref="UnauthorizedAccessException">The directory or target may not be written.</exception>
        public static void Write(string path, Action<Stream> writeContent)
        {
            var fullPath = Path.GetFullPath(path);
            var temporary = fullPath + "." + Guid.NewGuid().ToString("N") + TemporarySuffix;
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    UnixPermissions.TrySet(temporary, UnixPermissions.OwnerReadWrite);
                    writeContent(stream);
                    stream.Flush(flushToDisk: true);
                }

                Replace(temporary, fullPath);
            }
            finally
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }

        private static void Replace(string temporary, string target)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if (File.Exists(target))
                    {
                        // An atomic rename over the old file on Unix; ReplaceFile on Windows.
                        File.Replace(temporary, target, destinationBackupFileName: null, ignoreMetadataErrors: true);
                    }
                    else
                    {
                        File.Move(temporary, target);
                    }

                    return;
                }
                catch (IOException) when (watch.Elapsed < SharingRetry)
                {
                    Thread.Sleep(20);
                }
            }
        }
    }
}
