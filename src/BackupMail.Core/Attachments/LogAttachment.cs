using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;
using BackupMail.Configuration;
using BackupMail.IO;
using BackupMail.Logs;
using BackupMail.Resources;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Attachments
{
    /// <summary>
    /// A backup log as a mail attachment, sized so the mail is never refused for it: as it is up to 1 MB;
    /// else gzip-compressed while streaming into a private temporary file (deleted when the part is disposed); and
    /// when even that exceeds the server's SIZE limit (less room for the rest of the message and base64) or
    /// the cap, only the log's last 1,000 lines, with a <see cref="Note"/> for the mail body. Memory stays
    /// bounded whatever the size of the log.
    /// </summary>
    public sealed class LogAttachment : IDisposable
    {
        /// <summary>Logs up to this size are attached as they are.</summary>
        public const long PlainLimit = 1024 * 1024;
        /// <summary>The default cap on the attachment's size (before base64).</summary>
        public const long DefaultCap = 10 * 1024 * 1024;
        /// <summary>How many lines are attached when the log is too large even compressed.</summary>
        public const int TailLineCount = 1000;
        /// <summary>The part of the server's SIZE limit kept for headers, the body and MIME boundaries.</summary>
        public const long MessageReserve = 64 * 1024;

        private const int BufferSize = 81920;
        // The compressed copies in the temporary folder: "log-<guid>.gz".
        private const string CopyPrefix = "log-";
        private const string CopyExtension = ".gz";

        private LogAttachment(MimePart part, LogAttachmentKind kind, long logLength, string? note, string? tempFilePath)
        {
            Part = part;
            Kind = kind;
            LogLength = logLength;
            Note = note;
            TempFilePath = tempFilePath;
        }

        /// <summary>The MIME part to add to the message. Disposing it (or this object) deletes any temporary file.</summary>
        public MimePart Part { get; }

        /// <summary>Plain, Gzip or Tail.</summary>
        public LogAttachmentKind Kind { get; }

        /// <summary>The size of the log file in bytes.</summary>
        public long LogLength { get; }

        /// <summary>A sentence for the mail body when only the tail is attached; otherwise null.</summary>
        public string? Note { get; }

        /// <summary>The temporary gzip file, for tests; null unless <see cref="Kind"/> is Gzip.</summary>
        internal string? TempFilePath { get; }

        /// <summary>Attaches the log at <paramref name="logPath"/>.</summary>
        /// <remarks>
        /// Only regular files are attached. The whole-file attachment holds the log as long as it was when opened
        /// (at least <see cref="PlainLimit"/> bytes of one that reports less): whatever length a file reports and however
        /// it grows meanwhile, no more is read than that. The compressed copy is written in
        /// <paramref name="temporaryDirectory"/> (created 0700), mode 0600, and deleted with the part; copies there that a
        /// crashed process left behind are removed first.
        /// </remarks>
        /// <param name="logPath">The log file.</param>
        /// <param name="serverSizeLimit">The server's SIZE limit in bytes for the whole message, when it announced one.</param>
        /// <param name="cap">The largest attachment (before base64) to send even when the server would take more.</param>
        /// <param name="temporaryDirectory">
        /// Where the compressed copy is written: the configuration directory's own (<see cref="ConfigDirectory.TemporaryDirectory"/>).
        /// </param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="cap"/> is less than 1.</exception>
        /// <exception cref="BackupMailException">
        /// <c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c> (also for a FIFO, device or socket),
        /// <c>AttachmentCopyNotWritable</c>.
        /// </exception>
        public static LogAttachment Create(string logPath, long? serverSizeLimit, long cap, string temporaryDirectory)
        {
            if (cap < 1) throw new ArgumentOutOfRangeException(nameof(cap));
            if (temporaryDirectory == null) throw new ArgumentNullException(nameof(temporaryDirectory));
            long limit = cap;
            long budget = cap;
            if (serverSizeLimit.HasValue && serverSizeLimit.Value > 0)
            {
                limit = Math.Min(limit, serverSizeLimit.Value);
                // base64 turns every 57 bytes into a 76-character line plus CRLF.
                budget = Math.Min(budget, (serverSizeLimit.Value - MessageReserve) * 57 / 78);
            }
            budget = Math.Max(budget, 4096);
            PrivateTemporaryFolder.RemoveLeftovers(temporaryDirectory, CopyPrefix + "*" + CopyExtension, DateTime.UtcNow);

            using (FileStream log = LogFile.Open(logPath))
            {
                return Create(log, logPath, budget, limit, temporaryDirectory);
            }
        }

        /// <summary>Disposes <see cref="Part"/>, which deletes a temporary file.</summary>
        public void Dispose() => Part.Dispose();

        /// <summary>Attaches an open log; every read stops at a budget of its own, not at the length the log reports.</summary>
        internal static LogAttachment Create(Stream log, string logPath, long budget, long limit, string temporaryDirectory)
        {
            try
            {
                return CreateFrom(log, logPath, budget, limit, temporaryDirectory);
            }
            catch (IOException e)
            {
                throw LogFile.Unreadable(logPath, e);
            }
        }

        private static LogAttachment CreateFrom(Stream log, string logPath, long budget, long limit, string temporaryDirectory)
        {
            string fileName = Path.GetFileName(logPath);
            // Only a hint: a log still being written grows, and /proc files report 0 and yield data.
            long length = log.Length;
            Encoding encoding = LogEncoding.Detect(log, out int preamble);

            long plainLimit = Math.Min(PlainLimit, budget);
            if (length <= plainLimit)
            {
                // One byte more than may go as it is tells whether it grew past that.
                var copy = new MemoryStream();
                long read = CopyAtMost(log, 0, copy, plainLimit + 1);
                if (read <= plainLimit)
                {
                    copy.Position = 0;
                    return new LogAttachment(TextPart(copy, fileName, encoding), LogAttachmentKind.Plain, read, null, null);
                }
            }

            FileStream? compressed = Compress(log, logPath, temporaryDirectory, Math.Max(length, PlainLimit), budget);
            if (compressed != null)
            {
                var part = new MimePart("application", "gzip")
                {
                    Content = new MimeContent(compressed),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = fileName + ".gz",
                };
                return new LogAttachment(part, LogAttachmentKind.Gzip, length, null, compressed.Name);
            }

            string tail = Logs.LogTail.Read(log, encoding, preamble, TailLineCount, budget);
            byte[] bytes = Encoding.UTF8.GetBytes(tail + "\n");
            if (bytes.Length > budget) bytes = LastBytes(bytes, (int)budget);
            string tailName = Path.GetFileNameWithoutExtension(fileName) + ".last-" + TailLineCount.ToString(CultureInfo.InvariantCulture) + "-lines.txt";
            string note = LogStrings.Format("AttachmentTruncated", logPath,
                HumanFormat.Bytes(length, CultureInfo.CurrentUICulture), HumanFormat.Bytes(limit, CultureInfo.CurrentUICulture),
                TailLineCount.ToString("N0", CultureInfo.CurrentUICulture), tailName);
            return new LogAttachment(TextPart(new MemoryStream(bytes), tailName, Encoding.UTF8), LogAttachmentKind.Tail, length, note, null);
        }

        /// <summary>Copies at most <paramref name="maxBytes"/> from <paramref name="offset"/>; returns how many.</summary>
        private static long CopyAtMost(Stream source, long offset, Stream destination, long maxBytes)
        {
            source.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[BufferSize];
            long total = 0;
            int read;
            while (total < maxBytes && (read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes - total))) > 0)
            {
                destination.Write(buffer, 0, read);
                total += read;
            }
            return total;
        }

        /// <summary>
        /// Gzips at most <paramref name="maxInput"/> bytes of the log into a private delete-on-close file in
        /// <paramref name="temporaryDirectory"/>; null (and the file gone) as soon as it outgrows <paramref name="budget"/>.
        /// </summary>
        private static FileStream? Compress(Stream log, string logPath, string temporaryDirectory, long maxInput, long budget)
        {
            FileStream temp;
            try
            {
                PrivateTemporaryFolder.Prepare(temporaryDirectory);
                temp = PrivateTemporaryFolder.CreateFile(temporaryDirectory, CopyPrefix, CopyExtension);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new BackupMailException(ErrorIds.AttachmentCopyNotWritable, BackupMailErrorKind.ResourceUnavailable,
                    LogStrings.Format("AttachmentCopyNotWritable", logPath, temporaryDirectory, e.Message), temporaryDirectory, e);
            }

            try
            {
                log.Seek(0, SeekOrigin.Begin);
                var buffer = new byte[BufferSize];
                bool tooLarge = false;
                long remaining = maxInput;
                using (var gzip = new GZipStream(temp, CompressionLevel.Optimal, leaveOpen: true))
                {
                    int read;
                    while (!tooLarge && remaining > 0 && (read = log.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining))) > 0)
                    {
                        gzip.Write(buffer, 0, read);
                        remaining -= read;
                        tooLarge = temp.Length > budget; // stop early: no need to compress gigabytes that cannot be sent
                    }
                }
                if (tooLarge || temp.Length > budget)
                {
                    temp.Dispose();
                    return null;
                }
                temp.Position = 0;
                return temp;
            }
            catch
            {
                temp.Dispose();
                throw;
            }
        }

        private static MimePart TextPart(Stream content, string fileName, Encoding encoding)
        {
            var part = new MimePart("text", "plain")
            {
                Content = new MimeContent(content),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = fileName,
            };
            part.ContentType.Charset = encoding.WebName;
            return part;
        }

        /// <summary>The last <paramref name="count"/> bytes, starting at a UTF-8 character boundary.</summary>
        private static byte[] LastBytes(byte[] bytes, int count)
        {
            int start = bytes.Length - count;
            while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80) start++;
            var result = new byte[bytes.Length - start];
            Array.Copy(bytes, start, result, 0, result.Length);
            return result;
        }
    }
}
