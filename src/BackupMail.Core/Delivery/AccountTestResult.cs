using System;

namespace BackupMail.Delivery
{
    /// <summary>What <c>Test-BackupMailAccount</c> learned about the server: nothing was sent.</summary>
    public sealed class AccountTestResult
    {
        /// <summary>The account's name.</summary>
        public string Account { get; set; }
        /// <summary>The server's host name.</summary>
        public string SmtpServer { get; set; }
        /// <summary>The port.</summary>
        public int Port { get; set; }
        /// <summary>The TLS protocol negotiated (e.g. Tls13), or null for a plain connection.</summary>
        public string TlsProtocol { get; set; }
        /// <summary>The server certificate's subject.</summary>
        public string CertificateSubject { get; set; }
        /// <summary>The server certificate's issuer.</summary>
        public string CertificateIssuer { get; set; }
        /// <summary>The server certificate's SHA-256 thumbprint (upper-case hex).</summary>
        public string CertificateThumbprint { get; set; }
        /// <summary>When the server certificate expires.</summary>
        public DateTime? CertificateExpires { get; set; }
        /// <summary>True when the server accepted the credentials; null for an anonymous account.</summary>
        public bool? Authenticated { get; set; }
        /// <summary>The user name used.</summary>
        public string UserName { get; set; }
        /// <summary>The server's SIZE limit in bytes (null when it announces none).</summary>
        public long? MaxMessageSize { get; set; }
        /// <summary>The server's greeting.</summary>
        public string Greeting { get; set; }
    }
}
