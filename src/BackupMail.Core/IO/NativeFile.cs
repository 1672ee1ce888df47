using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BackupMail.IO
{
    /// <summary>
    /// Asks the operating system what a file is before and after opening it, and opens a file for reading without
    /// ever blocking on a FIFO. netstandard2.0 has none of this: Linux is asked through libc's <c>statx</c>, whose
    /// buffer has the same layout on every architecture, and Windows through <c>GetFileType</c>. Elsewhere the
    /// kind is <see cref="FileKind.Unknown"/> and callers keep their previous behaviour.
    /// </summary>
    internal static class NativeFile
    {
        private const int AtFdCwd = -100;
        private const int AtEmptyPath = 0x1000;
        private const uint StatxType = 0x1;
        private const int StatxBufferSize = 256;
        private const int StatxMaskOffset = 0;
        private const int StatxModeOffset = 28;

        internal const int ORdOnly = 0;
        private const int ONonBlock = 0x800;
        internal const int OCloExec = 0x80000; // Linux
        private const int FGetFl = 3;
        private const int FSetFl = 4;
        private const int LockShared = 1;
        private const int LockNonBlocking = 4;

        private const int ENoEnt = 2;
        private const int EPerm = 1;
        private const int EAccess = 13;
        private const int EWouldBlock = 11;
        private const int ENotDir = 20;

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>True where <see cref="OpenForReading"/> is available (Linux).</summary>
        internal static bool CanOpenWithoutBlocking => IsLinux && HasStatx.Value;

        // glibc before 2.28 and other C libraries may lack statx: then the kind stays Unknown.
        private static readonly Lazy<bool> HasStatx = new Lazy<bool>(() =>
        {
            try
            {
                var buffer = new byte[StatxBufferSize];
                statx(AtFdCwd, "/", 0, StatxType, buffer);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }
        });

        /// <summary>What <paramref name="path"/> is, following links, without opening it.</summary>
        internal static FileKind KindOf(string path)
        {
            if (!IsLinux || !HasStatx.Value) return FileKind.Unknown;
            var buffer = new byte[StatxBufferSize];
            if (statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                return errno == ENoEnt || errno == ENotDir ? FileKind.Missing : FileKind.Unknown;
            }

            return KindOfStatx(buffer);
        }

        /// <summary>What the open <paramref name="handle"/> refers to (the file as opened, whatever the path names now).</summary>
        internal static FileKind KindOf(SafeFileHandle handle)
        {
            if (handle == null || handle.IsInvalid || handle.IsClosed) return FileKind.Unknown;
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                IntPtr raw = handle.DangerousGetHandle();
                if (IsWindows) return KindOfWindowsHandle(raw);
                if (!IsLinux || !HasStatx.Value) return FileKind.Unknown;
                var buffer = new byte[StatxBufferSize];
                return statx(raw.ToInt32(), string.Empty, AtEmptyPath, StatxType, buffer) == 0 ? KindOfStatx(buffer) : FileKind.Unknown;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return FileKind.Unknown;
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }

        /// <summary>
        /// Opens <paramref name="path"/> for reading (Linux only) with O_NONBLOCK, so that a FIFO put in its place after
        /// it was checked cannot block the open; then takes a shared <c>flock</c>, as .NET's FileStream does for
        /// FileShare.Read/ReadWrite, so a program holding the file exclusively still keeps it. The kind of what was
        /// opened is returned in <paramref name="kind"/>; the caller decides what to read.
        /// </summary>
        /// <exception cref="FileNotFoundException">Nothing at the path.</exception>
        /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
        /// <exception cref="IOException">Another error, or another program holds the file locked.</exception>
        internal static SafeFileHandle OpenForReading(string path, string lockedMessage, out FileKind kind)
        {
            int fd = Open(path, ORdOnly | ONonBlock | OCloExec, 0);
            if (fd < 0)
            {
                int errno = Marshal.GetLastWin32Error();
                string reason = new Win32Exception(errno).Message;
                if (errno == ENoEnt || errno == ENotDir) throw new FileNotFoundException(reason, path);
                if (errno == EAccess || errno == EPerm) throw new UnauthorizedAccessException(reason);
                throw new IOException(reason, errno);
            }

            var handle = new SafeFileHandle(new IntPtr(fd), ownsHandle: true);
            try
            {
                kind = KindOf(handle);
                if (kind != FileKind.Regular) return handle;

                // Regular files ignore O_NONBLOCK; cleared anyway so the runtime sees an ordinary blocking handle.
                int flags = fcntl(fd, FGetFl, 0);
                if (flags >= 0) fcntl(fd, FSetFl, flags & ~ONonBlock);
                if (flock(fd, LockShared | LockNonBlocking) != 0 && Marshal.GetLastWin32Error() == EWouldBlock)
                {
                    throw new IOException(lockedMessage);
                }

                return handle;
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        private static FileKind KindOfStatx(byte[] buffer)
        {
            if ((BitConverter.ToUInt32(buffer, StatxMaskOffset) & StatxType) == 0) return FileKind.Unknown;
            switch (BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000)
            {
                case 0x8000: return FileKind.Regular;
                case 0x4000: return FileKind.Directory;
                case 0x1000: return FileKind.NamedPipe;
                case 0x2000: return FileKind.CharacterDevice;
                case 0x6000: return FileKind.BlockDevice;
                case 0xC000: return FileKind.Socket;
                default: return FileKind.Unknown;
            }
        }

        private static FileKind KindOfWindowsHandle(IntPtr handle)
        {
            switch (GetFileType(handle))
            {
                case 1: return FileKind.Regular; // FILE_TYPE_DISK (FileStream refuses directories itself)
                case 2: return FileKind.CharacterDevice; // FILE_TYPE_CHAR: NUL, CON, COM1...
                case 3: return FileKind.NamedPipe; // FILE_TYPE_PIPE
                default: return FileKind.Unknown;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPStr)] string pathname, int flags, uint mask, byte[] buffer);

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        internal static extern int Open([MarshalAs(UnmanagedType.LPStr)] string pathname, int flags, int mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int fcntl(int fd, int command, int argument);

        [DllImport("libc", SetLastError = true)]
        private static extern int flock(int fd, int operation);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern int GetFileType(IntPtr handle);
    }
}
