using System;

namespace BackupMail.Delivery
{
    /// <summary>What <c>Test-BackupMailAccount</c> learned about the server: nothing was sent.</summary>
    public sealed class AccountTestResult
    {
        /// <summary>The account's name.</summary>
        public string? Account { get; set; }
        /// <summary>The server's host name.</summary>
        public string? SmtpServer { get; set; }
        /// <summary>The port.</summary>
        public int Port { get; set; }
        /// <summary>The TLS protocol negotiated (e.g. Tls13), or null for a plain connection.</summary>
        public string? TlsProtocol { get; set; }
        /// <summary>The server certificate's subject.</summary>
        public string? CertificateSubject { get; set; }
        /// <summary>The server certificate's issuer.</summary>
        public string? CertificateIssuer { get; set; }
        /// <summary>The server certificate's SHA-256 thumbprint (upper-case hex).</summary>
        public string? CertificateThumbprint { get; set; }
        /// <summary>When the server certificate expires.</summary>
        public DateTime? CertificateExpires { get; set; }
        /// <summary>True when the server accepted the credentials; null for an anonymous account.</summary>
        public bool? Authenticated { get; set; }
        /// <summary>The user name used.</summary>
        public string? UserName { get; set; }
        /// <summary>The server's SIZE limit in bytes (null when it announces none).</summary>
        public long? MaxMessageSize { get; set; }
        /// <summary>The server's greeting (SMTP).</summary>
        public string? Greeting { get; set; }
        /// <summary>How the account sends: Smtp or Graph.</summary>
        public BackupMail.Accounts.MailTransportKind Transport { get; set; }
        /// <summary>How the account authenticates.</summary>
        public BackupMail.Accounts.MailAuthentication Authentication { get; set; }
        /// <summary>OAuth: when the access token used expires (the token itself is never shown).</summary>
        public DateTimeOffset? TokenExpiresOn { get; set; }
        /// <summary>OAuth: the permissions the token carries (its roles for an application, its scopes for a user).</summary>
        public string[]? TokenPermissions { get; set; }
        /// <summary>OAuth: true when the token came from the cache in the vault, without asking the identity provider.</summary>
        public bool? TokenFromCache { get; set; }
        /// <summary>Graph: the endpoint used (e.g. https://graph.microsoft.com).</summary>
        public string? GraphEndpoint { get; set; }
        /// <summary>Graph: the sender mailbox as Graph knows it (its user principal name or address).</summary>
        public string? Mailbox { get; set; }
    }
}
