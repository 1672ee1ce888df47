namespace BackupMail.Accounts
{
    /// <summary>What proves an OAuthApp account's application to Microsoft Entra ID, and where it lives.</summary>
    public enum OAuthClientCredential
    {
        /// <summary>Not an OAuthApp account.</summary>
        None,

        /// <summary>A client secret, kept in the vault.</summary>
        Secret,

        /// <summary>A certificate with its private key, kept in the vault as PFX.</summary>
        VaultCertificate,

        /// <summary>A certificate with its private key in the user's or machine's certificate store, found by thumbprint.</summary>
        StoreCertificate,
    }
}
