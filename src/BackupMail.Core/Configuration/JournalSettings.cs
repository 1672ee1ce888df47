namespace BackupMail.Configuration
{
    /// <summary>The run journal's settings in <c>config.json</c> (<c>Set-BackupMailJournal</c>).</summary>
    public sealed class JournalSettings
    {
        /// <summary>The fewest days a run may be kept.</summary>
        public const int MinRetentionDays = 1;

        /// <summary>The most days a run may be kept (ten years).</summary>
        public const int MaxRetentionDays = 3660;

        /// <summary>How long runs are kept by default: a year and a month, so that a yearly comparison still has its run.</summary>
        public const int DefaultRetentionDays = 400;

        /// <summary>Whether runs are recorded (on by default; history, trends, digests and the watchdog need it).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Days a run is kept before the journal drops it.</summary>
        public int RetentionDays { get; set; } = DefaultRetentionDays;

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<UnknownJsonProperty>? UnknownProperties { get; set; }
    }
}
