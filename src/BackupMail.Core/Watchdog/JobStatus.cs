#nullable enable
using System;
using BackupMail.Jobs;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// One backup job as the watchdog sees it: its last run and last success from the run journal, how often its rule
    /// expects it to run, when the next run is due and whether it is overdue. What <c>Get-BackupJobStatus</c> returns.
    /// </summary>
    public sealed class JobStatus
    {
        /// <summary>The backup job's name (as its rule spells it, else as its last run did).</summary>
        public string BackupName { get; set; } = string.Empty;

        /// <summary>Where the job stands.</summary>
        public JobState State { get; set; }

        /// <summary>When the last run ended (its start, or when it was recorded, when the end is unknown); null when it never ran.</summary>
        public DateTimeOffset? LastRun { get; set; }

        /// <summary>The last run's status; null when it never ran.</summary>
        public BackupStatus? LastStatus { get; set; }

        /// <summary>When the last successful run ended; null when none is in the journal.</summary>
        public DateTimeOffset? LastSuccess { get; set; }

        /// <summary>How often the rule expects the job to run; null when it is not watched.</summary>
        public TimeSpan? ExpectEvery { get; set; }

        /// <summary>
        /// When the next run is due: the last run plus <see cref="ExpectEvery"/>; for a job that never ran, when the
        /// watchdog first saw it plus <see cref="ExpectEvery"/>. Null when the job is not watched, or never ran and the
        /// watchdog has not seen it yet.
        /// </summary>
        public DateTimeOffset? NextDue { get; set; }

        /// <summary>True when <see cref="NextDue"/> has passed.</summary>
        public bool IsOverdue { get; set; }

        /// <summary>How long ago <see cref="NextDue"/> passed; null when the job is not overdue.</summary>
        public TimeSpan? OverdueBy { get; set; }

        /// <summary>The computer the last run was recorded on; null when it never ran or that is unknown.</summary>
        public string? ComputerName { get; set; }

        /// <summary>The journal's sequence number of the last run; 0 when it never ran. The watchdog notifies once per value.</summary>
        public long LastSequence { get; set; }

        /// <summary>True when a rule names the job (a job known from the journal alone has none).</summary>
        public bool HasRule { get; set; }

        /// <inheritdoc />
        public override string ToString() => BackupName + " " + State;
    }
}
