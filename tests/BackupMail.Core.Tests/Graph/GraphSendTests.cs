using System;
using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Delivery.Graph;
using BackupMail.OAuth;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>Messages delivered through the Graph double: the MIME as composed, Bcc, envelope, the receipt, the output.</summary>
    public sealed class GraphSendTests : GraphDoublesTestBase
    {
        [Fact]
        public void A_message_is_delivered_with_its_MIME_intact_subject_attachment_and_Bcc()
        {
            var log = new MimePart("text", "plain")
            {
                Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes("robocopy log\nline 2: äöü\n"))),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "backup.log",
            };
            var message = Compose("Nightly backup: Failure — äöü", new MimeEntity[] { log }, "admin@example.com");
            message.Cc.Add(MailboxAddress.Parse("ops@example.com"));
            message.Bcc.Add(MailboxAddress.Parse("auditor@example.com"));
            var sent = MimeRequestContent.Measure(message);

            var receipt = Send(message);

            var received = SingleReceived();
            Assert.Equal(UserName, received.Mailbox);
            Assert.StartsWith("text/plain", received.ContentType, StringComparison.Ordinal);
            Assert.True(received.AppToken);
            Assert.Equal(sent, received.Mime.Length);

            var delivered = Parse(received);
            Assert.Equal(message.MessageId, delivered.MessageId);
            Assert.Equal("Nightly backup: Failure — äöü", delivered.Subject);
            Assert.Equal(new[] { "admin@example.com" }, delivered.To.Mailboxes.Select(m => m.Address));
            Assert.Equal(new[] { "ops@example.com" }, delivered.Cc.Mailboxes.Select(m => m.Address));
            Assert.Equal(new[] { "auditor@example.com" }, delivered.Bcc.Mailboxes.Select(m => m.Address));
            var attachment = Assert.Single(delivered.Attachments.OfType<MimePart>());
            Assert.Equal("backup.log", attachment.FileName);
            using (var content = new MemoryStream())
            {
                attachment.Content.DecodeTo(content);
                Assert.Equal("robocopy log\nline 2: äöü\n", Encoding.UTF8.GetString(content.ToArray()));
            }

            // Byte for byte what MimeKit writes with CRLF line ends.
            Assert.Equal(Written(message), received.Mime);

            Assert.Equal(message.MessageId, receipt.MessageId);
            Assert.Matches("^202 Accepted \\(request-id [0-9a-f-]{36}\\)$", receipt.ServerResponse);
            Assert.Empty(receipt.RejectedRecipients);
            Assert.Empty(receipt.DeferredRecipients);
            Assert.Equal(new[] { (TokenAudience.Graph, false) }, Tokens.Calls);
            AssertNoTokenAnywhere(receipt.ServerResponse);
        }

        [Fact]
        public void The_verbose_output_names_the_endpoint_mailbox_size_and_answer_but_never_the_token()
        {
            var message = Compose();

            Send(message);

            var verbose = string.Join("\n", Output.Verbose);
            Assert.Contains(Host.GraphEndpoint, verbose, StringComparison.Ordinal);
            Assert.Contains(UserName, verbose, StringComparison.Ordinal);
            Assert.Contains("POST " + Host.GraphEndpoint + "/v1.0/users/" + UserName + "/sendMail", verbose, StringComparison.Ordinal);
            Assert.Contains(MimeRequestContent.Measure(message).ToString("N0", System.Globalization.CultureInfo.CurrentCulture) + " bytes of MIME", verbose, StringComparison.Ordinal);
            Assert.Contains("Microsoft Graph accepted message " + message.MessageId + ": 202 Accepted", verbose, StringComparison.Ordinal);
            Assert.Contains("Mail.Send", verbose, StringComparison.Ordinal);
            Assert.Contains("SaveToSentItems off", verbose, StringComparison.Ordinal);
            Assert.Empty(Output.Warnings);
            AssertNoTokenAnywhere();
        }

        [Fact]
        public void Envelope_recipients_the_headers_do_not_name_are_added_as_Bcc_and_others_left_out()
        {
            var message = Compose("Partly delivered", null, "admin@example.com", "done@example.com");

            Send(message, envelope: new[] { "admin@example.com", "late@example.com" });

            var delivered = Parse(SingleReceived());
            Assert.Equal(message.MessageId, delivered.MessageId);
            Assert.Equal(new[] { "admin@example.com" }, delivered.To.Mailboxes.Select(m => m.Address));
            Assert.Equal(new[] { "late@example.com" }, delivered.Bcc.Mailboxes.Select(m => m.Address));

            // The caller's message is not changed.
            Assert.Equal(new[] { "admin@example.com", "done@example.com" }, message.To.Mailboxes.Select(m => m.Address));
            Assert.Empty(message.Bcc);
            Assert.Contains(Output.Verbose, line => line.Contains("late@example.com added as Bcc, done@example.com left out", StringComparison.Ordinal));
        }

        [Fact]
        public void An_envelope_naming_exactly_the_headers_sends_the_message_as_it_is()
        {
            var message = Compose("Everyone", null, "admin@example.com");
            message.Bcc.Add(MailboxAddress.Parse("auditor@example.com"));

            Send(message, envelope: new[] { "AUDITOR@example.com", "admin@example.com" });

            Assert.Equal(Written(message), SingleReceived().Mime);

            Assert.DoesNotContain(Output.Verbose, line => line.Contains("goes only to", StringComparison.Ordinal));
        }

        [Fact]
        public void A_pipeline_of_messages_goes_through_one_session_with_one_token()
        {
            TestDeadline.Run(() =>
            {
                using (var session = Transport.Open(Account()))
                {
                    for (var i = 0; i < 3; i++)
                    {
                        session.Send(Compose("Message " + i), null);
                    }
                }
            });

            Assert.Equal(new[] { "Message 0", "Message 1", "Message 2" }, Host.State.ReceivedGraphMessages().Select(m => Parse(m).Subject));
            Assert.Single(Tokens.Calls);
        }

        [Fact]
        public void A_delegated_token_sends_as_the_signed_in_user()
        {
            Tokens = new FakeTokenSource((n, forced) => Host.MintAccessToken(PublicClientId, GraphResource, scopes: new[] { "Mail.Send", "User.Read" }, username: UserName))
            {
                Roles = Array.Empty<string>(),
                Scopes = new[] { "Mail.Send", "User.Read" },
            };
            var account = Account();
            account.Authentication = BackupMail.Accounts.MailAuthentication.OAuthUser;
            account.ClientId = PublicClientId;

            Send(Compose("Delegated"), account);

            var received = SingleReceived();
            Assert.False(received.AppToken);
            Assert.Equal("Delegated", Parse(received).Subject);
        }

        // The message as MimeRequestContent writes it (CRLF line ends, Bcc kept), before base64.
        private static byte[] Written(MimeMessage message)
        {
            using (var stream = new MemoryStream())
            {
                message.WriteTo(MimeRequestContent.Options, stream);
                return stream.ToArray();
            }
        }
    }
}
