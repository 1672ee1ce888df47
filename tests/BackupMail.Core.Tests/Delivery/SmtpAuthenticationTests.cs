using System.Linq;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>AUTH against the in-process server: success, refusal, app-password advice, no AUTH offered.</summary>
    public sealed class SmtpAuthenticationTests : DeliveryTestBase
    {
        private static TestSmtpServerOptions Secured() => new TestSmtpServerOptions
        {
            Tls = TestSmtpTls.StartTls,
            UserName = UserName,
            Password = Password,
            AuthenticationRequired = true,
            AllowAuthenticationWithoutTls = false,
        };

        private static MailAccount PinnedAccount(TestSmtpServer server)
        {
            var account = server.CreateAccount(MailSecurity.StartTls, name: "Office");
            account.CertificateThumbprint = server.CertificateSha256;
            return account;
        }

        [Fact]
        public void RightPasswordAuthenticatesAndSends()
        {
            using var server = TestSmtpServer.Start(Secured());

            Send(PinnedAccount(server), Credential());

            var received = Assert.Single(server.Messages);
            Assert.Equal(UserName, received.AuthenticatedUser);
            Assert.Contains(Output.Verbose, line => line.Contains("Authenticated as " + UserName));
            Assert.DoesNotContain(Output.All, line => line.Contains(Password));
        }

        [Fact]
        public void WrongPasswordIsSmtpAuthenticationFailedWithTheCommandToReenterIt()
        {
            using var server = TestSmtpServer.Start(Secured());

            var error = SendFails(PinnedAccount(server), Credential(WrongPassword));

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.AuthenticationError, error.Kind);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery); // waits in the outbox until the password is fixed
            Assert.Contains("Set-BackupMailAccount -Name Office -Credential (Get-Credential)", error.Message);
            Assert.Contains("'" + UserName + "'", error.Message);
            Assert.DoesNotContain("app-specific", error.Message);
            Assert.NotEmpty(server.AuthenticationAttempts);
            Assert.All(server.AuthenticationAttempts, user => Assert.Equal(UserName, user));
            Assert.Empty(server.Messages);
            Assert.DoesNotContain(VisibleTexts(error), text => text.Contains(WrongPassword) || text.Contains(Password));
        }

        [Theory]
        [InlineData(MailProvider.Gmail, "myaccount.google.com/apppasswords")]
        [InlineData(MailProvider.ICloud, "App-Specific Passwords")]
        [InlineData(MailProvider.Yahoo, "Generate app password")]
        public void WrongPasswordAtAnAppPasswordProviderExplainsAppPasswords(MailProvider provider, string step)
        {
            using var server = TestSmtpServer.Start(Secured());
            var account = PinnedAccount(server);
            account.Provider = provider;

            var error = SendFails(account, Credential(WrongPassword));

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
            Assert.Contains("app-specific password", error.Message);
            Assert.Contains(step, error.Message);
            Assert.Contains("Set-BackupMailAccount -Name Office -Credential (Get-Credential)", error.Message);
            Assert.DoesNotContain(VisibleTexts(error), text => text.Contains(WrongPassword));
        }

        [Fact]
        public void NoPasswordAppearsInAnyOutputOrErrorOfTestSendAndRefusal()
        {
            using var server = TestSmtpServer.Start(Secured());
            var account = PinnedAccount(server);

            TestDeadline.Run(() => Connector.Test(account, Credential()));
            Send(account, Credential());
            var error = SendFails(account, Credential(WrongPassword));

            Assert.NotEmpty(Output.Verbose);
            Assert.DoesNotContain(VisibleTexts(error), text => text.Contains(Password) || text.Contains(WrongPassword));
        }

        [Fact]
        public void CredentialForAServerThatOffersNoAuthIsSmtpAuthenticationNotSupported()
        {
            // AUTH is offered only after STARTTLS, and the account never starts TLS.
            using var server = TestSmtpServer.Start(Secured());
            var account = server.CreateAccount(MailSecurity.None);

            var error = SendFails(account, Credential());

            Assert.Equal("SmtpAuthenticationNotSupported", error.ErrorId);
            Assert.Contains("StartTls", error.Message);
            Assert.Empty(server.AuthenticationAttempts);
        }

        [Fact]
        public void AnonymousSendToAServerThatRequiresAuthenticationIsRefused()
        {
            using var server = TestSmtpServer.Start(Secured());

            var error = SendFails(PinnedAccount(server), null);

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
            Assert.Contains("has no credential", error.Message);
            Assert.Contains("Set-BackupMailAccount -Name Office -Credential (Get-Credential)", error.Message);
            Assert.Empty(server.Messages);
        }
    }
}
