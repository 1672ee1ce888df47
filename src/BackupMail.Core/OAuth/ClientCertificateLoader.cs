using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupMail.Accounts;
using BackupMail.Resources;

namespace BackupMail.OAuth
{
    /// <summary>
    /// Finds an OAuthApp account's client certificate with its private key: the PFX kept in the vault, or a certificate in
    /// the user's and then the machine's personal store (<c>Cert:\CurrentUser\My</c>, <c>Cert:\LocalMachine\My</c>) by thumbprint.
    /// </summary>
    internal static class ClientCertificateLoader
    {
        /// <summary>The certificate of the PFX in <paramref name="credential"/> (user name <c>pfx</c>, password its bytes in base64).</summary>
        /// <exception cref="BackupMailException"><c>ClientCertificateNotFound</c>: not a PFX, or without private key.</exception>
        internal static X509Certificate2 FromVault(MailAccount account, NetworkCredential? credential)
        {
            X509Certificate2 certificate;
            try
            {
                var bytes = Convert.FromBase64String(credential?.Password ?? string.Empty);
                if (bytes.Length == 0)
                {
                    throw OAuthErrors.CertificateInVaultUnreadable(account, null);
                }

                certificate = new X509Certificate2(bytes, (string?)null, X509KeyStorageFlags.Exportable);
            }
            catch (FormatException e)
            {
                throw OAuthErrors.CertificateInVaultUnreadable(account, e);
            }
            catch (CryptographicException e)
            {
                throw OAuthErrors.CertificateInVaultUnreadable(account, e);
            }

            if (!HasUsablePrivateKey(certificate))
            {
                certificate.Dispose();
                throw OAuthErrors.CertificateInVaultUnreadable(account, null);
            }

            return certificate;
        }

        /// <summary>The certificate with the account's thumbprint from CurrentUser\My, else LocalMachine\My.</summary>
        /// <exception cref="BackupMailException"><c>ClientCertificateNotFound</c>: in neither store, or without a usable private key.</exception>
        internal static X509Certificate2 FromStore(MailAccount account, string storeThumbprint, IOutputWriter output)
        {
            var thumbprint = storeThumbprint.Replace(" ", string.Empty).Replace(":", string.Empty).ToUpperInvariant();
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                var where = "Cert:\\" + location + "\\My";
                var certificate = Find(location, thumbprint);
                if (certificate == null)
                {
                    continue;
                }

                if (!HasUsablePrivateKey(certificate))
                {
                    certificate.Dispose();
                    throw OAuthErrors.CertificateWithoutPrivateKey(account, thumbprint, where, null);
                }

                output.WriteVerbose(OAuthStrings.Format("VerboseCertificateFound", account.Name, thumbprint, where));
                return certificate;
            }

            throw OAuthErrors.CertificateNotInStore(account, thumbprint);
        }

        private static X509Certificate2? Find(StoreLocation location, string thumbprint)
        {
            try
            {
                using (var store = new X509Store(StoreName.My, location))
                {
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, false);
                    X509Certificate2? match = null;
                    foreach (var certificate in found)
                    {
                        if (match == null)
                        {
                            match = certificate;
                        }
                        else
                        {
                            certificate.Dispose();
                        }
                    }

                    return match;
                }
            }
            catch (CryptographicException)
            {
                // The store does not exist (or, on Linux, LocalMachine\My is not supported): nothing there.
                return null;
            }
            catch (PlatformNotSupportedException)
            {
                return null;
            }
        }

        private static bool HasUsablePrivateKey(X509Certificate2 certificate)
        {
            if (!certificate.HasPrivateKey)
            {
                return false;
            }

            // Microsoft Entra ID takes RS256/PS256 client assertions: the key must be RSA.
            try
            {
                using (var rsa = certificate.GetRSAPrivateKey())
                {
                    return rsa != null;
                }
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}
