using System;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>The conversation itself, against a scripted server that records every command.</summary>
    public sealed class SmtpConversationTests : DeliveryTestBase
    {
        private static MailAccount AccountFor(ScriptedSmtpServer server, int timeoutSeconds = 5) =>
            new MailAccount { Name = "Test", SmtpServer = server.Host, Port = server.Port, Security = MailSecurity.None, TimeoutSeconds = timeoutSeconds };

        [Fact]
        public void SendReturnsTheServersReplyToDataAndDisposeSaysQuit()
        {
            using var server = ScriptedSmtpServer.Conversation(ScriptedSmtpServer.StandardReply);

            var receipt = Send(AccountFor(server), null, Message(to: new[] { "admin@example.com", "ops@example.com" }));

            Assert.Contains("queued as 12345", receipt.ServerResponse);
            var verbs = server.Commands.Select(c => c.Split(' ', ':')[0].ToUpperInvariant()).ToArray();
            Assert.Equal(new[] { "EHLO", "MAIL", "RCPT", "RCPT", "DATA", ".", "QUIT" }, verbs);
            Assert.Contains(Output.Verbose, line => line.Contains(receipt.MessageId) && line.Contains("queued as 12345"));
        }

        [Fact]
        public void TestReportsAMultiLineGreetingAndTheSizeLimit()
        {
            using var server = ScriptedSmtpServer.Conversation(ScriptedSmtpServer.StandardReply, "220-scripted.example ESMTP\r\n220 no UCE");

            var result = TestDeadline.Run(() => Connector.Test(AccountFor(server), null));

            Assert.Equal("220-scripted.example ESMTP 220 no UCE", result.Greeting);
            Assert.Equal(1_000_000, result.MaxMessageSize);
            Assert.DoesNotContain("MAIL", server.Commands.Select(c => c.Split(' ')[0]));
            Assert.Equal("QUIT", server.Commands.Last());
        }

        [Fact]
        public void ServerThatNeverAnswersTheEndOfDataIsSmtpConnectionLostAfterTheTimeout()
        {
            using var server = ScriptedSmtpServer.Conversation(command => command == "." ? ScriptedSmtpServer.Silence : ScriptedSmtpServer.StandardReply(command));

            var error = SendFails(AccountFor(server, timeoutSeconds: 2), null);

            Assert.Equal("SmtpConnectionLost", error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.Contains("within 2 seconds", error.Message);
        }

        [Fact]
        public void ServerThatHangsUpAfterTheMessageIsSmtpConnectionLost()
        {
            using var server = ScriptedSmtpServer.Conversation(command => command == "." ? ScriptedSmtpServer.HangUp : ScriptedSmtpServer.StandardReply(command));

            var error = SendFails(AccountFor(server), null);

            Assert.Equal("SmtpConnectionLost", error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
        }

        [Fact]
        public void RefusedSenderIsSmtpMessageRejectedNamingTheAddressAndTheFix()
        {
            using var server = ScriptedSmtpServer.Conversation(command =>
                command.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase) ? "553 5.7.1 Sender address rejected: not owned by user" : ScriptedSmtpServer.StandardReply(command));

            var error = SendFails(AccountFor(server), null);

            Assert.Equal("SmtpMessageRejected", error.ErrorId);
            Assert.False(error.IsTransient);
            Assert.Contains("backup@example.com", error.Message);
            Assert.Contains("not owned by user", error.Message);
            Assert.Contains("-From", error.Message);
        }

        [Fact]
        public void TemporaryAuthenticationFailureIsSmtpServerBusy()
        {
            using var server = ScriptedSmtpServer.Conversation(command =>
            {
                if (command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                {
                    return "250-scripted.example\r\n250 AUTH PLAIN";
                }

                return command.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase)
                    ? "454 4.7.0 Temporary authentication failure"
                    : ScriptedSmtpServer.StandardReply(command);
            });

            // A scripted server speaks no TLS: the account opts in to a password over plain text.
            var account = AccountFor(server);
            account.AllowInsecureAuthentication = true;

            var error = SendFails(account, Credential());

            Assert.Equal("SmtpServerBusy", error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.DoesNotContain(VisibleTexts(error), text => text.Contains(Password));
        }
    }
}
