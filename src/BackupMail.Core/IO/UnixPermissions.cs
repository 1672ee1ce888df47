using System;
using System.Runtime.InteropServices;

namespace BackupMail.IO
{
    /// <summary>
    /// Sets Unix file modes. netstandard2.0 has no File.SetUnixFileMode, so this calls libc's chmod;
    /// on Windows it does nothing (the profile directory's ACL already keeps others out).
    /// </summary>
    internal static class UnixPermissions
    {
        /// <summary>rw------- : only the owner reads and writes.</summary>
        public const int OwnerReadWrite = 0x180; // 0600

        /// <summary>rwx------ : only the owner lists, reads and writes.</summary>
        public const int OwnerOnlyDirectory = 0x1C0; // 0700

        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Sets the mode; returns false where it could not (e.g. a file system without modes).</summary>
        public static bool TrySet(string path, int mode)
        {
            if (!IsUnix)
            {
                return false;
            }

            try
            {
                return chmod(path, mode) == 0;
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
        private static extern int chmod([MarshalAs(UnmanagedType.LPStr)] string path, int mode);
    }
}
