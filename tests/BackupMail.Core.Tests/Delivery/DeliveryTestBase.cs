using System;
using System.Collections.Generic;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Templates;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using MimeKit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>What the SMTP tests share: English messages, a recording output, a way to send one message.</summary>
    public abstract class DeliveryTestBase : IDisposable
    {
        protected const string UserName = "backup-user";
        protected const string Password = "S3cret-Pa55word!";
        protected const string WrongPassword = "Wr0ng-Pa55word?";

        private readonly UiCulture _culture = UiCulture.Use("en-US");

        protected RecordingOutputWriter Output { get; } = new RecordingOutputWriter();

        protected SmtpConnector Connector => new SmtpConnector(SmtpClientFactory.Default, Output);

        protected static NetworkCredential Credential(string password = Password) => new NetworkCredential(UserName, password);

        protected static MimeMessage Message(string subject = "Tägliches Backup", string body = "Alles gut.\nZweite Zeile: äöü ß €", params string[] to) =>
            MessageComposer.Compose("Backup Server <backup@example.com>", to.Length == 0 ? new[] { "admin@example.com" } : to, new RenderedMessage(subject, body, BodyFormat.Text));

        /// <summary>Connects with <paramref name="account"/>, sends <paramref name="message"/> and says QUIT, within the test deadline.</summary>
        protected SendReceipt Send(MailAccount account, NetworkCredential credential, MimeMessage message = null) =>
            TestDeadline.Run(() =>
            {
                using (var session = Connector.Connect(account, credential))
                {
                    return session.Send(message ?? Message());
                }
            });

        /// <summary>Runs a send that must fail and returns its error.</summary>
        protected BackupMailException SendFails(MailAccount account, NetworkCredential credential, MimeMessage message = null) =>
            TestDeadline.Throws<BackupMailException>(() =>
            {
                using (var session = Connector.Connect(account, credential))
                {
                    session.Send(message ?? Message());
                }
            });

        /// <summary>Every text a user could see: the error's message chain and everything written to the output.</summary>
        protected IEnumerable<string> VisibleTexts(Exception error)
        {
            for (var current = error; current != null; current = current.InnerException)
            {
                yield return current.Message;
                yield return current.ToString();
            }

            foreach (var line in Output.All)
            {
                yield return line;
            }
        }

        public virtual void Dispose() => _culture.Dispose();
    }
}
