using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>Turns the certificate given to <c>-ClientCertificate</c> into the PFX bytes kept in the vault.</summary>
    internal static class ClientCertificatePfx
    {
        /// <summary>The certificate with its private key as PFX (no password: the vault protects it).</summary>
        /// <exception cref="BackupMailException"><c>ClientCertificateNotFound</c>: no private key, or the key cannot be exported.</exception>
        public static byte[] Export(X509Certificate2 certificate)
        {
            if (!certificate.HasPrivateKey)
            {
                throw Unusable(certificate, CmdletStrings.Get("ClientCertificateNoPrivateKey"));
            }

            try
            {
                return certificate.Export(X509ContentType.Pkcs12);
            }
            catch (CryptographicException e)
            {
                throw Unusable(certificate, e.Message);
            }
        }

        private static BackupMailException Unusable(X509Certificate2 certificate, string reason) =>
            new BackupMailException(
                ErrorIds.ClientCertificateNotFound, BackupMailErrorKind.InvalidArgument,
                CmdletStrings.Format("ClientCertificateUnusable", certificate.Subject, certificate.Thumbprint, reason), certificate.Thumbprint)
            {
                Recovery = ErrorRecovery.Administrator,
            };
    }
}
