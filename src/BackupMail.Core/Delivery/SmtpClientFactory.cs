using MailKit.Net.Smtp;

namespace BackupMail.Delivery
{
    /// <summary>The factory used outside tests: it makes <see cref="BackupMailSmtpClient"/>s.</summary>
    public sealed class SmtpClientFactory : ISmtpClientFactory
    {
        /// <summary>The shared instance.</summary>
        public static readonly SmtpClientFactory Default = new SmtpClientFactory();

        /// <inheritdoc />
        public ISmtpClient Create() => new BackupMailSmtpClient();
    }
}
