using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using BackupMail.Attachments;
using BackupMail.Tests.Logs;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Attachments
{
    public class LogAttachmentTests
    {
        private const int MB = 1024 * 1024;

        /// <summary>Text lines of exactly <paramref name="size"/> bytes; random letters when <paramref name="incompressible"/>.</summary>
        private static string[] WriteLog(string path, long size, bool incompressible)
        {
            var random = new Random(42);
            var lines = new System.Collections.Generic.List<string>();
            long written = 0;
            int n = 0;
            while (written < size)
            {
                string body = incompressible
                    ? new string(Enumerable.Range(0, 70).Select(_ => (char)random.Next(33, 127)).ToArray())
                    : "   New File  \t\t   36920\tevent_" + n.ToString("D6") + ".dwn";
                string line = (++n).ToString("D7") + " " + body;
                long remaining = size - written;
                if (line.Length + 2 > remaining) line = new string('z', (int)Math.Max(0, remaining - 2));
                lines.Add(line);
                written += line.Length + 2;
            }
            File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", Encoding.ASCII);
            Assert.Equal(size, new FileInfo(path).Length);
            return lines.ToArray();
        }

        private static byte[] Content(MimePart part)
        {
            using (var output = new MemoryStream())
            {
                part.Content.DecodeTo(output);
                return output.ToArray();
            }
        }

        [Fact]
        public void UpToOneMegabyteIsAttachedAsItIs()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("robocopy.log");
                WriteLog(path, MB, incompressible: false);
                using (LogAttachment attachment = LogAttachment.Create(path, null))
                {
                    Assert.Equal(LogAttachmentKind.Plain, attachment.Kind);
                    Assert.Null(attachment.Note);
                    Assert.Equal("robocopy.log", attachment.Part.FileName);
                    Assert.Equal("text/plain", attachment.Part.ContentType.MimeType);
                    Assert.Equal(File.ReadAllBytes(path), Content(attachment.Part));
                }
            }
        }

        [Fact]
        public void OverOneMegabyteIsGzippedAndDecompressesIdentical()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("robocopy.log");
                WriteLog(path, MB + 1, incompressible: false);
                LogAttachment attachment = LogAttachment.Create(path, 50L * MB);
                Assert.Equal(LogAttachmentKind.Gzip, attachment.Kind);
                Assert.Null(attachment.Note);
                Assert.Equal("robocopy.log.gz", attachment.Part.FileName);
                Assert.Equal("application/gzip", attachment.Part.ContentType.MimeType);
                Assert.True(File.Exists(attachment.TempFilePath));

                // Through a whole message, as the server receives it.
                var message = new MimeMessage();
                message.Body = attachment.Part;
                var wire = new MemoryStream();
                message.WriteTo(wire);
                wire.Position = 0;
                var received = (MimePart)MimeMessage.Load(wire).Body;
                using (var gzip = new GZipStream(new MemoryStream(Content(received)), CompressionMode.Decompress))
                using (var plain = new MemoryStream())
                {
                    gzip.CopyTo(plain);
                    Assert.Equal(File.ReadAllBytes(path), plain.ToArray());
                }

                attachment.Dispose();
                Assert.False(File.Exists(attachment.TempFilePath));
            }
        }

        [Fact]
        public void OverTheCapEvenCompressedOnlyTheLast1000LinesAreAttachedWithANote()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("big.log");
                string[] lines = WriteLog(path, 3L * MB, incompressible: true);
                using (LogAttachment attachment = LogAttachment.Create(path, null, cap: MB))
                {
                    Assert.Equal(LogAttachmentKind.Tail, attachment.Kind);
                    Assert.Equal("big.last-1000-lines.txt", attachment.Part.FileName);
                    string text = Encoding.UTF8.GetString(Content(attachment.Part));
                    Assert.Equal(lines.Skip(lines.Length - 1000).ToArray(), text.TrimEnd('\n').Split('\n'));
                    Assert.Contains(path, attachment.Note);
                    Assert.Contains("1,000", attachment.Note);
                    Assert.Contains("1.00 MB", attachment.Note);
                    Assert.Contains("3.00 MB", attachment.Note);
                }
            }
        }

        [Fact]
        public void TheServersSizeLimitDecidesBetweenGzipAndTail()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("mid.log");
                WriteLog(path, 2L * MB, incompressible: true); // gzip leaves roughly 1.7 MB
                using (LogAttachment roomy = LogAttachment.Create(path, 5L * MB))
                    Assert.Equal(LogAttachmentKind.Gzip, roomy.Kind);
                using (LogAttachment tight = LogAttachment.Create(path, 2L * MB))
                {
                    // 2 MB for the whole message leaves less than 1.5 MB before base64: too little for the gzip.
                    Assert.Equal(LogAttachmentKind.Tail, tight.Kind);
                    Assert.NotNull(tight.Note);
                }
            }
        }

        [Fact]
        public void ASmallLogOverATinyServerLimitIsCutToTheLimit()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("small.log");
                WriteLog(path, 200 * 1024, incompressible: true);
                using (LogAttachment attachment = LogAttachment.Create(path, 100 * 1024))
                {
                    Assert.Equal(LogAttachmentKind.Tail, attachment.Kind);
                    Assert.True(Content(attachment.Part).Length <= (100 * 1024 - LogAttachment.MessageReserve) * 57 / 78 + 4096);
                }
            }
        }

        [Fact]
        public void AMissingLogGivesLogNotFound()
        {
            var error = Assert.Throws<BackupMailException>(() => LogAttachment.Create(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid() + ".log"), null));
            Assert.Equal("LogNotFound", error.ErrorId);
        }
    }
}
