using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using BackupMail.Accounts;

namespace BackupMail.Delivery
{
    /// <summary>What the certificate check decided for one connection.</summary>
    internal enum CertificateVerdict
    {
        /// <summary>No certificate was presented (a plain connection, or the handshake failed earlier).</summary>
        NotSeen,
        /// <summary>The system trusts it and its name matches.</summary>
        Trusted,
        /// <summary>It is exactly the pinned certificate.</summary>
        Pinned,
        /// <summary>A thumbprint is pinned and this certificate is a different one.</summary>
        PinMismatch,
        /// <summary>No pin, no skip, and the system does not trust it.</summary>
        Untrusted,
        /// <summary>Accepted without a check because the account skips validation.</summary>
        Skipped,
    }

    /// <summary>
    /// The server certificate policy of one connection: a pinned thumbprint accepts exactly that
    /// certificate (whatever the system trusts); SkipCertificateValidation accepts any; otherwise only a
    /// certificate without any <see cref="SslPolicyErrors"/>. It remembers the certificate it saw, so
    /// errors and <c>Test-BackupMailAccount</c> can show it.
    /// </summary>
    internal sealed class ServerCertificateCheck
    {
        private readonly string? _pinnedThumbprint;
        private readonly bool _skip;

        public ServerCertificateCheck(MailAccount account)
        {
            _pinnedThumbprint = string.IsNullOrWhiteSpace(account.CertificateThumbprint)
                ? null
                : CertificateThumbprint.Normalize(account.CertificateThumbprint);
            _skip = account.SkipCertificateValidation;
        }

        /// <summary>The normalized pinned thumbprint, or null.</summary>
        public string? PinnedThumbprint => _pinnedThumbprint;

        /// <summary>A copy of the certificate the server presented, or null.</summary>
        public X509Certificate2? Certificate { get; private set; }

        /// <summary>The SHA-256 thumbprint of <see cref="Certificate"/>, or null.</summary>
        public string? Sha256 { get; private set; }

        /// <summary>The errors the system found with the certificate.</summary>
        public SslPolicyErrors PolicyErrors { get; private set; }

        /// <summary>The decision.</summary>
        public CertificateVerdict Verdict { get; private set; }

        /// <summary>The <see cref="RemoteCertificateValidationCallback"/>.</summary>
        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors sslPolicyErrors)
        {
            PolicyErrors = sslPolicyErrors;
            if (certificate == null)
            {
                Verdict = CertificateVerdict.Untrusted;
                return false;
            }

            // Copy it: the handshake's object may be disposed once the callback returns.
            Certificate = new X509Certificate2(certificate.GetRawCertData());
            Sha256 = CertificateThumbprint.Sha256(Certificate);

            if (_pinnedThumbprint != null)
            {
                Verdict = CertificateThumbprint.Matches(Certificate, _pinnedThumbprint) ? CertificateVerdict.Pinned : CertificateVerdict.PinMismatch;
            }
            else if (_skip)
            {
                Verdict = CertificateVerdict.Skipped;
            }
            else
            {
                Verdict = sslPolicyErrors == SslPolicyErrors.None ? CertificateVerdict.Trusted : CertificateVerdict.Untrusted;
            }

            return Verdict == CertificateVerdict.Trusted || Verdict == CertificateVerdict.Pinned || Verdict == CertificateVerdict.Skipped;
        }
    }
}
