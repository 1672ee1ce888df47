using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BackupMail.Delivery.Graph
{
    /// <summary>What a Graph endpoint's certificate looked like: kept to say why it is not trusted, and for <c>Test-BackupMailAccount</c>.</summary>
    internal sealed class SeenCertificate
    {
        public SeenCertificate(X509Certificate2? certificate, SslPolicyErrors errors)
        {
            Certificate = certificate;
            Errors = errors;
            Sha256 = certificate == null ? null : BackupMail.Accounts.CertificateThumbprint.Sha256(certificate);
        }

        /// <summary>A copy of the certificate, or null when the server sent none.</summary>
        public X509Certificate2? Certificate { get; }

        /// <summary>What the system found wrong with it (None when it is trusted).</summary>
        public SslPolicyErrors Errors { get; }

        /// <summary>Its SHA-256 thumbprint, or null.</summary>
        public string? Sha256 { get; }
    }
}
