using System;
using System.IO;
using System.Security;
using BackupMail.IO;
using BackupMail.Resources;
using Microsoft.Win32.SafeHandles;

namespace BackupMail.Logs
{
    /// <summary>
    /// Opens a log for reading, shared with the program that may still be writing it, with errors that say what to do.
    /// Only regular files (after following links) are opened: a FIFO would block the open until a writer comes, and a
    /// device such as <c>/dev/zero</c> never ends.
    /// </summary>
    internal static class LogFile
    {
        /// <exception cref="BackupMailException"><c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c> (also for a FIFO, device or socket).</exception>
        internal static FileStream Open(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
                throw NotFound(path ?? string.Empty);
            try
            {
                if (Directory.Exists(path))
                    throw IsDirectory(path);
                // Asked without opening: opening a FIFO for reading is what would hang.
                FileKind kind = NativeFile.KindOf(path);
                if (kind == FileKind.Missing) throw NotFound(path);
                if (kind.IsSpecial()) throw NotRegular(path, kind);

                FileStream stream;
                if (NativeFile.CanOpenWithoutBlocking)
                {
                    // The path may name something else by now: what was opened is checked again.
                    SafeFileHandle handle = NativeFile.OpenForReading(path, LogStrings.Format("LogLocked"), out FileKind opened);
                    if (opened != FileKind.Regular)
                    {
                        handle.Dispose();
                        throw opened == FileKind.Directory ? IsDirectory(path) : NotRegular(path, opened);
                    }
                    stream = new FileStream(handle, FileAccess.Read, 4096);
                }
                else
                {
                    if (!File.Exists(path)) throw NotFound(path);
                    stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.None);
                    FileKind opened = NativeFile.KindOf(stream.SafeFileHandle);
                    if (opened.IsSpecial())
                    {
                        stream.Dispose();
                        throw NotRegular(path, opened);
                    }
                }
                return stream;
            }
            catch (FileNotFoundException) { throw NotFound(path); }
            catch (DirectoryNotFoundException) { throw NotFound(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException || e is ArgumentException || e is NotSupportedException)
            {
                throw Unreadable(path, e);
            }
        }

        /// <summary>An I/O error while reading an opened log.</summary>
        internal static BackupMailException Unreadable(string path, Exception e)
            => new BackupMailException(ErrorIds.LogUnreadable, BackupMailErrorKind.ResourceUnavailable, LogStrings.Format("LogUnreadable", path, e.Message), path, e);

        /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/> (fewer only at the end of the file).</summary>
        internal static int ReadAt(Stream stream, long offset, byte[] buffer, int count)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            int total = 0;
            while (total < count)
            {
                int read = stream.Read(buffer, total, count - total);
                if (read == 0) break;
                total += read;
            }
            return total;
        }

        /// <summary><c>LogUnreadable</c> for a path that is not a regular file, naming what it is.</summary>
        internal static BackupMailException NotRegular(string path, FileKind kind)
            => new BackupMailException(ErrorIds.LogUnreadable, BackupMailErrorKind.ResourceUnavailable,
                LogStrings.Format("LogNotRegularFile", path, kind.Describe()), path);

        private static BackupMailException IsDirectory(string path)
            => new BackupMailException(ErrorIds.LogIsDirectory, BackupMailErrorKind.InvalidArgument, LogStrings.Format("LogIsDirectory", path), path);

        private static BackupMailException NotFound(string path)
            => new BackupMailException(ErrorIds.LogNotFound, BackupMailErrorKind.ObjectNotFound, LogStrings.Format("LogNotFound", path), path);
    }
}
