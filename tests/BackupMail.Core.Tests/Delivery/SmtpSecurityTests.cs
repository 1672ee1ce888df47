using System.Linq;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>STARTTLS, implicit TLS, certificate pinning and skipping against self-signed certificates.</summary>
    public sealed class SmtpSecurityTests : DeliveryTestBase
    {
        [Theory]
        [InlineData("sha256")]
        [InlineData("sha1")]
        [InlineData("sha256-lowercase-with-colons")]
        public void StartTlsWithThePinnedCertificateSends(string form)
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            var account = server.CreateAccount(MailSecurity.StartTls);
            account.CertificateThumbprint = form switch
            {
                "sha1" => server.CertificateSha1,
                "sha256" => server.CertificateSha256,
                _ => string.Join(":", Enumerable.Range(0, 32).Select(i => server.CertificateSha256.Substring(i * 2, 2))).ToLowerInvariant(),
            };

            Send(account, null);

            var received = Assert.Single(server.Messages);
            Assert.True(received.Secure);
            Assert.Equal("Tägliches Backup", received.Message.Subject);
            Assert.Contains(Output.Verbose, line => line.Contains("TLS") && line.Contains(server.Host));
            Assert.Empty(Output.Warnings);
        }

        [Fact]
        public void AnotherCertificateThanThePinnedOneIsRefused()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            using var other = TestCertificates.CreateSelfSigned("localhost");
            var account = server.CreateAccount(MailSecurity.StartTls);
            account.CertificateThumbprint = TestCertificates.Sha256(other);

            var error = SendFails(account, null);

            Assert.Equal("SmtpCertificateUntrusted", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.SecurityError, error.Kind);
            Assert.Contains("differs from the pinned one", error.Message);
            Assert.Contains(TestCertificates.Sha256(other), error.Message);
            Assert.Contains(server.CertificateSha256, error.Message);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void PinnedCertificateIsRefusedEvenWithSkipCertificateValidation()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            using var other = TestCertificates.CreateSelfSigned("localhost");
            var account = server.CreateAccount(MailSecurity.StartTls);
            account.CertificateThumbprint = TestCertificates.Sha1(other);
            account.SkipCertificateValidation = true;

            var error = SendFails(account, null);

            Assert.Equal("SmtpCertificateUntrusted", error.ErrorId);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void UntrustedCertificateWithoutPinShowsTheThumbprintAndTheCommandThatPinsIt()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            var account = server.CreateAccount(MailSecurity.StartTls, name: "Office");

            var error = SendFails(account, null);

            Assert.Equal("SmtpCertificateUntrusted", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.SecurityError, error.Kind);
            Assert.False(error.IsTransient);
            Assert.Contains("CN=localhost", error.Message);
            Assert.Contains("Set-BackupMailAccount -Name Office -CertificateThumbprint " + server.CertificateSha256, error.Message);
            Assert.Equal(server.CertificateSha256, error.Target);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void UntrustedCertificateMessageIsGermanUnderGermanCulture()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            using var german = Configuration.UiCulture.Use("de-DE");

            var error = SendFails(server.CreateAccount(MailSecurity.StartTls), null);

            Assert.Equal("SmtpCertificateUntrusted", error.ErrorId);
            Assert.Contains("wird nicht vertraut", error.Message);
            Assert.Contains("-CertificateThumbprint " + server.CertificateSha256, error.Message);
        }

        [Fact]
        public void SkipCertificateValidationSendsAndWarnsEveryTime()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            var account = server.CreateAccount(MailSecurity.StartTls);
            account.SkipCertificateValidation = true;

            Send(account, null);
            Send(account, null);

            Assert.Equal(2, server.Messages.Count);
            Assert.All(server.Messages, m => Assert.True(m.Secure));
            Assert.Equal(2, Output.Warnings.Count);
            Assert.All(Output.Warnings, warning =>
            {
                Assert.Contains("skips certificate validation", warning);
                Assert.Contains(server.CertificateSha256, warning);
            });
        }

        [Fact]
        public void ImplicitTlsSendsWithSslOnConnect()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.ImplicitTls, UserName = UserName, Password = Password });
            var account = server.CreateAccount(MailSecurity.SslOnConnect);
            account.CertificateThumbprint = server.CertificateSha256;

            Send(account, Credential());

            var received = Assert.Single(server.Messages);
            Assert.True(received.Secure);
            Assert.Equal(UserName, received.AuthenticatedUser);
        }

        [Fact]
        public void StartTlsRequiredButNotOfferedIsSmtpTlsFailed()
        {
            using var server = TestSmtpServer.Start();

            var error = SendFails(server.CreateAccount(MailSecurity.StartTls), null);

            Assert.Equal("SmtpTlsFailed", error.ErrorId);
            Assert.Contains("STARTTLS", error.Message);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void StartTlsWhenAvailableFallsBackToPlainText()
        {
            using var server = TestSmtpServer.Start();

            Send(server.CreateAccount(MailSecurity.StartTlsWhenAvailable), null);

            Assert.False(Assert.Single(server.Messages).Secure);
        }

        [Fact]
        public void AutoUsesStartTlsWhenTheServerOffersIt()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls });
            var account = server.CreateAccount(MailSecurity.Auto);
            account.CertificateThumbprint = server.CertificateSha256;

            Send(account, null);

            Assert.True(Assert.Single(server.Messages).Secure);
        }
    }
}
