using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupMail.Tests.Support
{
    /// <summary>Self-signed server certificates made on the fly (nothing is written to any store).</summary>
    public static class TestCertificates
    {
        /// <summary>
        /// A self-signed ECDSA certificate for <paramref name="commonName"/> (also named in its SAN, with
        /// 127.0.0.1), valid from yesterday for <paramref name="validDays"/> days, with its private key.
        /// </summary>
        public static X509Certificate2 CreateSelfSigned(string commonName = "localhost", int validDays = 30)
        {
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                var request = new CertificateRequest("CN=" + commonName + ", O=BackupMail Tests", key, HashAlgorithmName.SHA256);
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName(commonName);
                names.AddIpAddress(IPAddress.Loopback);
                request.CertificateExtensions.Add(names.Build());
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));

                var now = DateTimeOffset.UtcNow;
                using (var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(validDays)))
                {
                    // A round trip through PKCS#12 gives a key SslStream can use on every platform.
                    return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
                }
            }
        }

        /// <summary>The certificate's SHA-256 thumbprint as upper-case hex.</summary>
        public static string Sha256(X509Certificate2 certificate) =>
            Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

        /// <summary>The certificate's SHA-1 thumbprint as upper-case hex.</summary>
        public static string Sha1(X509Certificate2 certificate) =>
            Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA1));
    }
}
