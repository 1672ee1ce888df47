using System;
using System.IO;
using System.Security;
using BackupMail.Resources;

namespace BackupMail.Logs
{
    /// <summary>Opens a log for reading, shared with the program that may still be writing it, with errors that say what to do.</summary>
    internal static class LogFile
    {
        /// <exception cref="BackupMailException"><c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c>.</exception>
        internal static FileStream Open(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
                throw NotFound(path ?? string.Empty);
            try
            {
                if (Directory.Exists(path))
                    throw new BackupMailException("LogIsDirectory", BackupMailErrorKind.InvalidArgument, LogStrings.Format("LogIsDirectory", path), path);
                if (!File.Exists(path)) throw NotFound(path);
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.None);
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
            => new BackupMailException("LogUnreadable", BackupMailErrorKind.ResourceUnavailable, LogStrings.Format("LogUnreadable", path, e.Message), path, e);

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

        private static BackupMailException NotFound(string path)
            => new BackupMailException("LogNotFound", BackupMailErrorKind.ObjectNotFound, LogStrings.Format("LogNotFound", path), path);
    }
}
