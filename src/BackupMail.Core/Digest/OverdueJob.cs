#nullable enable
using System;

namespace BackupMail.Digest
{
    /// <summary>
    /// A backup job that should have run by now and has not: one line of a digest's overdue list. The watchdog
    /// (<c>Get-BackupJobStatus</c>) decides which jobs are overdue; the digest only lists what it is given
    /// (see <see cref="IOverdueJobSource"/>).
    /// </summary>
    public sealed class OverdueJob
    {
        /// <summary>Creates the line of an overdue job.</summary>
        /// <param name="backupName">The job's name.</param>
        /// <param name="lastRun">When it last ran; null when no run of it is recorded.</param>
        /// <param name="nextDue">When its next run was due.</param>
        /// <exception cref="ArgumentException"><paramref name="backupName"/> is null or blank.</exception>
        public OverdueJob(string backupName, DateTimeOffset? lastRun, DateTimeOffset nextDue)
        {
            if (string.IsNullOrWhiteSpace(backupName))
            {
                throw new ArgumentException("A backup name is required.", nameof(backupName));
            }

            BackupName = backupName;
            LastRun = lastRun;
            NextDue = nextDue;
        }

        /// <summary>The job's name.</summary>
        public string BackupName { get; }

        /// <summary>When the job last ran; null when no run of it is recorded.</summary>
        public DateTimeOffset? LastRun { get; }

        /// <summary>When its next run was due (it is overdue since then).</summary>
        public DateTimeOffset NextDue { get; }
    }
}
