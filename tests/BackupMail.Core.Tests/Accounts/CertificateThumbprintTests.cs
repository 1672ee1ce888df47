using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupMail.Accounts;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Accounts
{
    public class CertificateThumbprintTests
    {
        private const string Sha1 = "A909502DD82AE41433E6F83886B00D4277A32A7B";

        [Theory]
        [InlineData("a909502dd82ae41433e6f83886b00d4277a32a7b")]
        [InlineData("A9:09:50:2D:D8:2A:E4:14:33:E6:F8:38:86:B0:0D:42:77:A3:2A:7B")]
        [InlineData("a9 09 50 2d d8 2a e4 14 33 e6 f8 38 86 b0 0d 42 77 a3 2a 7b")]
        [InlineData("A9-09-50-2D-D8-2A-E4-14-33-E6-F8-38-86-B0-0D-42-77-A3-2A-7B")]
        [InlineData("\u200Ea909502dd82ae41433e6f83886b00d4277a32a7b ")] // as Windows' certificate dialog copies it
        public void Normalize_accepts_the_ways_people_paste_a_SHA1_thumbprint(string pasted)
        {
            Assert.Equal(Sha1, CertificateThumbprint.Normalize(pasted));
        }

        [Fact]
        public void Normalize_accepts_SHA256_with_colons_in_lower_case()
        {
            var hex = string.Concat(Enumerable.Range(0, 32).Select(i => (i * 7 % 256).ToString("x2")));
            var withColons = string.Join(":", Enumerable.Range(0, 32).Select(i => hex.Substring(i * 2, 2)));

            Assert.Equal(hex.ToUpperInvariant(), CertificateThumbprint.Normalize(withColons));
        }

        [Theory]
        [InlineData("A909502DD82AE41433E6F83886B00D4277A32A", 38)]
        [InlineData("A909502DD82AE41433E6F83886B00D4277A32A7B00", 42)]
        [InlineData("", 0)]
        public void Normalize_refuses_a_wrong_length_and_says_how_many_digits_it_has(string thumbprint, int digits)
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => CertificateThumbprint.Normalize(thumbprint));

                Assert.Equal("InvalidCertificateThumbprint", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
                Assert.Equal(thumbprint, error.Target);
                Assert.Contains("has " + digits + " hexadecimal digits", error.Message);
                Assert.Contains("40 (SHA-1) or 64 (SHA-256)", error.Message);
            }
        }

        [Fact]
        public void Normalize_refuses_a_non_hex_character_and_names_it()
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => CertificateThumbprint.Normalize("G909502DD82AE41433E6F83886B00D4277A32A7B"));

                Assert.Equal("InvalidCertificateThumbprint", error.ErrorId);
                Assert.Contains("'G' is not a hexadecimal digit", error.Message);
            }
        }

        [Fact]
        public void Null_is_refused()
        {
            Assert.Equal("InvalidCertificateThumbprint", Assert.Throws<BackupMailException>(() => CertificateThumbprint.Normalize(null)).ErrorId);
        }

        [Fact]
        public void Matches_a_self_signed_certificate_by_SHA1_and_SHA256_and_nothing_else()
        {
            using (var certificate = CreateSelfSigned("CN=smtp.test"))
            using (var other = CreateSelfSigned("CN=smtp.test"))
            {
                var sha1 = certificate.Thumbprint; // .NET's own SHA-1 thumbprint, upper-case hex
                var sha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData));

                Assert.Equal(sha256, CertificateThumbprint.Sha256(certificate));
                Assert.Equal(64, CertificateThumbprint.Sha256(certificate).Length);

                Assert.True(CertificateThumbprint.Matches(certificate, CertificateThumbprint.Normalize(sha1.ToLowerInvariant())));
                Assert.True(CertificateThumbprint.Matches(certificate, CertificateThumbprint.Normalize(sha256)));
                Assert.True(CertificateThumbprint.Matches(certificate, ColonSeparated(sha256))); // tolerated even unnormalized

                // The same subject with another key is a different certificate.
                Assert.False(CertificateThumbprint.Matches(other, sha1));
                Assert.False(CertificateThumbprint.Matches(other, sha256));

                // A SHA-256 thumbprint cut to 40 digits is not the SHA-1 one.
                Assert.False(CertificateThumbprint.Matches(certificate, sha256.Substring(0, 40)));
                Assert.False(CertificateThumbprint.Matches(null, sha256));
            }
        }

        [Fact]
        public void Matches_refuses_an_invalid_thumbprint_rather_than_answering()
        {
            using (var certificate = CreateSelfSigned("CN=smtp.test"))
            {
                var error = Assert.Throws<BackupMailException>(() => CertificateThumbprint.Matches(certificate, "1234"));
                Assert.Equal("InvalidCertificateThumbprint", error.ErrorId);
            }
        }

        internal static X509Certificate2 CreateSelfSigned(string subject)
        {
            using (var key = RSA.Create(2048))
            {
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            }
        }

        private static string ColonSeparated(string hex) =>
            string.Join(":", Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
    }
}
