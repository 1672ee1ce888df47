using System;
using System.IO;
using System.Linq;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Templates;
using BackupMail.Tests.Accounts;
using RecordingOutputWriter = BackupMail.Tests.Support.RecordingOutputWriter;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// What the outbox tests share: a configuration directory of their own (never BACKUPMAIL_CONFIG_DIR),
    /// an in-memory vault, the "Default" account, a clock the test moves, and dispatchers and senders
    /// made the way a cmdlet call makes them (one per call, reading the account afresh).
    /// </summary>
    internal sealed class OutboxTestBed : IDisposable
    {
        public const string UserName = "backup-user";
        public const string Password = "S3cret-Pa55word!";

        private readonly TempDirectory _temp = new TempDirectory();
        private readonly UiCulture _culture = UiCulture.Use("en-US");

        public OutboxTestBed()
        {
            ConfigDirectory = _temp.Combine("config");
            Engine = new BackupMailEngine(ConfigDirectory, Vault, Output, clock: () => Now);
        }

        public string ConfigDirectory { get; }

        /// <summary>The engine every service here comes from, as a cmdlet call's does; its clock is <see cref="Now"/>.</summary>
        public BackupMailEngine Engine { get; }

        public ConfigStore Store => Engine.Store;

        public InMemoryCredentialSource Vault { get; } = new InMemoryCredentialSource();

        public RecordingOutputWriter Output { get; } = new RecordingOutputWriter();

        public AccountService Accounts => Engine.Accounts;

        public OutboxStore Outbox => Engine.Outbox;

        /// <summary>The time every dispatcher made here sees.</summary>
        public DateTimeOffset Now { get; set; } = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

        public RetrySchedule Schedule
        {
            get => Engine.RetrySchedule;
            set => Engine.RetrySchedule = value;
        }

        /// <summary>Creates or changes the Default account to point at <paramref name="host"/>:<paramref name="port"/>.</summary>
        public MailAccount PointAt(string host, int port, MailSecurity security = MailSecurity.None, int timeoutSeconds = 10, NetworkCredential credential = null, string thumbprint = null, bool allowInsecureAuthentication = false) =>
            Accounts.Set(new AccountSettings
            {
                AllowInsecureAuthentication = allowInsecureAuthentication,
                SmtpServer = host,
                Port = port,
                Security = security,
                From = "Backup Server <backup@example.com>",
                TimeoutSeconds = timeoutSeconds,
                Credential = credential,
                CertificateThumbprint = thumbprint,
            });

        public MailAccount PointAt(TestSmtpServer server, MailSecurity security = MailSecurity.None, NetworkCredential credential = null, string thumbprint = null, bool allowInsecureAuthentication = false) =>
            PointAt(server.Host, server.Port, security, 10, credential, thumbprint, allowInsecureAuthentication);

        public MailDispatcher NewDispatcher() => Engine.CreateQueueingDispatcher();

        /// <summary>A message as the engine composes it: UTF-8 text, a Message-Id, several lines.</summary>
        public static MimeMessage Compose(string subject = "Tägliches Backup: Fehler", params string[] to) =>
            MessageComposer.Compose(
                "Backup Server <backup@example.com>",
                to.Length == 0 ? new[] { "admin@example.com" } : to,
                new RenderedMessage(subject, "Sicherung 'Dokumente' fehlgeschlagen.\nZeile 2: äöü ß € — ünïcödé\n. a line that starts with a dot\n\nEnde.", BodyFormat.Text));

        /// <summary>Sends <paramref name="message"/> through a fresh dispatcher (with the outbox) within the test deadline.</summary>
        public BackupMailResult SendThroughDispatcher(MimeMessage message, string backupName = "Dokumente") =>
            TestDeadline.Run(() => SendNow(message, backupName));

        /// <summary>Sends <paramref name="message"/> through a fresh dispatcher on this thread (wrap it in a TestDeadline).</summary>
        public BackupMailResult SendNow(MimeMessage message, string backupName = "Dokumente")
        {
            using (var dispatcher = NewDispatcher())
            {
                return dispatcher.Send(null, message, new BackupMailResult { BackupName = backupName, To = ToOf(message) });
            }
        }

        /// <summary>Sends the queued item <paramref name="id"/> through a fresh dispatcher and sender (like Send-BackupMailQueue -Id).</summary>
        public BackupMailResult SendQueued(string id) =>
            TestDeadline.Run(() =>
            {
                using (var dispatcher = NewDispatcher())
                {
                    return new OutboxSender(dispatcher, Output).Send(id);
                }
            });

        /// <summary>Sends the due items through a fresh dispatcher and sender (like the flush before every notification).</summary>
        public System.Collections.Generic.IReadOnlyList<BackupMailResult> SendDue(TimeSpan budget) =>
            TestDeadline.Run(() =>
            {
                using (var dispatcher = NewDispatcher())
                {
                    return new OutboxSender(dispatcher, Output).SendDue(budget);
                }
            });

        /// <summary>
        /// The files in the outbox directory other than write-ahead journals (which stay, emptied, for the next run):
        /// messages, metadata, locks and temporary files.
        /// </summary>
        public string[] ItemFiles() =>
            Directory.Exists(Outbox.DirectoryPath)
                ? Directory.GetFiles(Outbox.DirectoryPath).Where(path => !path.EndsWith(".wal", StringComparison.Ordinal)).ToArray()
                : Array.Empty<string>();

        /// <summary>The message as it goes over the wire: CRLF line ends whatever the platform.</summary>
        public static byte[] WireBytes(MimeMessage message)
        {
            var options = FormatOptions.Default.Clone();
            options.NewLineFormat = NewLineFormat.Dos;
            using (var memory = new MemoryStream())
            {
                message.WriteTo(options, memory);
                return memory.ToArray();
            }
        }

        /// <summary>The message as <see cref="MimeMessage.WriteTo(Stream, System.Threading.CancellationToken)"/> writes it (what the outbox stores).</summary>
        public static byte[] Bytes(MimeMessage message)
        {
            using (var memory = new MemoryStream())
            {
                message.WriteTo(memory);
                return memory.ToArray();
            }
        }

        /// <summary>The bytes after the blank line that ends the header block.</summary>
        public static byte[] BodyOf(byte[] raw)
        {
            for (var i = 0; i + 3 < raw.Length; i++)
            {
                if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n')
                {
                    var body = new byte[raw.Length - i - 4];
                    Array.Copy(raw, i + 4, body, 0, body.Length);
                    return body;
                }
            }

            throw new Xunit.Sdk.XunitException("The message has no blank line after its headers.");
        }

        /// <summary>Asserts that the server received the original message (<paramref name="originalBytes"/>, see <see cref="WireBytes"/>) unchanged in body and Message-Id.</summary>
        public static void AssertDeliveredUnchanged(byte[] originalBytes, string originalMessageId, ReceivedMessage received)
        {
            Assert.Equal(originalMessageId, received.Message.MessageId);
            // The server library hands over DATA without the CRLF of the final "<CRLF>.<CRLF>", which RFC 5321
            // 4.1.1.4 counts as the end of the message's last line: it is put back before comparing.
            var delivered = BodyOf(received.Raw).Concat(new byte[] { (byte)'\r', (byte)'\n' }).ToArray();

            // As text first, so a failure shows where they differ; then byte for byte.
            Assert.Equal(System.Text.Encoding.ASCII.GetString(BodyOf(originalBytes)), System.Text.Encoding.ASCII.GetString(delivered));
            Assert.Equal(BodyOf(originalBytes), delivered);
        }

        private static string[] ToOf(MimeMessage message)
        {
            var list = new System.Collections.Generic.List<string>();
            foreach (var mailbox in message.To.Mailboxes)
            {
                list.Add(mailbox.Address);
            }

            return list.ToArray();
        }

        public void Dispose()
        {
            _culture.Dispose();
            _temp.Dispose();
        }
    }
}
