using System;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>
    /// Issue 11 §2: a credential goes only over TLS. A server that offers AUTH but no STARTTLS (or a man in the middle
    /// who removed STARTTLS from its reply) gets no AUTH, unless the account allows it by name.
    /// </summary>
    public sealed class SmtpTlsRequiredTests : DeliveryTestBase
    {
        // AUTH offered, STARTTLS not: what a stripped EHLO reply looks like.
        private static string NoStartTls(string command)
        {
            var verb = command.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO": return "250-scripted.example\r\n250-AUTH PLAIN LOGIN\r\n250-SIZE 1000000\r\n250 8BITMIME";
                case "AUTH": return "235 2.7.0 Authentication successful";
                default: return ScriptedSmtpServer.StandardReply(command);
            }
        }

        private static MailAccount AccountFor(ScriptedSmtpServer server, MailSecurity security, bool allowInsecure = false) => new MailAccount
        {
            Name = "Office",
            SmtpServer = server.Host,
            Port = server.Port,
            Security = security,
            From = "backup@example.com",
            UserName = UserName,
            SecretName = "BackupMail-Office",
            TimeoutSeconds = 5,
            AllowInsecureAuthentication = allowInsecure,
        };

        private static bool IsAuth(string command) => command.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase);

        [Theory]
        [InlineData(MailSecurity.Auto)]
        [InlineData(MailSecurity.StartTlsWhenAvailable)]
        [InlineData(MailSecurity.None)]
        public void WithoutTlsTheCredentialIsNotSentAndTheErrorSaysHowToFixIt(MailSecurity security)
        {
            using var server = ScriptedSmtpServer.Conversation(NoStartTls);

            var error = SendFails(AccountFor(server, security), Credential());

            Assert.Equal("SmtpTlsRequiredForAuthentication", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.SecurityError, error.Kind);
            Assert.Contains("STARTTLS", error.Message);
            Assert.Contains("Set-BackupMailAccount -Name Office -AllowInsecureAuthentication", error.Message);
            Assert.Contains(server.Commands, c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(server.Commands, IsAuth);
            Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(VisibleTexts(error), text => text.Contains(Password));
            Assert.True(global::BackupMail.Outbox.OutboxPolicy.ShouldQueue(error));
        }

        [Fact]
        public void TestBackupMailAccountRefusesToo()
        {
            using var server = ScriptedSmtpServer.Conversation(NoStartTls);

            var error = TestDeadline.Throws<BackupMailException>(() => Connector.Test(AccountFor(server, MailSecurity.Auto), Credential()));

            Assert.Equal("SmtpTlsRequiredForAuthentication", error.ErrorId);
            Assert.DoesNotContain(server.Commands, IsAuth);
        }

        [Theory]
        [InlineData(MailSecurity.Auto)]
        [InlineData(MailSecurity.None)]
        public void AllowInsecureAuthenticationSendsTheCredentialAndTheMessage(MailSecurity security)
        {
            using var server = ScriptedSmtpServer.Conversation(NoStartTls);

            var receipt = Send(AccountFor(server, security, allowInsecure: true), Credential());

            Assert.Contains("queued as 12345", receipt.ServerResponse);
            Assert.Single(server.Commands, IsAuth);
            Assert.Contains(server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(Output.Verbose, line => line.Contains("unencrypted") && line.Contains("Office"));
        }

        [Fact]
        public void AnAnonymousAccountStillSendsWithoutTls()
        {
            using var server = ScriptedSmtpServer.Conversation(NoStartTls);

            var receipt = Send(AccountFor(server, MailSecurity.Auto), null);

            Assert.Contains("queued as 12345", receipt.ServerResponse);
            Assert.DoesNotContain(server.Commands, IsAuth);
        }
    }
}
