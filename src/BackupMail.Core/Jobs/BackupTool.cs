namespace BackupMail.Jobs
{
    /// <summary>The program whose exit code is being interpreted.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum BackupTool : long
    {
        /// <summary>0 is success, anything else failure.</summary>
        Generic,
        /// <summary>robocopy: a bit mask; 0-3 success, 4-7 warning, 8 and above failure.</summary>
        Robocopy,
        /// <summary>rsync: 0 success, 24 (vanished source files) warning, else failure.</summary>
        Rsync,
        /// <summary>restic: 0 success, 3 (some source unreadable) warning, else failure.</summary>
        Restic,
    }
}
