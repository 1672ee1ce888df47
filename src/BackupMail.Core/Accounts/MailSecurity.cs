namespace BackupMail.Accounts
{
    /// <summary>How the SMTP connection is secured.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum MailSecurity : long
    {
        /// <summary>Implicit TLS on port 465, otherwise STARTTLS when the server offers it.</summary>
        Auto,
        /// <summary>Plain text, never TLS.</summary>
        None,
        /// <summary>STARTTLS, required.</summary>
        StartTls,
        /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
        StartTlsWhenAvailable,
        /// <summary>TLS from the first byte (usually port 465).</summary>
        SslOnConnect,
    }
}
