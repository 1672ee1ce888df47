using System;
using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Outbox
{
    /// <summary>
    /// Issue 13: Cc, Bcc, Reply-To and priority as Send-MailMessage has them. The composer sets the headers, the Bcc
    /// recipients get the message without ever seeing a Bcc header sent, and the outbox keeps every recipient.
    /// </summary>
    public sealed class CopyRecipientsTests : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public void Dispose() => _bed.Dispose();

        private static OutgoingMail Mail(MailPriority priority = MailPriority.High) => new OutgoingMail
        {
            BackupName = "Dokumente",
            Status = BackupStatus.Failure,
            ExitCode = 16,
            To = new[] { "admin@example.com" },
            Cc = new[] { "Team Lead <lead@example.com>" },
            Bcc = new[] { "audit@example.com" },
            ReplyTo = new[] { "helpdesk@example.com" },
            Priority = priority,
            Message = new RenderedMessage("Backup Dokumente: Failed", "Exit code 16.", BodyFormat.Text),
        };

        private static MimeMessage Composed(MailPriority priority)
        {
            var message = MessageComposer.Compose("backup@example.com", new[] { "admin@example.com" }, new RenderedMessage("s", "b", BodyFormat.Text));
            MessageComposer.AddHeaders(message, new[] { "lead@example.com" }, new[] { "audit@example.com" }, new[] { "helpdesk@example.com" }, priority);
            return message;
        }

        [Fact]
        public void High_priority_sets_X_Priority_Importance_and_Priority_as_MimeKit_writes_them()
        {
            using var message = Composed(MailPriority.High);

            Assert.Equal("lead@example.com", Assert.Single(message.Cc.Mailboxes).Address);
            Assert.Equal("audit@example.com", Assert.Single(message.Bcc.Mailboxes).Address);
            Assert.Equal("helpdesk@example.com", Assert.Single(message.ReplyTo.Mailboxes).Address);
            Assert.Equal("1 (Highest)", message.Headers[HeaderId.XPriority]);
            Assert.Equal("high", message.Headers[HeaderId.Importance]);
            Assert.Equal("urgent", message.Headers[HeaderId.Priority]);
        }

        [Fact]
        public void Low_priority_is_the_lowest_and_Normal_sets_no_priority_header()
        {
            using (var low = Composed(MailPriority.Low))
            {
                Assert.Equal("5 (Lowest)", low.Headers[HeaderId.XPriority]);
                Assert.Equal("low", low.Headers[HeaderId.Importance]);
                Assert.Equal("non-urgent", low.Headers[HeaderId.Priority]);
            }

            using var normal = MessageComposer.Compose("backup@example.com", new[] { "admin@example.com" }, new RenderedMessage("s", "b", BodyFormat.Text));
            MessageComposer.AddHeaders(normal, null, Array.Empty<string>(), null, MailPriority.Normal);
            Assert.False(normal.Headers.Contains(HeaderId.XPriority));
            Assert.False(normal.Headers.Contains(HeaderId.Importance));
            Assert.False(normal.Headers.Contains(HeaderId.Priority));
            Assert.False(normal.Headers.Contains(HeaderId.Cc));
            Assert.False(normal.Headers.Contains(HeaderId.ReplyTo));
        }

        [Fact]
        public void A_bad_address_is_InvalidMailAddress()
        {
            using var message = MessageComposer.Compose("backup@example.com", new[] { "admin@example.com" }, new RenderedMessage("s", "b", BodyFormat.Text));

            var error = Assert.Throws<BackupMailException>(() => MessageComposer.AddHeaders(message, new[] { "lead(at)example.com" }, null, null, MailPriority.Normal));

            Assert.Equal("InvalidMailAddress", error.ErrorId);
        }

        [Fact]
        public void Every_recipient_gets_it_over_SMTP_and_no_Bcc_header_is_transmitted()
        {
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);

            var result = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return dispatcher.Send(Mail());
            });

            Assert.Equal(DeliveryAction.Sent, result.Action);
            var received = Assert.Single(server.Messages);
            Assert.Equal(new[] { "admin@example.com", "audit@example.com", "lead@example.com" }, received.EnvelopeTo.OrderBy(a => a, StringComparer.Ordinal));
            Assert.Empty(received.Message.Bcc);
            Assert.DoesNotContain("audit@example.com", Encoding.ASCII.GetString(received.Raw));
            Assert.Equal("lead@example.com", Assert.Single(received.Message.Cc.Mailboxes).Address);
            Assert.Equal("helpdesk@example.com", Assert.Single(received.Message.ReplyTo.Mailboxes).Address);
            Assert.Equal("1 (Highest)", received.Message.Headers[HeaderId.XPriority]);
        }

        [Fact]
        public void A_queued_message_keeps_its_Cc_and_Bcc_recipients_and_goes_to_all_of_them_later()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            var queued = TestDeadline.Run(() =>
            {
                using var dispatcher = _bed.NewDispatcher();
                return dispatcher.Send(Mail());
            });
            Assert.Equal(DeliveryAction.Queued, queued.Action);

            var item = Assert.Single(_bed.Outbox.List());
            Assert.Equal(new[] { "admin@example.com" }, item.To);
            Assert.Equal(new[] { "\"Team Lead\" <lead@example.com>" }, item.Cc);
            Assert.Equal(new[] { "audit@example.com" }, item.Bcc);

            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            _bed.Now += TimeSpan.FromHours(1);
            var sent = Assert.Single(_bed.SendDue(TimeSpan.FromMinutes(1)));

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            var received = Assert.Single(server.Messages);
            Assert.Equal(new[] { "admin@example.com", "audit@example.com", "lead@example.com" }, received.EnvelopeTo.OrderBy(a => a));
            Assert.Empty(received.Message.Bcc);
            Assert.DoesNotContain("audit@example.com", Encoding.ASCII.GetString(received.Raw));
            Assert.Equal("urgent", received.Message.Headers[HeaderId.Priority]);
            Assert.Empty(_bed.Outbox.List());
        }

        [Fact]
        public void An_item_written_before_Cc_and_Bcc_existed_still_goes_to_its_To()
        {
            var item = System.Text.Json.JsonSerializer.Deserialize<OutboxItem>("{\"id\":\"x\",\"to\":[\"a@example.com\"]}", OutboxStore.JsonOptions);

            Assert.Empty(item.Cc);
            Assert.Empty(item.Bcc);
            Assert.Equal(new[] { "a@example.com" }, item.EnvelopeRecipients());
        }
    }
}
