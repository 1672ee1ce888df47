using System;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>
    /// Issue 12 §6, the SMTP rows: when Exchange Online says that no password can work, the error says so (entering the
    /// password again, as SmtpAuthenticationFailed advises, would not help) and the notification waits in the outbox.
    /// </summary>
    public sealed class MicrosoftRefusalTests : DeliveryTestBase
    {
        [Theory]
        [InlineData("535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]", "SmtpBasicAuthenticationDisabled", "OAuth")]
        [InlineData("550 5.7.30 Basic authentication is not supported for Client Submission.", "SmtpBasicAuthenticationDisabled", "OAuth")]
        [InlineData("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.", "SmtpClientAuthenticationDisabled", "Set-CASMailbox -Identity 'backup-user' -SmtpClientAuthenticationDisabled $false")]
        public void A_refusal_no_password_can_fix_has_its_own_ID_and_says_what_to_do(string reply, string errorId, string advice)
        {
            using var server = ScriptedSmtpServer.Conversation(command =>
            {
                switch (command.Split(' ')[0].ToUpperInvariant())
                {
                    case "EHLO": return "250-outlook.example\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000000";
                    case "AUTH": return reply;
                    default: return ScriptedSmtpServer.StandardReply(command);
                }
            });

            var error = SendFails(Account(server), Credential());

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(BackupMailErrorKind.AuthenticationError, error.Kind);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery); // queued, not lost
            Assert.Contains(advice, error.Message);
            Assert.DoesNotContain("Enter the password again", error.Message);
            Assert.DoesNotContain(VisibleTexts(error), text => text.Contains(Password));
        }

        [Fact]
        public void An_ordinary_wrong_password_is_still_SmtpAuthenticationFailed()
        {
            using var server = ScriptedSmtpServer.Conversation(command =>
                command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) ? "250-outlook.example\r\n250 AUTH PLAIN LOGIN"
                : command.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) ? "535 5.7.3 Authentication unsuccessful"
                : ScriptedSmtpServer.StandardReply(command));

            Assert.Equal("SmtpAuthenticationFailed", SendFails(Account(server), Credential()).ErrorId);
        }

        // A scripted server speaks no TLS: the account opts in to sending its password in clear text, for the test only.
        private static MailAccount Account(ScriptedSmtpServer server) => new MailAccount
        {
            Name = "Office",
            SmtpServer = server.Host,
            Port = server.Port,
            Security = MailSecurity.None,
            From = "backup@example.com",
            UserName = UserName,
            SecretName = "BackupMail-Office",
            TimeoutSeconds = 5,
            AllowInsecureAuthentication = true,
        };
    }
}
