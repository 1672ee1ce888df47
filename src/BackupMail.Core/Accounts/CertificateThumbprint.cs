using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BackupMail.Resources;

namespace BackupMail.Accounts
{
    /// <summary>Parses certificate thumbprints as users paste them and compares them with server certificates.</summary>
    public static class CertificateThumbprint
    {
        /// <summary>The number of hex digits of a SHA-1 thumbprint.</summary>
        public const int Sha1Length = 40;

        /// <summary>The number of hex digits of a SHA-256 thumbprint.</summary>
        public const int Sha256Length = 64;

        /// <summary>
        /// The thumbprint as upper-case hex: any case is accepted, and colons, spaces, hyphens and the invisible
        /// marks that Windows' certificate dialog copies along are ignored.
        /// </summary>
        /// <exception cref="BackupMailException"><c>InvalidCertificateThumbprint</c> unless it is 40 (SHA-1) or 64 (SHA-256) hex digits.</exception>
        public static string Normalize(string? thumbprint)
        {
            var hex = new StringBuilder(Sha256Length);
            foreach (var c in thumbprint ?? string.Empty)
            {
                if (c == ':' || c == '-' || char.IsWhiteSpace(c) || c == '\u200E' || c == '\u200F' || c == '\u200B' || c == '\uFEFF')
                {
                    continue;
                }

                if (!Uri.IsHexDigit(c))
                {
                    throw Invalid(thumbprint, ConfigStrings.Format("InvalidCertificateThumbprintCharacter", thumbprint, c));
                }

                hex.Append(char.ToUpperInvariant(c));
            }

            if (hex.Length != Sha1Length && hex.Length != Sha256Length)
            {
                throw Invalid(thumbprint, ConfigStrings.Format("InvalidCertificateThumbprintLength", thumbprint, hex.Length));
            }

            return hex.ToString();
        }

        /// <summary>
        /// True when <paramref name="certificate"/>'s SHA-1 (40 digits) or SHA-256 (64 digits) hash equals
        /// <paramref name="normalizedThumbprint"/>. False for a null certificate.
        /// </summary>
        /// <exception cref="BackupMailException"><c>InvalidCertificateThumbprint</c> when the thumbprint is not valid.</exception>
        public static bool Matches(X509Certificate certificate, string normalizedThumbprint)
        {
            var expected = Normalize(normalizedThumbprint);
            if (certificate == null)
            {
                return false;
            }

            var actual = expected.Length == Sha1Length ? ToHex(certificate.GetCertHash()) : Sha256(certificate);
            return string.Equals(actual, expected, StringComparison.Ordinal);
        }

        /// <summary>The SHA-256 hash of the certificate's DER encoding, as upper-case hex.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
        public static string Sha256(X509Certificate certificate)
        {
            if (certificate == null)
            {
                throw new ArgumentNullException(nameof(certificate));
            }

            using (var sha = SHA256.Create())
            {
                return ToHex(sha.ComputeHash(certificate.GetRawCertData()));
            }
        }

        private static string ToHex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty);

        private static BackupMailException Invalid(string? thumbprint, string message) =>
            new BackupMailException(ErrorIds.InvalidCertificateThumbprint, BackupMailErrorKind.InvalidArgument, message, thumbprint);
    }
}
