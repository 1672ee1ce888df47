using System;
using System.IO;
using System.Runtime.InteropServices;

namespace BackupMail.IO
{
    /// <summary>What a path names once links are followed.</summary>
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        NamedPipe,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    /// <summary>
    /// Tells a regular file from a FIFO, a device or a socket without opening it: opening a FIFO for reading blocks
    /// until a writer comes, and a device such as /dev/zero never ends. .NET reports all of these as
    /// <see cref="FileAttributes.Normal"/> (tried on Linux with .NET 8), and netstandard2.0 has no file-type API, so
    /// on Unix this asks stat(2) through the runtime's own System.Native shim, which gives the same layout and mode
    /// bits on every Unix and architecture (libc's struct stat does not).
    /// </summary>
    internal static class FileKinds
    {
        // The shim's mode bits (they equal Linux's and macOS's S_IFMT values).
        private const int TypeMask = 0xF000;
        private const int TypeFifo = 0x1000;
        private const int TypeCharacter = 0x2000;
        private const int TypeDirectory = 0x4000;
        private const int TypeBlock = 0x6000;
        private const int TypeRegular = 0x8000;
        private const int TypeSocket = 0xC000;

        // Larger than the shim's FileStatus in any version; Mode is its second int (after Flags).
        private const int StatusBufferSize = 512;
        private const int ModeOffset = 4;

        private static bool? s_nativeWorks;

        /// <summary>
        /// The kind of <paramref name="path"/> after following links. Where the kind cannot be asked (Windows, or a
        /// runtime without the shim), a file is taken as <see cref="FileKind.Regular"/>: the caller still reads it with a bound.
        /// </summary>
        public static FileKind Of(string path)
        {
            if (Directory.Exists(path))
            {
                return FileKind.Directory;
            }

            if (!File.Exists(path))
            {
                return FileKind.Missing;
            }

            if (!UnixPermissions.IsUnix || !NativeWorks(Path.GetDirectoryName(Path.GetFullPath(path))))
            {
                return FileKind.Regular;
            }

            var mode = Mode(path);
            if (mode == null)
            {
                return FileKind.Regular;
            }

            switch (mode.Value & TypeMask)
            {
                case TypeRegular: return FileKind.Regular;
                case TypeDirectory: return FileKind.Directory;
                case TypeFifo: return FileKind.NamedPipe;
                case TypeCharacter: return FileKind.CharacterDevice;
                case TypeBlock: return FileKind.BlockDevice;
                case TypeSocket: return FileKind.Socket;
                default: return FileKind.Other;
            }
        }

        // The shim is internal to .NET: before trusting its layout, it must call a known directory a directory.
        private static bool NativeWorks(string knownDirectory)
        {
            if (s_nativeWorks == null)
            {
                var mode = Mode(knownDirectory);
                s_nativeWorks = mode != null && (mode.Value & TypeMask) == TypeDirectory;
            }

            return s_nativeWorks.Value;
        }

        private static int? Mode(string path)
        {
            var status = new byte[StatusBufferSize];

            // netstandard2.0 has no UTF-8 string marshalling: the path goes as NUL-terminated UTF-8 bytes.
            var utf8Path = System.Text.Encoding.UTF8.GetBytes(path + "\0");
            try
            {
                if (Stat(utf8Path, status) != 0)
                {
                    return null;
                }
            }
            catch (EntryPointNotFoundException)
            {
                try
                {
                    // .NET Core 2.x and 3.x named it Stat2.
                    if (Stat2(utf8Path, status) != 0)
                    {
                        return null;
                    }
                }
                catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
                {
                    return null;
                }
            }
            catch (DllNotFoundException)
            {
                return null;
            }
            catch (BadImageFormatException)
            {
                return null;
            }

            return BitConverter.ToInt32(status, ModeOffset);
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat(byte[] path, byte[] status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat2", SetLastError = true)]
        private static extern int Stat2(byte[] path, byte[] status);
    }
}
