using MailKit.Net.Smtp;

namespace BackupMail.Delivery
{
    /// <summary>Creates MailKit SMTP clients, so tests can point delivery anywhere (or record the conversation).</summary>
    public interface ISmtpClientFactory
    {
        /// <summary>A new, unconnected client.</summary>
        ISmtpClient Create();
    }
}
