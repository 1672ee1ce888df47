using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Tests.Configuration;
using MailKit.Security;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>Diagnoses that need a server name no test server can have (the provider is known from it).</summary>
    public sealed class SmtpErrorDiagnosisTests
    {
        private static BackupMailException Refused(string smtpServer)
        {
            var account = new MailAccount { Name = "Mail", SmtpServer = smtpServer, Port = 587, Security = MailSecurity.StartTls };
            var diagnosis = new SmtpErrorDiagnosis(account, new ServerCertificateCheck(account), "someone@example.com");
            using (UiCulture.Use("en-US"))
            {
                return diagnosis.Diagnose(new AuthenticationException("535: 5.7.8 Username and Password not accepted"), SmtpPhase.Authenticate, false);
            }
        }

        [Theory]
        [InlineData("smtp.gmail.com", "Gmail", "myaccount.google.com/apppasswords")]
        [InlineData("smtp.mail.me.com", "iCloud", "App-Specific Passwords")]
        [InlineData("smtp.mail.yahoo.com", "Yahoo", "Generate app password")]
        public void AppPasswordProviderIsRecognisedByItsServerName(string server, string provider, string step)
        {
            var error = Refused(server);

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
            Assert.StartsWith(provider + " refused the password of 'someone@example.com'", error.Message);
            Assert.Contains("app-specific password", error.Message);
            Assert.Contains(step, error.Message);
            Assert.Contains("5.7.8 Username and Password not accepted", error.Message);
        }

        [Theory]
        [InlineData("smtp-mail.outlook.com")]
        [InlineData("mail.example.com")]
        public void OtherServersGetThePlainReenterAdvice(string server)
        {
            var error = Refused(server);

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
            Assert.DoesNotContain("app-specific", error.Message);
            Assert.Contains("Set-BackupMailAccount -Name Mail -Credential (Get-Credential)", error.Message);
        }
    }
}
