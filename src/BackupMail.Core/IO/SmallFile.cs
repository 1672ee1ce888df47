#nullable enable
using System;
using System.IO;

namespace BackupMail.IO
{
    /// <summary>
    /// Reads a small state file (the digest's and the watchdog's) whole, as the configuration store reads
    /// <c>config.json</c>: its kind is asked before it is opened, since opening a FIFO for reading waits for a writer and
    /// a device never ends, and its size is bounded.
    /// </summary>
    internal static class SmallFile
    {
        /// <summary>The file's bytes; null when there is none.</summary>
        /// <param name="path">The file.</param>
        /// <param name="maxBytes">The largest file read.</param>
        /// <param name="notRegular">The error for what is not a regular file (given what it is, as text).</param>
        /// <param name="tooLarge">The error for a file larger than <paramref name="maxBytes"/>.</param>
        /// <param name="unreadable">The error when the file cannot be read.</param>
        /// <exception cref="BackupMailException">What the error functions give.</exception>
        public static byte[]? ReadAll(string path, long maxBytes, Func<string, BackupMailException> notRegular, Func<BackupMailException> tooLarge,
            Func<Exception, BackupMailException> unreadable)
        {
            var kind = Directory.Exists(path) ? FileKind.Directory : NativeFile.KindOf(path);
            if (kind == FileKind.Missing) return null;
            if (kind.IsSpecial()) throw notRegular(kind.Describe());
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    if (stream.Length > maxBytes) throw tooLarge();
                    var bytes = new byte[stream.Length];
                    var read = 0;
                    int n;
                    while (read < bytes.Length && (n = stream.Read(bytes, read, bytes.Length - read)) > 0) read += n;
                    if (read < bytes.Length) Array.Resize(ref bytes, read);
                    return bytes;
                }
            }
            catch (Exception error) when (error is FileNotFoundException || error is DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                throw unreadable(error);
            }
        }
    }
}
