using System.Linq;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>Messages that reach an in-process SMTP server, as it received them.</summary>
    public sealed class SmtpSendTests : DeliveryTestBase
    {
        [Fact]
        public void PlainSendArrivesWithFromToSubjectAndBody()
        {
            using var server = TestSmtpServer.Start();
            var receipt = Send(server.CreateAccount(), null, Message(to: new[] { "admin@example.com", "ops@example.com" }));

            var received = Assert.Single(server.WaitForMessages(1, System.TimeSpan.FromSeconds(5)));
            Assert.Equal("backup@example.com", received.EnvelopeFrom);
            Assert.Equal(new[] { "admin@example.com", "ops@example.com" }, received.EnvelopeTo);
            var message = received.Message;
            Assert.Equal("backup@example.com", message.From.Mailboxes.Single().Address);
            Assert.Equal("Backup Server", message.From.Mailboxes.Single().Name);
            Assert.Equal(new[] { "admin@example.com", "ops@example.com" }, message.To.Mailboxes.Select(m => m.Address));
            Assert.Equal("Tägliches Backup", message.Subject);
            Assert.Equal("Alles gut.\nZweite Zeile: äöü ß €", message.TextBody.Replace("\r\n", "\n"));
            Assert.Equal(message.MessageId, receipt.MessageId);
            Assert.Empty(receipt.RejectedRecipients);
            Assert.False(string.IsNullOrWhiteSpace(receipt.ServerResponse));
            Assert.Contains(Output.Verbose, line => line.Contains("Connecting to " + server.Host + ":" + server.Port) && line.Contains("None"));
            Assert.Contains(Output.Verbose, line => line.Contains("without TLS"));
            Assert.Contains(Output.Verbose, line => line.Contains(receipt.MessageId));
        }

        [Fact]
        public void NonAsciiSubjectTravelsAsAnEncodedWord()
        {
            using var server = TestSmtpServer.Start();
            Send(server.CreateAccount(), null);

            var raw = System.Text.Encoding.ASCII.GetString(Assert.Single(server.Messages).Raw);
            var subjectLine = raw.Split("\r\n").Single(line => line.StartsWith("Subject:"));
            Assert.Contains("=?utf-8?", subjectLine, System.StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ä", raw);
        }

        [Fact]
        public void HeaderInjectionInTheSubjectAddsNoHeader()
        {
            using var server = TestSmtpServer.Start();
            Send(server.CreateAccount(), null, Message(subject: "x\r\nBcc: evil@example.com\r\nX-Evil: 1"));

            var received = Assert.Single(server.Messages);
            Assert.Equal(new[] { "admin@example.com" }, received.EnvelopeTo);
            Assert.False(received.Message.Headers.Contains(HeaderId.Bcc));
            Assert.False(received.Message.Headers.Contains("X-Evil"));
            Assert.Empty(received.Message.Bcc);
            Assert.Equal("x Bcc: evil@example.com X-Evil: 1", received.Message.Subject);
        }

        [Fact]
        public void OneRefusedRecipientOfThreeStillLetsTheOthersReceiveIt()
        {
            var options = new TestSmtpServerOptions().RejectRecipient("gone@example.com");
            using var server = TestSmtpServer.Start(options);

            var receipt = Send(server.CreateAccount(), null, Message(to: new[] { "admin@example.com", "gone@example.com", "ops@example.com" }));

            Assert.Equal(new[] { "gone@example.com" }, receipt.RejectedRecipients);
            var received = Assert.Single(server.Messages);
            Assert.Equal(new[] { "admin@example.com", "ops@example.com" }, received.EnvelopeTo);
            Assert.Contains(Output.Verbose, line => line.Contains("gone@example.com") && line.Contains("550"));
        }

        [Fact]
        public void EveryRecipientRefusedIsSmtpRecipientRejected()
        {
            var options = new TestSmtpServerOptions().RejectRecipient("a@example.com").RejectRecipient("b@example.com");
            using var server = TestSmtpServer.Start(options);

            var error = SendFails(server.CreateAccount(), null, Message(to: new[] { "a@example.com", "b@example.com" }));

            Assert.Equal("SmtpRecipientRejected", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.ProtocolError, error.Kind);
            Assert.Equal(ErrorRecovery.Never, error.Recovery); // kept in outbox/failed, not retried
            Assert.Equal(new[] { "a@example.com", "b@example.com" }, Assert.IsType<string[]>(error.Target));
            Assert.Contains("a@example.com", error.Message);
            Assert.Contains("b@example.com", error.Message);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void RecipientRefusedForNowIsTransient()
        {
            var options = new TestSmtpServerOptions().RejectRecipient("a@example.com", 450, "4.2.1 Mailbox busy");
            using var server = TestSmtpServer.Start(options);

            var error = SendFails(server.CreateAccount(), null, Message(to: new[] { "a@example.com" }));

            Assert.Equal("SmtpServerBusy", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("Mailbox busy", error.Message);
        }

        [Fact]
        public void TemporaryRefusalOfDataIsSmtpServerBusyAndTransient()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().ReplyToData(451, "4.3.0 Try again later"));

            var error = SendFails(server.CreateAccount(), null);

            Assert.Equal("SmtpServerBusy", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("Try again later", error.Message);
            Assert.Contains(server.Host + ":" + server.Port, error.Message);
        }

        [Fact]
        public void PermanentRefusalOfDataIsSmtpMessageRejected()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().ReplyToData(554, "5.7.1 Message refused as spam"));

            var error = SendFails(server.CreateAccount(), null);

            Assert.Equal("SmtpMessageRejected", error.ErrorId);
            Assert.False(error.IsTransient);
            Assert.Contains("refused as spam", error.Message);
        }

        [Fact]
        public void MessageOverTheSizeLimitIsSmtpMessageRejectedNamingTheLimit()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { MaxMessageSize = 2000 });

            var error = SendFails(server.CreateAccount(), null, Message(body: new string('x', 10_000)));

            Assert.Equal("SmtpMessageRejected", error.ErrorId);
            Assert.Contains("2000", error.Message);
            Assert.Contains("too large", error.Message);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void SessionReportsTheServersSizeLimitAndSendsSeveralMessages()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { MaxMessageSize = 5_000_000 });

            TestDeadline.Run(() =>
            {
                using var session = Connector.Connect(server.CreateAccount(), null);
                Assert.Equal(5_000_000, session.MaxMessageSize);
                session.Send(Message(subject: "first"));
                session.Send(Message(subject: "second"));
            });

            Assert.Equal(new[] { "first", "second" }, server.Messages.Select(m => m.Message.Subject));
        }

        [Fact]
        public void SenderRefusedForGoodIsSmtpMessageRejected()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectSender(553, "5.7.1 Sender address rejected: not owned by user"));

            var error = SendFails(server.CreateAccount(), null);

            Assert.Equal("SmtpMessageRejected", error.ErrorId);
            Assert.Equal("backup@example.com", error.Target);
            Assert.Contains("not owned by user", error.Message);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void ConnectionDroppedDuringDataIsSmtpConnectionLostAndTransient()
        {
            using var server = ScriptedSmtpServer.Start(connection =>
            {
                connection.Send("220 scripted ESMTP");
                while (true)
                {
                    var line = connection.ReadLine();
                    if (line == null)
                    {
                        return;
                    }

                    if (line.StartsWith("EHLO", System.StringComparison.OrdinalIgnoreCase))
                    {
                        connection.Send("250 scripted");
                    }
                    else if (line.StartsWith("DATA", System.StringComparison.OrdinalIgnoreCase))
                    {
                        connection.Send("354 go ahead");
                        connection.ReadLine();
                        return; // hang up in the middle of the message
                    }
                    else
                    {
                        connection.Send("250 ok");
                    }
                }
            });
            var account = new MailAccount { Name = "Test", SmtpServer = server.Host, Port = server.Port, Security = MailSecurity.None, TimeoutSeconds = 5 };

            var error = SendFails(account, null);

            Assert.Equal("SmtpConnectionLost", error.ErrorId);
            Assert.True(error.IsTransient);
        }
    }
}
