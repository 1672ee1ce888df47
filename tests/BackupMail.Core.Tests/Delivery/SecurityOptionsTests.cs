using BackupMail.Accounts;
using BackupMail.Delivery;
using MailKit.Security;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>Each -Security mode maps to the MailKit option of the same meaning.</summary>
    public sealed class SecurityOptionsTests
    {
        [Theory]
        [InlineData(MailSecurity.Auto, SecureSocketOptions.Auto)]
        [InlineData(MailSecurity.None, SecureSocketOptions.None)]
        [InlineData(MailSecurity.StartTls, SecureSocketOptions.StartTls)]
        [InlineData(MailSecurity.StartTlsWhenAvailable, SecureSocketOptions.StartTlsWhenAvailable)]
        [InlineData(MailSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
        public void MapsToMailKit(MailSecurity security, SecureSocketOptions expected) =>
            Assert.Equal(expected, SmtpConnector.SecurityOptions(security));
    }
}
