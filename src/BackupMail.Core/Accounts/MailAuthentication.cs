namespace BackupMail.Accounts
{
    /// <summary>How an account proves who it is.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum MailAuthentication : long
    {
        /// <summary>A user name and password (or app password) from the vault; or none for an anonymous relay.</summary>
        Password,

        /// <summary>
        /// OAuth 2.0 client credentials of a Microsoft Entra application (a client secret or a certificate): for
        /// unattended tasks. Nobody signs in.
        /// </summary>
        OAuthApp,

        /// <summary>
        /// OAuth 2.0 delegated sign-in of a mailbox user, once with <c>Connect-BackupMailAccount</c>; later runs renew the
        /// token silently with the refresh token kept in the vault.
        /// </summary>
        OAuthUser,
    }
}
