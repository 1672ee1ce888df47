using System;
using System.Runtime.InteropServices;

namespace BackupMail.IO
{
    /// <summary>
    /// Makes the names in a directory durable: after a rename, the file's data is on disk (fsync) but its new name
    /// may still be only in memory until the directory itself is synced. On Unix that is an fsync of the directory;
    /// NTFS journals renames itself, so on Windows there is nothing to do.
    /// </summary>
    internal static class DirectorySync
    {
        private const int ReadOnly = 0;          // O_RDONLY
        private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux; unknown flags elsewhere are harmless for a read-only open

        /// <summary>Syncs <paramref name="directory"/>; returns false when the platform or file system cannot.</summary>
        public static bool TrySync(string directory)
        {
            if (!UnixPermissions.IsUnix)
            {
                return false;
            }

            try
            {
                var descriptor = open(directory, RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? ReadOnly | CloseOnExec : ReadOnly);
                if (descriptor < 0)
                {
                    return false;
                }

                try
                {
                    return fsync(descriptor) == 0;
                }
                finally
                {
                    close(descriptor);
                }
            }
            catch (DllNotFoundException)
            {
                return false;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int fsync(int descriptor);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int descriptor);
    }
}
