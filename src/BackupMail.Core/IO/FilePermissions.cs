using System.Runtime.InteropServices;

namespace BackupMail.IO
{
    /// <summary>Keeps BackupMail's files private to their owner on Unix (mode 0600, directories 0700).</summary>
    public static class FilePermissions
    {
        private const int OwnerReadWrite = 0x180; // 0600
        private const int OwnerAll = 0x1C0;       // 0700

        /// <summary>Sets a file to mode 0600 on Unix; does nothing on Windows (the profile's ACLs apply).</summary>
        public static void RestrictToOwner(string filePath) => Change(filePath, OwnerReadWrite);

        /// <summary>Sets a directory to mode 0700 on Unix; does nothing on Windows.</summary>
        public static void RestrictDirectoryToOwner(string directoryPath) => Change(directoryPath, OwnerAll);

        private static void Change(string path, int mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            // netstandard2.0 has no File.SetUnixFileMode; libc's chmod is on every Unix.
            chmod(path, mode);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string pathname, int mode);
    }
}
