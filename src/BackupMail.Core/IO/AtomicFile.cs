using System;
using System.IO;

namespace BackupMail.IO
{
    /// <summary>
    /// Writes a file so that readers see either the old content or the complete new content, never a
    /// half-written file: a temporary file in the same directory, flushed to disk, then renamed over the target.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>The suffix of temporary files; readers ignore files that end with it.</summary>
        public const string TemporarySuffix = ".tmp";

        /// <summary>Writes <paramref name="path"/> atomically with what <paramref name="writeContent"/> writes.</summary>
        /// <exception cref="IOException">The directory is not writable or the disk is full; the target is unchanged.</exception>
        /// <exception cref="UnauthorizedAccessException">The directory or target may not be written.</exception>
        public static void Write(string path, Action<Stream> writeContent)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + TemporarySuffix);
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    FilePermissions.RestrictToOwner(temporary);
                    writeContent(stream);
                    stream.Flush(flushToDisk: true);
                }

                if (File.Exists(path))
                {
                    File.Replace(temporary, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
                }
                else
                {
                    File.Move(temporary, path);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }
}
