using System;
using System.IO;

namespace BackupMail.IO
{
    /// <summary>
    /// A temporary folder only its owner may enter (0700 on Unix; under the profile on Windows, whose ACL keeps others
    /// out), for files that carry what the user's logs say: the shared temporary directory is readable by others'
    /// processes and outlives nothing in particular. Each file is held open, exclusively, for as long as it is used
    /// and deleted when closed; what a crashed process left behind is removed by a later one.
    /// </summary>
    internal static class PrivateTemporaryFolder
    {
        /// <summary>
        /// A file younger than this is left alone even when nobody holds it: its writer may be between creating it and
        /// taking its lock (on Unix, FileStream opens first and locks next).
        /// </summary>
        private static readonly TimeSpan CreationGrace = TimeSpan.FromMinutes(1);

        private const int BufferSize = 81920;

        /// <summary>Creates <paramref name="directory"/> (and its parents) when missing, and makes it the owner's only.</summary>
        /// <exception cref="IOException">It cannot be created, or it is a link (which could lead anywhere).</exception>
        /// <exception cref="UnauthorizedAccessException">It may not be created.</exception>
        internal static void Prepare(string directory)
        {
            Directory.CreateDirectory(directory);
            if ((File.GetAttributes(directory) & FileAttributes.ReparsePoint) != 0)
            {
                throw new IOException(directory);
            }

            // Also when it already existed: a folder made by an older version or by hand may be open to others.
            UnixPermissions.TrySet(directory, UnixPermissions.OwnerOnlyDirectory);
        }

        /// <summary>
        /// A new file <c>&lt;prefix&gt;&lt;guid&gt;&lt;extension&gt;</c> in <paramref name="directory"/> (see <see cref="Prepare"/>),
        /// mode 0600, open for reading and writing, held exclusively, deleted when the stream is closed.
        /// </summary>
        internal static FileStream CreateFile(string directory, string prefix, string extension)
        {
            string path = Path.Combine(directory, prefix + Guid.NewGuid().ToString("N") + extension);
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);
            // Before the first byte; the folder keeps others out meanwhile.
            UnixPermissions.TrySet(path, UnixPermissions.OwnerReadWrite);
            return stream;
        }

        /// <summary>
        /// Removes the files matching <paramref name="pattern"/> that no process holds (a process that crashed left
        /// them) and that are older than <see cref="CreationGrace"/>. A file another process is writing right now is
        /// held exclusively by it, so it cannot be opened here and stays. Never throws.
        /// </summary>
        internal static void RemoveLeftovers(string directory, string pattern, DateTime nowUtc)
        {
            string[] files;
            try
            {
                if (!Directory.Exists(directory)) return;
                files = Directory.GetFiles(directory, pattern);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return;
            }

            foreach (string file in files)
            {
                try
                {
                    if (nowUtc - File.GetLastWriteTimeUtc(file) < CreationGrace) continue;
                    // Exclusive open: a sharing violation on Windows, a held flock on Unix, while its owner lives.
                    // Deleted on close, so nothing can take it between the check and the delete.
                    new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose).Dispose();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // In use, or gone already: either way not ours to remove.
                }
            }
        }
    }
}
