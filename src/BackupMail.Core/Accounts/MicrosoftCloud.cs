namespace BackupMail.Accounts
{
    /// <summary>The Microsoft cloud an OAuth account signs in to: it picks the sign-in, Graph and SMTP hosts and scopes.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum MicrosoftCloud : long
    {
        /// <summary>The worldwide cloud (login.microsoftonline.com).</summary>
        Global,

        /// <summary>Microsoft 365 GCC High (login.microsoftonline.us).</summary>
        USGovernment,

        /// <summary>Microsoft 365 DoD (login.microsoftonline.us, dod-graph.microsoft.us).</summary>
        USGovernmentDoD,

        /// <summary>Microsoft 365 operated by 21Vianet (login.chinacloudapi.cn).</summary>
        China,
    }
}
