namespace BackupMail.OAuth
{
    /// <summary>What an access token is for: it decides the token's resource and scopes.</summary>
    public enum TokenAudience
    {
        /// <summary>SMTP submission with <c>AUTH XOAUTH2</c> (Exchange Online: <c>SMTP.SendAsApp</c> or <c>SMTP.Send</c>).</summary>
        Smtp,

        /// <summary>Microsoft Graph <c>sendMail</c> (<c>Mail.Send</c>).</summary>
        Graph,
    }
}
