using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using BackupMail.Attachments;
using BackupMail.Tests.Logs;
using BackupMail.Tests.Support;
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
                using (LogAttachment attachment = LogAttachment.Create(path, null, LogAttachment.DefaultCap, scratch.File("tmp")))
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
                LogAttachment attachment = LogAttachment.Create(path, 50L * MB, LogAttachment.DefaultCap, scratch.File("tmp"));
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
                using (LogAttachment attachment = LogAttachment.Create(path, null, MB, scratch.File("tmp")))
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
                using (LogAttachment roomy = LogAttachment.Create(path, 5L * MB, LogAttachment.DefaultCap, scratch.File("tmp")))
                    Assert.Equal(LogAttachmentKind.Gzip, roomy.Kind);
                using (LogAttachment tight = LogAttachment.Create(path, 2L * MB, LogAttachment.DefaultCap, scratch.File("tmp")))
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
                using (LogAttachment attachment = LogAttachment.Create(path, 100 * 1024, LogAttachment.DefaultCap, scratch.File("tmp")))
                {
                    Assert.Equal(LogAttachmentKind.Tail, attachment.Kind);
                    Assert.True(Content(attachment.Part).Length <= (100 * 1024 - LogAttachment.MessageReserve) * 57 / 78 + 4096);
                }
            }
        }

        [Theory]
        [InlineData(0L)]
        [InlineData(100L)]
        [InlineData(3L * MB)]
        public void A_log_that_grows_while_it_is_read_is_read_within_the_budget(long reportedLength)
        {
            using (var scratch = new ScratchDirectory())
            {
                var log = new GrowingLogStream(reportedLength);
                using (LogAttachment attachment = TestDeadline.Run(() => LogAttachment.Create(log, "growing.log", LogAttachment.DefaultCap, LogAttachment.DefaultCap, scratch.File("tmp"))))
                {
                    // At most the plain limit and the length it had when opened, plus the encoding sample and buffers.
                    Assert.True(log.TotalRead <= Math.Max(reportedLength, LogAttachment.PlainLimit) + 2 * MB, "read " + log.TotalRead + " bytes");
                    Assert.True(Content(attachment.Part).Length <= LogAttachment.DefaultCap);
                }
            }
        }

        [Fact]
        public void The_compressed_copy_is_private_to_the_user_in_the_given_folder_and_removed_after_use()
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("robocopy.log");
                WriteLog(path, 2L * MB, incompressible: false);
                string temporary = Path.Combine(scratch.Root, "config", "tmp");
                LogAttachment attachment = LogAttachment.Create(path, null, LogAttachment.DefaultCap, temporary);
                try
                {
                    Assert.Equal(LogAttachmentKind.Gzip, attachment.Kind);
                    Assert.Equal(temporary, Path.GetDirectoryName(attachment.TempFilePath));
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(attachment.TempFilePath));
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temporary));
                }
                finally
                {
                    attachment.Dispose();
                }
                Assert.False(File.Exists(attachment.TempFilePath));
                Assert.Empty(Directory.GetFileSystemEntries(temporary));
            }
        }

        [Fact]
        public void A_folder_left_open_to_others_is_closed_before_use()
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("robocopy.log");
                WriteLog(path, 2L * MB, incompressible: false);
                string temporary = scratch.File("tmp");
                Directory.CreateDirectory(temporary);
                File.SetUnixFileMode(temporary, (UnixFileMode)0x1FF); // 0777
                using (LogAttachment.Create(path, null, LogAttachment.DefaultCap, temporary))
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temporary));
            }
        }

        [Fact]
        public void A_copy_left_by_a_crashed_run_is_removed_by_the_next_one_and_a_copy_in_use_is_not()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("small.log");
                WriteLog(path, 1000, incompressible: false);
                string temporary = scratch.File("tmp");
                Directory.CreateDirectory(temporary);

                string crashed = Path.Combine(temporary, "log-" + Guid.NewGuid().ToString("N") + ".gz");
                File.WriteAllText(crashed, "left by a run that crashed");
                File.SetLastWriteTimeUtc(crashed, DateTime.UtcNow.AddHours(-2));
                // Another process writing its own copy right now holds it open (and locked) while it sends.
                string inUse = Path.Combine(temporary, "log-" + Guid.NewGuid().ToString("N") + ".gz");
                string oldInUse = Path.Combine(temporary, "log-" + Guid.NewGuid().ToString("N") + ".gz");
                // A fresh copy not yet locked: its writer may only be between creating and locking it.
                string justCreated = Path.Combine(temporary, "log-" + Guid.NewGuid().ToString("N") + ".gz");
                File.WriteAllText(justCreated, "just created");
                string other = Path.Combine(temporary, "notes.txt");
                File.WriteAllText(other, "not a log copy");
                File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddHours(-2));

                using (var writing = new FileStream(inUse, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
                using (var writingLong = new FileStream(oldInUse, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
                {
                    File.SetLastWriteTimeUtc(oldInUse, DateTime.UtcNow.AddHours(-2));
                    using (LogAttachment.Create(path, null, LogAttachment.DefaultCap, temporary)) { }

                    Assert.False(File.Exists(crashed));
                    Assert.True(File.Exists(inUse));
                    Assert.True(File.Exists(oldInUse));
                    Assert.True(File.Exists(justCreated));
                    Assert.True(File.Exists(other));
                }
            }
        }

        [Fact]
        public void AMissingLogGivesLogNotFound()
        {
            var error = Assert.Throws<BackupMailException>(() => LogAttachment.Create(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid() + ".log"), null, LogAttachment.DefaultCap, Path.GetTempPath()));
            Assert.Equal("LogNotFound", error.ErrorId);
        }
    }
}
