using System;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary><c>SmtpConnector.Test</c>: what Test-BackupMailAccount reports, sending nothing.</summary>
    public sealed class SmtpAccountTestTests : DeliveryTestBase
    {
        [Fact]
        public void TestReportsTlsCertificateAuthenticationAndSizeAndSendsNothing()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions
            {
                Tls = TestSmtpTls.StartTls,
                UserName = UserName,
                Password = Password,
                MaxMessageSize = 10_485_760,
            });
            var account = server.CreateAccount(MailSecurity.StartTls, name: "Office");
            account.CertificateThumbprint = server.CertificateSha1;

            var result = TestDeadline.Run(() => Connector.Test(account, Credential()));

            Assert.Equal("Office", result.Account);
            Assert.Equal(server.Host, result.SmtpServer);
            Assert.Equal(server.Port, result.Port);
            Assert.StartsWith("Tls", result.TlsProtocol);
            Assert.Equal(server.CertificateSha256, result.CertificateThumbprint);
            Assert.Contains("CN=localhost", result.CertificateSubject);
            Assert.Contains("CN=localhost", result.CertificateIssuer);
            Assert.Equal(server.Certificate.NotAfter, result.CertificateExpires);
            Assert.True(result.Authenticated);
            Assert.Equal(UserName, result.UserName);
            Assert.Equal(10_485_760, result.MaxMessageSize);
            Assert.StartsWith("220 ", result.Greeting);
            Assert.Equal(new[] { UserName }, server.AuthenticationAttempts);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void TestOfAPlainAnonymousAccountReportsNoTlsAndNoAuthentication()
        {
            using var server = TestSmtpServer.Start();

            var result = TestDeadline.Run(() => Connector.Test(server.CreateAccount(MailSecurity.None), null));

            Assert.Null(result.TlsProtocol);
            Assert.Null(result.CertificateThumbprint);
            Assert.Null(result.Authenticated);
            Assert.Null(result.MaxMessageSize);
            Assert.Empty(server.Messages);
        }

        [Fact]
        public void TestWithAWrongPasswordThrowsLikeConnect()
        {
            using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls, UserName = UserName, Password = Password });
            var account = server.CreateAccount(MailSecurity.StartTls);
            account.CertificateThumbprint = server.CertificateSha256;

            var error = TestDeadline.Throws<BackupMailException>(() => Connector.Test(account, Credential(WrongPassword)));

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
        }
    }
}
