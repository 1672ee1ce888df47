using System.Net;

namespace BackupMail.Accounts
{
    /// <summary>
    /// What <c>Set-BackupMailAccount</c> was given. A null property means "not given": a new account
    /// takes the default (or the provider's preset), an existing one keeps its value.
    /// </summary>
    public sealed class AccountSettings
    {
        /// <summary>The account's name.</summary>
        public string Name { get; set; } = "Default";
        /// <summary>A provider preset that fills server, port and security.</summary>
        public MailProvider? Provider { get; set; }
        /// <summary>The SMTP server.</summary>
        public string SmtpServer { get; set; }
        /// <summary>The port; default follows <see cref="Security"/> (587 StartTls, 465 SslOnConnect, 25 otherwise).</summary>
        public int? Port { get; set; }
        /// <summary>How the connection is secured (default Auto).</summary>
        public MailSecurity? Security { get; set; }
        /// <summary>The sender address.</summary>
        public string From { get; set; }
        /// <summary>User name and password; stored in the vault. Null keeps the stored one (or none).</summary>
        public NetworkCredential Credential { get; set; }
        /// <summary>The vault; null for the default vault.</summary>
        public string Vault { get; set; }
        /// <summary>The secret's name (default <c>BackupMail-&lt;Name&gt;</c>).</summary>
        public string SecretName { get; set; }
        /// <summary>Accept any certificate.</summary>
        public bool? SkipCertificateValidation { get; set; }
        /// <summary>Pin the server certificate's SHA-1 or SHA-256 thumbprint; empty string removes the pin.</summary>
        public string CertificateThumbprint { get; set; }
        /// <summary>Send the credential over an unencrypted connection too (default false).</summary>
        public bool? AllowInsecureAuthentication { get; set; }
        /// <summary>Connect and command timeout in seconds (default 30).</summary>
        public int? TimeoutSeconds { get; set; }
    }
}
