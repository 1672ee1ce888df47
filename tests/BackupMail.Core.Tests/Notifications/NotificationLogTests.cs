using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Rules;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    // What a job's log puts into the notification: the figures of its summary, and the log itself attached.
    public sealed class NotificationLogTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bm-notify-log-" + Guid.NewGuid().ToString("N"));
        private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;
        private TestSmtpServer _server;
        private NotificationWiring _wiring;
        private NotificationService _service;
        private ConfigStore _store;

        public NotificationLogTests()
        {
            Directory.CreateDirectory(_directory);
            // Figures are formatted for the reader's culture; pin it so "6,743" reads the same on every machine.
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        }

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = _previousUiCulture;
            _wiring?.Dispose();
            _server?.Dispose();
            try { Directory.Delete(_directory, true); } catch (IOException) { }
        }

        private void Start(int? maxMessageSize = null)
        {
            _server = TestSmtpServer.Start(new TestSmtpServerOptions { MaxMessageSize = maxMessageSize });
            _wiring = new NotificationWiring(Path.Combine(_directory, "config"), _server, new MailTemplate
            {
                Name = "Figures",
                Subject = "##BackupName## ##Status##",
                Body = "Dirs=##DirsCopied##\nCopied=##FilesCopied##\nFailed=##FilesFailed##\nError=##ErrorMessage##\nTail=##LogTail##",
            }, null);
            _store = _wiring.Store;
            _service = _wiring.Service;
        }

        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "robocopy", name);

        [Theory]
        [InlineData("en_04_win10-11_unilog_nfl-ndl_andrew6255.utf16le.log", "981", "6,743", "0")]
        [InlineData("ru_01_win10-11_error5-retrylimit_failed1_fujimir.cp866.log", null, "22", "1")]
        public void A_robocopy_log_fills_the_figures(string fixture, string dirs, string copied, string failed)
        {
            Start();
            TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Files",
                ExitCode = 9,
                Tool = BackupTool.Robocopy,
                LogPath = Fixture(fixture),
                To = new[] { "admin@example.com" },
                Template = "Figures",
            }));

            var body = _server.Messages.Single().Message.TextBody.Replace("\r\n", "\n");
            Assert.Contains("\nCopied=" + copied + "\n", body);
            Assert.Contains("\nFailed=" + failed + "\n", body);
            if (dirs != null) Assert.Contains("Dirs=" + dirs + "\n", body);
            Assert.Contains("Tail=", body);
        }

        [Fact]
        public void A_given_error_message_wins_over_the_log()
        {
            Start();
            TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Files",
                ExitCode = 9,
                Tool = BackupTool.Robocopy,
                LogPath = Fixture("ru_01_win10-11_error5-retrylimit_failed1_fujimir.cp866.log"),
                ErrorMessage = "The NAS was offline",
                To = new[] { "admin@example.com" },
                Template = "Figures",
            }));

            var body = _server.Messages.Single().Message.TextBody;
            Assert.Contains("Error=The NAS was offline", body);
        }

        [Fact]
        public void The_rule_attaches_a_large_log_gzip_compressed_and_identical()
        {
            Start();
            var log = Path.Combine(_directory, "big.log");
            using (var writer = new StreamWriter(log))
            {
                for (var i = 0; i < 30000; i++) writer.WriteLine("{0:D6}  New File  {1,12}  C:\\Data\\file{0}.dat", i, i * 7919 % 100003);
            }
            Assert.True(new FileInfo(log).Length > 1024 * 1024);
            _store.Update(config =>
            {
                config.Rules.Add(new NotificationRule { BackupName = "Files", Mode = NotificationMode.Always, To = new[] { "admin@example.com" }, AttachLog = true });
                return 0;
            });

            TestDeadline.Run(() => _service.Send(new NotificationRequest { BackupName = "Files", Status = BackupStatus.Success, LogPath = log }));

            var part = _server.Messages.Single().Message.Attachments.OfType<MimePart>().Single();
            Assert.Equal("big.log.gz", part.FileName);
            using (var decoded = new MemoryStream())
            {
                part.Content.DecodeTo(decoded);
                decoded.Position = 0;
                using (var gzip = new GZipStream(decoded, CompressionMode.Decompress))
                using (var plain = new MemoryStream())
                {
                    gzip.CopyTo(plain);
                    Assert.Equal(File.ReadAllBytes(log), plain.ToArray());
                }
            }
        }

        [Fact]
        public void A_log_too_large_for_the_server_becomes_its_tail_with_a_note_in_the_body()
        {
            Start(maxMessageSize: 300 * 1024);
            var log = Path.Combine(_directory, "noise.log");
            var random = new Random(7);
            var buffer = new byte[100];
            using (var writer = new StreamWriter(log))
            {
                // Random text hardly compresses, so even gzip stays far above the server's limit.
                for (var i = 0; i < 8000; i++)
                {
                    random.NextBytes(buffer);
                    writer.WriteLine(i.ToString("D6", CultureInfo.InvariantCulture) + " " + Convert.ToBase64String(buffer));
                }
            }
            Assert.True(new FileInfo(log).Length > 1024 * 1024);

            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Files",
                Status = BackupStatus.Failure,
                LogPath = log,
                AttachLog = true,
                To = new[] { "admin@example.com" },
                Template = "Figures",
            }));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            var message = _server.Messages.Single();
            Assert.True(message.Raw.Length < 300 * 1024);
            var part = message.Message.Attachments.OfType<MimePart>().Single();
            Assert.Equal("noise.last-1000-lines.txt", part.FileName);
            var text = ((TextPart)part).Text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            Assert.Equal(1000, text.Length);
            Assert.StartsWith("007999 ", text.Last());
            Assert.Contains(log, message.Message.TextBody);
        }

        [Fact]
        public void A_missing_log_gives_a_warning_and_the_message_still_goes_out_without_attachment()
        {
            Start();
            var missing = Path.Combine(_directory, "missing.log");
            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Files",
                Status = BackupStatus.Failure,
                LogPath = missing,
                AttachLog = true,
                To = new[] { "admin@example.com" },
                Template = "Figures",
            }));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Empty(_server.Messages.Single().Message.Attachments);
        }
    

        [Fact]
        public void The_compressed_copy_is_kept_in_the_configuration_folder_and_removed_once_sent()
        {
            Start();
            var log = Path.Combine(_directory, "big.log");
            using (var writer = new StreamWriter(log))
            {
                for (var i = 0; i < 30000; i++) writer.WriteLine("{0:D6}  New File  {1,12}  C:\\Data\\file{0}.dat", i, i * 7919 % 100003);
            }

            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Files", Status = BackupStatus.Success, LogPath = log, AttachLog = true, To = new[] { "admin@example.com" },
            }));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Equal("big.log.gz", _server.Messages.Single().Message.Attachments.OfType<MimePart>().Single().FileName);
            var temporary = Path.Combine(_directory, "config", "tmp");
            Assert.True(Directory.Exists(temporary));
            Assert.Empty(Directory.GetFileSystemEntries(temporary));
        }

        [Fact]
        public void Dev_zero_as_the_log_to_attach_sends_promptly_without_it_and_says_why()
        {
            if (!OperatingSystem.IsLinux()) return;
            Start();
            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Files", Status = BackupStatus.Failure, LogPath = "/dev/zero", AttachLog = true,
                To = new[] { "admin@example.com" }, Template = "Figures",
            }), TimeSpan.FromSeconds(30));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Empty(_server.Messages.Single().Message.Attachments);
            Assert.Contains(_wiring.Output.Warnings, warning => warning.Contains("character device"));
        }

        [Fact]
        public void A_log_swapped_for_a_FIFO_after_it_was_read_still_sends_the_message_without_it()
        {
            if (!OperatingSystem.IsLinux()) return;
            Start();
            var log = Path.Combine(_directory, "swapped.log");
            File.WriteAllText(log, "all fine\n");
            var prepared = _service.Prepare(new NotificationRequest
            {
                BackupName = "Files", Status = BackupStatus.Failure, LogPath = log, AttachLog = true,
                To = new[] { "admin@example.com" }, Template = "Figures",
            });
            Assert.Null(prepared.LogProblem);
            File.Delete(log);
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", "\"" + log + "\""))
            {
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var result = TestDeadline.Run(() => _service.Deliver(prepared), TimeSpan.FromSeconds(30));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Empty(_server.Messages.Single().Message.Attachments);
            Assert.Contains(_wiring.Output.Warnings, warning => warning.Contains("named pipe (FIFO)"));
            Assert.Equal("LogUnreadable", prepared.LogProblem?.ErrorId);
        }
    }
}
