namespace BackupMail.Accounts
{
    /// <summary>What proves an OAuthApp account's application to Microsoft Entra ID, and where it lives.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum OAuthClientCredential : long
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
