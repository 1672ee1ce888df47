using System;
using System.IO;
using System.Linq;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 4 §3: each fault, sent through a <see cref="Notifications.MailDispatcher"/> with an outbox, gives the
    /// right outcome (Queued, Failed or partial); once the server behaves, the queued message is delivered with
    /// the same body bytes and the same Message-Id, and the outbox is empty.
    /// </summary>
    public sealed class FaultInjectionTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Connection_refused_is_queued_then_delivered(bool viaSendDue)
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            using var good = TestSmtpServer.Start();

            QueuedThenDelivered(() => { _bed.PointAt(good); return good; }, viaSendDue);
        }

        [Fact]
        public void A_silent_server_is_queued_within_the_timeout_then_delivered()
        {
            using var silent = ScriptedSmtpServer.Silent();
            _bed.PointAt(silent.Host, silent.Port, MailSecurity.None, timeoutSeconds: 2);
            using var good = TestSmtpServer.Start();

            // TestDeadline bounds the call: it returned (Queued), rather than hanging on the silent server.
            QueuedThenDelivered(() => { _bed.PointAt(good); return good; }, viaSendDue: true);
            Assert.True(silent.Connections >= 1);
        }

        [Fact]
        public void A_421_greeting_is_queued_then_delivered()
        {
            using var busy = ScriptedSmtpServer.GreetAndClose("421 4.3.2 Too many connections, try later");
            _bed.PointAt(busy.Host, busy.Port);
            using var good = TestSmtpServer.Start();

            var queued = QueuedThenDelivered(() => { _bed.PointAt(good); return good; });
            Assert.Contains("Too many connections", queued.Reason);
        }

        [Fact]
        public void A_451_to_MAIL_FROM_is_queued_then_delivered()
        {
            using var busy = TestSmtpServer.Start(new TestSmtpServerOptions().RejectSender(451, "4.3.0 Sender check unavailable, try later"));
            _bed.PointAt(busy);
            using var good = TestSmtpServer.Start();

            var queued = QueuedThenDelivered(() => { _bed.PointAt(good); return good; }, viaSendDue: true);
            Assert.Contains("Sender check unavailable", queued.Reason);
            Assert.Empty(busy.Messages);
        }

        [Fact]
        public void A_451_to_RCPT_TO_is_queued_then_delivered()
        {
            using var busy = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("admin@example.com", 451, "4.2.1 Mailbox busy, try later"));
            _bed.PointAt(busy);
            using var good = TestSmtpServer.Start();

            var queued = QueuedThenDelivered(() => { _bed.PointAt(good); return good; });
            Assert.Contains("Mailbox busy", queued.Reason);
            Assert.Empty(busy.Messages);
        }

        [Fact]
        public void A_451_to_the_end_of_DATA_is_queued_then_delivered()
        {
            using var busy = TestSmtpServer.Start(new TestSmtpServerOptions().ReplyToData(451, "4.3.0 Queue full, try again later"));
            _bed.PointAt(busy);
            using var good = TestSmtpServer.Start();

            var queued = QueuedThenDelivered(() => { _bed.PointAt(good); return good; }, viaSendDue: true);
            Assert.Contains("Queue full", queued.Reason);
        }

        [Fact]
        public void A_connection_dropped_in_the_middle_of_DATA_is_queued_then_delivered()
        {
            var linesRead = 0;
            using var dropping = ScriptedSmtpServer.Start(connection =>
            {
                connection.Send("220 scripted ESMTP");
                string line;
                while ((line = connection.ReadLine()) != null)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb == "DATA")
                    {
                        connection.Send("354 go ahead");
                        // Read part of the message (its headers), then hang up.
                        for (var i = 0; i < 3 && connection.ReadLine() != null; i++)
                        {
                            System.Threading.Interlocked.Increment(ref linesRead);
                        }

                        return;
                    }

                    connection.Send(verb == "EHLO" ? "250-scripted\r\n250 8BITMIME" : "250 ok");
                }
            });
            _bed.PointAt(dropping.Host, dropping.Port, MailSecurity.None, timeoutSeconds: 5);
            using var good = TestSmtpServer.Start();

            QueuedThenDelivered(() => { _bed.PointAt(good); return good; });
            Assert.Equal(3, System.Threading.Volatile.Read(ref linesRead));
            Assert.Empty(dropping.ScriptErrors);
        }

        [Fact]
        public void Garbage_after_STARTTLS_is_queued_then_delivered()
        {
            using var garbage = ScriptedSmtpServer.Start(connection =>
            {
                connection.Send("220 scripted ESMTP");
                string line;
                while ((line = connection.ReadLine()) != null)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb == "STARTTLS")
                    {
                        connection.Send("220 2.0.0 Ready to start TLS");
                        connection.Send("This is not a TLS record. Neither is this line, nor the next one.");
                        connection.Send("garbage garbage garbage garbage garbage garbage garbage garbage");
                        connection.WaitUntilClosed();
                        return;
                    }

                    connection.Send(verb == "EHLO" ? "250-scripted\r\n250 STARTTLS" : "250 ok");
                }
            });
            _bed.PointAt(garbage.Host, garbage.Port, MailSecurity.StartTls, timeoutSeconds: 5);
            using var good = TestSmtpServer.Start();

            QueuedThenDelivered(() => { _bed.PointAt(good); return good; });
            Assert.Empty(garbage.ScriptErrors);
        }

        [Fact]
        public void A_plain_server_for_an_SslOnConnect_account_is_queued_then_delivered()
        {
            using var plain = TestSmtpServer.Start();
            _bed.PointAt(plain.Host, plain.Port, MailSecurity.SslOnConnect, timeoutSeconds: 5);
            using var good = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.ImplicitTls });

            QueuedThenDelivered(() => { _bed.PointAt(good, MailSecurity.SslOnConnect, thumbprint: good.CertificateSha256); return good; });
            Assert.Empty(plain.Messages);
        }

        [Fact]
        public void An_untrusted_certificate_is_queued_then_delivered_once_it_is_pinned()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            _bed.PointAt(server, MailSecurity.StartTls);

            var queued = QueuedThenDelivered(() => { _bed.PointAt(server, MailSecurity.StartTls, thumbprint: server.CertificateSha256); return server; });
            Assert.Contains(server.CertificateSha256, queued.Reason);
            Assert.True(Assert.Single(server.Messages).Secure);
        }

        [Fact]
        public void A_missing_secret_is_queued_then_delivered_once_the_secret_is_back()
        {
            var credential = new NetworkCredential(OutboxTestBed.UserName, OutboxTestBed.Password);
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { UserName = OutboxTestBed.UserName, Password = OutboxTestBed.Password, AuthenticationRequired = true });
            _bed.PointAt(server, credential: credential, allowInsecureAuthentication: true);
            _bed.Vault.Clear(); // the vault lost the secret (a new computer, a reset vault)

            QueuedThenDelivered(() =>
            {
                Assert.Empty(server.AuthenticationAttempts); // nothing was tried without the secret
                _bed.PointAt(server, credential: credential, allowInsecureAuthentication: true); // Set-BackupMailAccount -Credential stores it again
                return server;
            }, viaSendDue: true);
            Assert.Equal(new[] { OutboxTestBed.UserName }, server.AuthenticationAttempts);
            Assert.Equal(OutboxTestBed.UserName, Assert.Single(server.Messages).AuthenticatedUser);
        }

        [Fact]
        public void One_of_three_recipients_refused_the_two_others_receive_it_and_nothing_is_queued()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("gone@example.com"));
            _bed.PointAt(server);
            var message = OutboxTestBed.Compose("Backup", "a@example.com", "gone@example.com", "b@example.com");
            var bytes = OutboxTestBed.WireBytes(message);

            var result = _bed.SendThroughDispatcher(message);

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Equal(new[] { "gone@example.com" }, result.RejectedRecipients);
            Assert.Null(result.QueueId);
            var received = Assert.Single(server.Messages);
            Assert.Equal(new[] { "a@example.com", "b@example.com" }, received.EnvelopeTo.OrderBy(a => a, StringComparer.Ordinal));
            OutboxTestBed.AssertDeliveredUnchanged(bytes, message.MessageId, received);
            AssertNothingQueued();
        }

        [Fact]
        public void One_of_three_recipients_deferred_with_451_gets_a_queued_copy_for_it_alone()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("later@example.com", 451, "4.2.1 Mailbox busy, try later"));
            _bed.PointAt(server);
            var message = OutboxTestBed.Compose("Backup", "a@example.com", "later@example.com", "b@example.com");
            var bytes = OutboxTestBed.WireBytes(message);

            var result = _bed.SendThroughDispatcher(message);

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Empty(result.RejectedRecipients);
            Assert.NotNull(result.QueueId);
            Assert.Contains("later@example.com", result.Reason);
            var first = Assert.Single(server.Messages);
            Assert.Equal(new[] { "a@example.com", "b@example.com" }, first.EnvelopeTo.OrderBy(a => a, StringComparer.Ordinal));
            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal(new[] { "later@example.com" }, item.To);

            // The mailbox is back: the copy goes to the deferred recipient alone, unchanged, with the same Message-Id.
            using var good = TestSmtpServer.Start();
            _bed.PointAt(good);
            var sent = _bed.SendQueued(item.Id);

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            var second = Assert.Single(good.Messages);
            Assert.Equal(new[] { "later@example.com" }, second.EnvelopeTo);
            OutboxTestBed.AssertDeliveredUnchanged(bytes, message.MessageId, second);
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void Every_recipient_refused_is_SmtpRecipientRejected_and_kept_in_the_failed_folder()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("a@example.com").RejectRecipient("b@example.com"));
            _bed.PointAt(server);

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.SendNow(OutboxTestBed.Compose("Backup", "a@example.com", "b@example.com")));

            Assert.Equal("SmtpRecipientRejected", error.ErrorId);
            Assert.Contains("a@example.com", error.Message);
            Assert.Contains("b@example.com", error.Message);
            Assert.Empty(server.Messages);
            AssertKeptAsFailed(error, "SmtpRecipientRejected");
        }

        [Fact]
        public void A_message_too_large_is_SmtpMessageRejected_and_kept_in_the_failed_folder()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { MaxMessageSize = 2000 });
            _bed.PointAt(server);
            var large = MessageComposerHelper.WithBody(new string('x', 20_000));

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.SendNow(large));

            Assert.Equal("SmtpMessageRejected", error.ErrorId);
            Assert.Empty(server.Messages);
            AssertKeptAsFailed(error, "SmtpMessageRejected");
        }

        /// <summary>
        /// Sends a fresh message through a dispatcher (the fault arranged by the caller): it must be Queued, with the
        /// item on disk. Then <paramref name="behave"/> fixes things and returns the server that should receive
        /// it; the item is sent by id (ignoring the backoff) or by SendDue with the clock at its next attempt.
        /// </summary>
        private BackupMailResult QueuedThenDelivered(Func<TestSmtpServer> behave, bool viaSendDue = false)
        {
            var message = OutboxTestBed.Compose();
            var bytes = OutboxTestBed.WireBytes(message);
            var onDisk = OutboxTestBed.Bytes(message);
            var messageId = message.MessageId;

            var queued = _bed.SendThroughDispatcher(message);

            Assert.Equal(DeliveryAction.Queued, queued.Action);
            Assert.Equal(messageId, queued.MessageId);
            Assert.False(string.IsNullOrEmpty(queued.Reason));
            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal(queued.QueueId, item.Id);
            Assert.Equal(messageId, item.MessageId);
            Assert.Equal("Default", item.Account);
            Assert.Equal(new[] { "admin@example.com" }, item.To);
            Assert.Equal(1, item.Attempts);
            Assert.Equal(queued.Reason, item.FirstError);
            Assert.Equal(_bed.Now + _bed.Schedule.DelayAfter(1), item.NextAttempt);
            Assert.Contains(_bed.Output.Warnings, w => w.Contains(item.Id) && w.Contains("outbox"));
            Assert.Equal(onDisk, File.ReadAllBytes(Path.Combine(_bed.Outbox.DirectoryPath, item.Id + ".eml")));
            AssertNoSecretOnDisk();

            var server = behave();
            BackupMailResult sent;
            if (viaSendDue)
            {
                _bed.Now = item.NextAttempt;
                sent = Assert.Single(_bed.SendDue(TimeSpan.FromMinutes(1)));
            }
            else
            {
                sent = _bed.SendQueued(item.Id);
            }

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            Assert.Equal(item.Id, sent.QueueId);
            Assert.Equal(messageId, sent.MessageId);
            var received = Assert.Single(server.Messages);
            OutboxTestBed.AssertDeliveredUnchanged(bytes, messageId, received);
            Assert.Empty(_bed.Outbox.List());
            Assert.Empty(_bed.ItemFiles());
            Assert.False(Directory.Exists(_bed.Outbox.FailedDirectoryPath));
            return queued;
        }

        // Refused for good: not waiting in the outbox, but kept in outbox/failed with the error that failed it, and the
        // error names the item so that it can be sent again after the fix.
        private void AssertKeptAsFailed(BackupMailException error, string errorId)
        {
            Assert.Empty(_bed.Outbox.List());
            var kept = Assert.Single(_bed.Outbox.ListFailed());
            Assert.Equal(kept.Id, error.QueueId);
            Assert.Equal(errorId, kept.LastErrorId);
            Assert.Contains(kept.Id, error.Message);
            Assert.Contains("Send-BackupMailQueue -Failed", error.Message);
            Assert.True(File.Exists(Path.Combine(_bed.Outbox.FailedDirectoryPath, kept.Id + ".eml")));
        }

        private void AssertNothingQueued()
        {
            Assert.Empty(_bed.Outbox.List());
            Assert.Empty(_bed.ItemFiles()); // only the emptied write-ahead journal stays
            Assert.False(Directory.Exists(_bed.Outbox.FailedDirectoryPath));
            Assert.DoesNotContain(_bed.Output.Warnings, w => w.Contains("outbox"));
        }

        private void AssertNoSecretOnDisk()
        {
            foreach (var file in Directory.GetFiles(_bed.ConfigDirectory, "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(OutboxTestBed.Password, File.ReadAllText(file));
            }
        }

        private static class MessageComposerHelper
        {
            public static MimeMessage WithBody(string body) =>
                BackupMail.Delivery.MessageComposer.Compose("backup@example.com", new[] { "admin@example.com" }, new BackupMail.Templates.RenderedMessage("Large", body, BackupMail.Templates.BodyFormat.Text));
        }
    }
}
