namespace BackupMail.Accounts
{
    /// <summary>How an account hands its messages to the mail service.</summary>
    public enum MailTransportKind
    {
        /// <summary>SMTP submission (with a password, or an OAuth 2.0 token through <c>AUTH XOAUTH2</c>).</summary>
        Smtp,

        /// <summary>Microsoft Graph <c>sendMail</c> over HTTPS, with an OAuth 2.0 token.</summary>
        Graph,
    }
}
