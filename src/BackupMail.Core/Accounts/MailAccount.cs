namespace BackupMail.Accounts
{
    /// <summary>A stored SMTP account. It never holds a password: that lives in a SecretManagement vault.</summary>
    public sealed class MailAccount
    {
        /// <summary>The account's name (default <c>Default</c>).</summary>
        public string Name { get; set; } = "Default";

        /// <summary>The provider preset the account was made from, or Custom.</summary>
        public MailProvider Provider { get; set; } = MailProvider.Custom;

        /// <summary>The SMTP server's host name.</summary>
        public string SmtpServer { get; set; }

        /// <summary>The SMTP port.</summary>
        public int Port { get; set; } = 25;

        /// <summary>How the connection is secured.</summary>
        public MailSecurity Security { get; set; } = MailSecurity.Auto;

        /// <summary>The sender address.</summary>
        public string From { get; set; }

        /// <summary>The user name to authenticate with; null for an anonymous relay.</summary>
        public string UserName { get; set; }

        /// <summary>The SecretManagement vault that holds the password; null for the default vault.</summary>
        public string Vault { get; set; }

        /// <summary>The name of the secret that holds the password; null for an anonymous relay.</summary>
        public string SecretName { get; set; }

        /// <summary>Accept any server certificate (a warning is written every time this is used).</summary>
        public bool SkipCertificateValidation { get; set; }

        /// <summary>Accept exactly the server certificate with this SHA-1 or SHA-256 thumbprint (normalized hex).</summary>
        public string CertificateThumbprint { get; set; }

        /// <summary>
        /// Send the credential even over an unencrypted connection (no TLS offered, or <see cref="MailSecurity.None"/>).
        /// Off by default: without it a credential goes only over TLS.
        /// </summary>
        public bool AllowInsecureAuthentication { get; set; }

        /// <summary>Bounds each phase of the SMTP exchange (connect with TLS and authentication; each message up to the server's answer), in seconds.</summary>
        public int TimeoutSeconds { get; set; } = 30;

        /// <summary>True when the account authenticates (it has a stored secret).</summary>
        public bool HasCredential => !string.IsNullOrEmpty(SecretName);

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<BackupMail.Configuration.UnknownJsonProperty> UnknownProperties { get; set; }
    }
}
