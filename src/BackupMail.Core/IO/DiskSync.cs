using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BackupMail.IO
{
    /// <summary>
    /// Makes what was written durable. The names in a directory: after a rename, the file's data is on disk (fsync) but
    /// its new name may still be only in memory until the directory itself is synced; on Unix that is an fsync of the
    /// directory, while NTFS journals renames itself. And an open file's data, from any thread, while others go on
    /// writing to it (a managed stream's own flush may not run beside its writes).
    /// </summary>
    internal static class DiskSync
    {
        /// <summary>Syncs <paramref name="directory"/>; returns false when the platform or file system cannot.</summary>
        public static bool TrySyncDirectory(string directory)
        {
            if (!UnixPermissions.IsUnix)
            {
                return false;
            }

            try
            {
                // O_CLOEXEC's value is Linux's; elsewhere the directory is opened read-only without it.
                var flags = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? NativeFile.ORdOnly | NativeFile.OCloExec : NativeFile.ORdOnly;
                var descriptor = NativeFile.Open(directory, flags, 0);
                if (descriptor < 0)
                {
                    return false;
                }

                using (var handle = new SafeFileHandle(new IntPtr(descriptor), ownsHandle: true))
                {
                    SyncFile(handle);
                    return true;
                }
            }
            catch (IOException)
            {
                return false;
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

        /// <summary>
        /// Syncs the data of the open file <paramref name="handle"/> to disk (fsync on Unix, FlushFileBuffers on Windows).
        /// </summary>
        /// <exception cref="IOException">The system could not write the data to disk.</exception>
        public static void SyncFile(SafeFileHandle handle)
        {
            var added = false;
            try
            {
                // Keeps the descriptor open, should the stream be closed meanwhile.
                handle.DangerousAddRef(ref added);
                var ok = UnixPermissions.IsUnix
                    ? fsync(handle.DangerousGetHandle().ToInt32()) == 0
                    : FlushFileBuffers(handle.DangerousGetHandle());
                if (!ok)
                {
                    throw new IOException("The file could not be synced to disk (error " + Marshal.GetLastWin32Error() + ").");
                }
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool FlushFileBuffers(IntPtr handle);

        [DllImport("libc", SetLastError = true)]
        private static extern int fsync(int descriptor);
    }
}
