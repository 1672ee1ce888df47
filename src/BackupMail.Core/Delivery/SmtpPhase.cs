namespace BackupMail.Delivery
{
    /// <summary>Where in the SMTP conversation a failure happened; the same exception means different things in each.</summary>
    internal enum SmtpPhase
    {
        /// <summary>TCP connect, TLS, greeting, EHLO.</summary>
        Connect,
        /// <summary>AUTH.</summary>
        Authenticate,
        /// <summary>MAIL FROM, RCPT TO, DATA.</summary>
        Send,
    }
}
