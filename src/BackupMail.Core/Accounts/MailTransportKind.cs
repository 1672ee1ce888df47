namespace BackupMail.Accounts
{
    /// <summary>How an account hands its messages to the mail service.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum MailTransportKind : long
    {
        /// <summary>SMTP submission (with a password, or an OAuth 2.0 token through <c>AUTH XOAUTH2</c>).</summary>
        Smtp,

        /// <summary>Microsoft Graph <c>sendMail</c> over HTTPS, with an OAuth 2.0 token.</summary>
        Graph,
    }
}
