using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// A certificate authority for tests: an ECDSA P-256 root that issues TLS server certificates for
    /// <c>localhost</c>, 127.0.0.1 and ::1, and RSA client certificates (for OAuth apps that authenticate
    /// with a certificate). Processes trust it through <c>SSL_CERT_FILE</c> pointing at <see cref="TrustFileName"/>.
    /// </summary>
    public sealed class TestCertificateAuthority : IDisposable
    {
        /// <summary>The CA certificate (PEM) in the CA directory.</summary>
        public const string CertificateFileName = "ca.pem";
        /// <summary>The CA certificate with its private key (PKCS#12, no password) in the CA directory.</summary>
        public const string KeyFileName = "ca.pfx";
        /// <summary>The system bundle followed by the CA certificate: what SSL_CERT_FILE names.</summary>
        public const string TrustFileName = "trust.pem";
        /// <summary>The environment variable naming the CA directory.</summary>
        public const string DirectoryVariable = "BACKUPMAIL_TEST_CA";
        /// <summary>Where Debian-like systems keep the system trust bundle.</summary>
        public const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";

        private TestCertificateAuthority(X509Certificate2 certificate, string directory)
        {
            Certificate = certificate;
            Directory = directory;
        }

        /// <summary>The CA certificate, with its private key.</summary>
        public X509Certificate2 Certificate { get; }

        /// <summary>The directory the CA was loaded from or written to (null for an in-memory CA).</summary>
        public string Directory { get; }

        /// <summary>The CA certificate as PEM.</summary>
        public string CertificatePem => Certificate.ExportCertificatePem();

        /// <summary>A new CA in memory only.</summary>
        public static TestCertificateAuthority CreateInMemory() => new TestCertificateAuthority(CreateRoot(), null);

        /// <summary>
        /// Loads the CA in <paramref name="directory"/>, or creates it there when there is none (or it expires within a day).
        /// Writes ca.pem, ca.pfx and trust.pem; safe to call again and from several processes (files are replaced atomically).
        /// </summary>
        public static TestCertificateAuthority CreateOrLoad(string directory)
        {
            System.IO.Directory.CreateDirectory(directory);
            var pfx = Path.Combine(directory, KeyFileName);
            X509Certificate2 root = null;
            if (File.Exists(pfx))
            {
                try
                {
                    root = X509CertificateLoader.LoadPkcs12FromFile(pfx, null, X509KeyStorageFlags.Exportable);
                    if (!root.HasPrivateKey || root.NotAfter < DateTime.Now.AddDays(1)) { root.Dispose(); root = null; }
                }
                catch (CryptographicException)
                {
                    root = null;
                }
            }
            if (root == null)
            {
                root = CreateRoot();
                WriteAtomically(pfx, root.Export(X509ContentType.Pfx));
            }
            var pem = Encoding.ASCII.GetBytes(root.ExportCertificatePem() + "\n");
            WriteIfDifferent(Path.Combine(directory, CertificateFileName), pem);
            using (var trust = new MemoryStream())
            {
                if (File.Exists(SystemBundle))
                {
                    var system = File.ReadAllBytes(SystemBundle);
                    trust.Write(system, 0, system.Length);
                    if (system.Length > 0 && system[system.Length - 1] != (byte)'\n') trust.WriteByte((byte)'\n');
                }
                trust.Write(pem, 0, pem.Length);
                WriteIfDifferent(Path.Combine(directory, TrustFileName), trust.ToArray());
            }
            return new TestCertificateAuthority(root, Path.GetFullPath(directory));
        }

        /// <summary>Loads an existing CA from <paramref name="directory"/> (its ca.pfx).</summary>
        /// <exception cref="InvalidOperationException">There is no CA there.</exception>
        public static TestCertificateAuthority Load(string directory)
        {
            var pfx = Path.Combine(directory, KeyFileName);
            if (!File.Exists(pfx))
            {
                throw new InvalidOperationException(
                    $"There is no test CA in '{directory}' ({KeyFileName} is missing). Make one with 'dotnet BackupMail.OAuthDoubles.dll --make-ca <dir>'.");
            }
            return new TestCertificateAuthority(X509CertificateLoader.LoadPkcs12FromFile(pfx, null, X509KeyStorageFlags.Exportable), Path.GetFullPath(directory));
        }

        /// <summary>The CA named by <c>BACKUPMAIL_TEST_CA</c>, or null when that variable is not set.</summary>
        public static TestCertificateAuthority FromEnvironment()
        {
            var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
            return string.IsNullOrEmpty(directory) ? null : Load(directory);
        }

        /// <summary>A TLS server certificate for localhost, 127.0.0.1 and ::1 (plus <paramref name="extraDnsNames"/>), with its key.</summary>
        public X509Certificate2 IssueServerCertificate(params string[] extraDnsNames) => IssueServerCertificate(null, extraDnsNames);

        /// <summary>
        /// A TLS server certificate for localhost, 127.0.0.1 and ::1, naming <paramref name="crlUrl"/> (an http:// URL that
        /// serves <see cref="CreateCrl"/>) as its CRL distribution point, so clients that check revocation (MailKit does
        /// by default) can. Null: no distribution point.
        /// </summary>
        public X509Certificate2 IssueServerCertificate(string crlUrl, params string[] extraDnsNames)
        {
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                var request = new CertificateRequest("CN=localhost, O=BackupMail Test Doubles", key, HashAlgorithmName.SHA256);
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName("localhost");
                foreach (var name in extraDnsNames ?? Array.Empty<string>()) names.AddDnsName(name);
                names.AddIpAddress(IPAddress.Loopback);
                names.AddIpAddress(IPAddress.IPv6Loopback);
                request.CertificateExtensions.Add(names.Build());
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
                if (crlUrl != null) request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(new[] { crlUrl }));
                return Issue(request, key, 30);
            }
        }

        /// <summary>
        /// An RSA 2048 client certificate with its private key, as an OAuth confidential client uses it
        /// (<c>WithCertificate</c>); register its public part with the identity provider double.
        /// </summary>
        public X509Certificate2 IssueClientCertificate(string subjectName = "CN=BackupMail Test Client", int validDays = 30)
        {
            using (var key = RSA.Create(2048))
            {
                var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, false));
                request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
                return Issue(request, key, validDays);
            }
        }

        /// <summary>An empty CRL (DER) signed by the CA, valid for 7 days: nothing this CA issued is revoked.</summary>
        public byte[] CreateCrl()
        {
            var now = DateTimeOffset.UtcNow;
            return new CertificateRevocationListBuilder().Build(Certificate, new System.Numerics.BigInteger(now.ToUnixTimeSeconds()), now.AddDays(7), HashAlgorithmName.SHA256, null, now.AddMinutes(-5));
        }

        private X509Certificate2 Issue(CertificateRequest request, AsymmetricAlgorithm key, int validDays)
        {
            var now = DateTimeOffset.UtcNow;
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            var notAfter = now.AddDays(validDays);
            if (notAfter > Certificate.NotAfter) notAfter = Certificate.NotAfter;
            using (var caKey = Certificate.GetECDsaPrivateKey())
            using (var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddHours(-1), notAfter, serial))
            using (var withKey = key is RSA rsa ? issued.CopyWithPrivateKey(rsa) : issued.CopyWithPrivateKey((ECDsa)key))
            {
                // A round trip through PKCS#12 gives a key SslStream can use on every platform.
                return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
            }
        }

        private static X509Certificate2 CreateRoot()
        {
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                var request = new CertificateRequest(
                    $"CN=BackupMail Test CA {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}, O=BackupMail Test Doubles", key, HashAlgorithmName.SHA256);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                var now = DateTimeOffset.UtcNow;
                using (var root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5)))
                {
                    return X509CertificateLoader.LoadPkcs12(root.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
                }
            }
        }

        private static void WriteIfDifferent(string path, byte[] content)
        {
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) return;
            WriteAtomically(path, content);
        }

        private static void WriteAtomically(string path, byte[] content)
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, true);
        }

        /// <summary>Disposes the CA certificate.</summary>
        public void Dispose() => Certificate.Dispose();
    }
}
