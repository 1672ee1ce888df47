namespace BackupMail.Rules
{
    /// <summary>How often a backup job's runs are listed in a digest (<c>Send-BackupMailDigest</c>).</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number.
    public enum DigestCadence : long
    {
        /// <summary>The job is in no digest.</summary>
        None,
        /// <summary>In every digest (a daily task sends one a day).</summary>
        Daily,
        /// <summary>In a digest once its previous digest is a week old.</summary>
        Weekly,
    }
}
