using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using BackupMail.Attachments;
using BackupMail.Jobs;
using BackupMail.Logs;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Logs
{
    // A log path that is not a regular file: refused at once (never opened when it is a FIFO, which would block until a
    // writer comes; never read when it is /dev/zero, which never ends), by every reader and by the attachment.
    public sealed class LogFileKindTests : IDisposable
    {
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(15);
        private readonly ScratchDirectory _scratch = new ScratchDirectory();
        private Socket _socket;

        public void Dispose()
        {
            _socket?.Dispose();
            _scratch.Dispose();
        }

        public static TheoryData<string, bool> Kinds => new TheoryData<string, bool>
        {
            { "fifo", false }, { "fifo", true },
            { "chardev", false }, { "chardev", true },
            { "socket", false }, { "socket", true },
        };

        [Theory]
        [MemberData(nameof(Kinds))]
        public void A_log_that_is_not_a_regular_file_gives_LogUnreadable_naming_what_it_is(string kind, bool throughLink)
        {
            if (!OperatingSystem.IsLinux()) return; // FIFOs, /dev/zero and socket files as made here are Linux's
            string path = Make(kind);
            if (throughLink) path = Link(path);
            string named = kind == "fifo" ? "named pipe (FIFO)" : kind == "chardev" ? "character device" : "socket";

            Action[] readers =
            {
                () => LogTail.Read(path, 20),
                () => LogFacts.Read(path, BackupTool.Generic),
                () => RobocopyLogReader.TryReadSummary(path),
                () => LogAttachment.Create(path, null, LogAttachment.DefaultCap, _scratch.File("tmp")).Dispose(),
            };
            foreach (var read in readers)
            {
                var error = TestDeadline.Throws<BackupMailException>(read, Prompt);
                Assert.Equal("LogUnreadable", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.ResourceUnavailable, error.Kind);
                Assert.Contains(named, error.Message);
                Assert.Contains("not a regular file", error.Message);
                Assert.Equal(path, error.Target);
            }
        }

        [Fact]
        public void A_link_to_a_directory_gives_LogIsDirectory_and_a_dangling_link_LogNotFound()
        {
            if (!OperatingSystem.IsLinux()) return;
            string directory = _scratch.File("logs");
            Directory.CreateDirectory(directory);
            var isDirectory = TestDeadline.Throws<BackupMailException>(() => LogTail.Read(Link(directory), 20), Prompt);
            Assert.Equal("LogIsDirectory", isDirectory.ErrorId);

            string dangling = _scratch.File("dangling.log");
            File.CreateSymbolicLink(dangling, _scratch.File("gone.log"));
            var notFound = TestDeadline.Throws<BackupMailException>(() => LogFacts.Read(dangling, BackupTool.Generic), Prompt);
            Assert.Equal("LogNotFound", notFound.ErrorId);
        }

        [Fact]
        public void A_link_to_a_regular_file_is_read()
        {
            if (!OperatingSystem.IsLinux()) return;
            string log = _scratch.File("real.log");
            File.WriteAllText(log, "first\nlast\n");
            Assert.Equal("last", TestDeadline.Run(() => LogTail.Read(Link(log), 1), Prompt));
        }

        [Fact]
        public void A_proc_file_that_reports_no_length_is_read_within_bounds()
        {
            if (!OperatingSystem.IsLinux()) return;
            // /proc files are regular files that report length 0 and yield data: nothing may trust the length.
            using (var attachment = TestDeadline.Run(() => LogAttachment.Create("/proc/self/status", null, LogAttachment.DefaultCap, _scratch.File("tmp")), Prompt))
            {
                Assert.Equal(LogAttachmentKind.Plain, attachment.Kind);
                // The content itself, not an empty part built from the reported length of 0.
                using (var content = new MemoryStream())
                {
                    attachment.Part.Content.DecodeTo(content);
                    Assert.Contains("Name:", System.Text.Encoding.UTF8.GetString(content.ToArray()));
                }
            }
            TestDeadline.Run(() => LogFacts.Read("/proc/self/status", BackupTool.Generic), Prompt);
        }

        [Fact]
        public void A_FIFO_swapped_in_after_the_check_is_opened_without_blocking_and_seen_for_what_it_is()
        {
            // The second line of defence, for a path that became a FIFO between the type check and the open: the open
            // must not wait for a writer, and the opened handle must tell what it is.
            if (!OperatingSystem.IsLinux()) return;
            string fifo = Make("fifo");

            var kind = TestDeadline.Run(() =>
            {
                using (BackupMail.IO.NativeFile.OpenForReading(fifo, "locked", out var opened))
                {
                    return opened;
                }
            }, Prompt);

            Assert.Equal(BackupMail.IO.FileKind.NamedPipe, kind);
        }

        private string Make(string kind)
        {
            switch (kind)
            {
                case "fifo":
                    string fifo = _scratch.File("backup.fifo");
                    using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", "\"" + fifo + "\"") { UseShellExecute = false }))
                    {
                        Assert.True(mkfifo.WaitForExit(10000));
                        Assert.Equal(0, mkfifo.ExitCode);
                    }
                    return fifo;
                case "chardev":
                    return "/dev/zero";
                default:
                    string socketPath = _scratch.File("backup.sock");
                    _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    _socket.Bind(new UnixDomainSocketEndPoint(socketPath));
                    return socketPath;
            }
        }

        private string Link(string target)
        {
            string link = _scratch.File("link-" + Guid.NewGuid().ToString("N") + ".log");
            File.CreateSymbolicLink(link, target);
            return link;
        }
    }
}
