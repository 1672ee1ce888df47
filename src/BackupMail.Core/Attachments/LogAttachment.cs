using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;
using BackupMail.Logs;
using BackupMail.Resources;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Attachments
{
    /// <summary>
    /// A backup log as a mail attachment, sized so the mail is never refused for it: as it is up to 1 MB;
    /// else gzip-compressed while streaming into a temporary file (deleted when the part is disposed); and
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

        private LogAttachment(MimePart part, LogAttachmentKind kind, long logLength, string note, string tempFilePath)
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
        public string Note { get; }

        /// <summary>The temporary gzip file, for tests; null unless <see cref="Kind"/> is Gzip.</summary>
        internal string TempFilePath { get; }

        /// <summary>Attaches the log at <paramref name="logPath"/>.</summary>
        /// <param name="logPath">The log file.</param>
        /// <param name="serverSizeLimit">The server's SIZE limit in bytes for the whole message, when it announced one.</param>
        /// <param name="cap">The largest attachment (before base64) to send even when the server would take more.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="cap"/> is less than 1.</exception>
        /// <exception cref="BackupMailException"><c>LogNotFound</c>, <c>LogIsDirectory</c>, <c>LogUnreadable</c>.</exception>
        public static LogAttachment Create(string logPath, long? serverSizeLimit, long cap = DefaultCap, string temporaryDirectory = null)
        {
            if (cap < 1) throw new ArgumentOutOfRangeException(nameof(cap));
            long limit = cap;
            long budget = cap;
            if (serverSizeLimit.HasValue && serverSizeLimit.Value > 0)
            {
                limit = Math.Min(limit, serverSizeLimit.Value);
                // base64 turns every 57 bytes into a 76-character line plus CRLF.
                budget = Math.Min(budget, (serverSizeLimit.Value - MessageReserve) * 57 / 78);
            }
            budget = Math.Max(budget, 4096);

            using (FileStream log = LogFile.Open(logPath))
            {
                try
                {
                    return Create(log, logPath, budget, limit, temporaryDirectory);
                }
                catch (IOException e)
                {
                    throw LogFile.Unreadable(logPath, e);
                }
            }
        }

        /// <summary>Disposes <see cref="Part"/>, which deletes a temporary file.</summary>
        public void Dispose() => Part.Dispose();

        internal static LogAttachment Create(Stream log, string logPath, long budget, long limit, string temporaryDirectory)
        {
            string fileName = Path.GetFileName(logPath);
            long length = log.Length;
            Encoding encoding = LogEncoding.Detect(log, out int preamble);

            if (length <= PlainLimit && length <= budget)
            {
                var copy = new MemoryStream((int)length);
                log.Seek(0, SeekOrigin.Begin);
                log.CopyTo(copy);
                copy.Position = 0;
                return new LogAttachment(TextPart(copy, fileName, encoding), LogAttachmentKind.Plain, length, null, null);
            }

            string tempPath = Path.Combine(Path.GetTempPath(), "BackupMail-" + Guid.NewGuid().ToString("N") + ".gz");
            FileStream compressed = Compress(log, tempPath, budget);
            if (compressed != null)
            {
                var part = new MimePart("application", "gzip")
                {
                    Content = new MimeContent(compressed),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = fileName + ".gz",
                };
                return new LogAttachment(part, LogAttachmentKind.Gzip, length, null, tempPath);
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

        /// <summary>Gzips the log into a delete-on-close temporary file; null (and the file gone) as soon as it outgrows <paramref name="budget"/>.</summary>
        private static FileStream Compress(Stream log, string tempPath, long budget)
        {
            var temp = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);
            try
            {
                log.Seek(0, SeekOrigin.Begin);
                var buffer = new byte[BufferSize];
                bool tooLarge = false;
                using (var gzip = new GZipStream(temp, CompressionLevel.Optimal, leaveOpen: true))
                {
                    int read;
                    while (!tooLarge && (read = log.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        gzip.Write(buffer, 0, read);
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
