namespace BackupMail.Accounts
{
    /// <summary>A well-known mail provider whose server settings BackupMail knows.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum MailProvider : long
    {
        /// <summary>Any other server; settings given by hand.</summary>
        Custom,
        /// <summary>Google Gmail (needs an app password).</summary>
        Gmail,
        /// <summary>Apple iCloud Mail (needs an app-specific password).</summary>
        ICloud,
        /// <summary>Yahoo Mail (needs an app password).</summary>
        Yahoo,
        /// <summary>Microsoft Outlook.com personal accounts (OAuthUser: passwords are refused for SMTP).</summary>
        Outlook,
        /// <summary>Microsoft 365 / Exchange Online (smtp.office365.com, OAuth).</summary>
        Microsoft365,
    }
}
