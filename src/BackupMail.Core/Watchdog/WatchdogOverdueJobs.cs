#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.Digest;
using BackupMail.History;
using BackupMail.Rules;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// The overdue jobs a digest lists, as <c>Get-BackupJobStatus</c> judges them (<see cref="JobStatusReader.Read"/>).
    /// </summary>
    public sealed class WatchdogOverdueJobs : IOverdueJobSource
    {
        private readonly IReadOnlyList<NotificationRule> _rules;
        private readonly RunJournal _journal;

        /// <summary>Judges the jobs of <paramref name="rules"/> against <paramref name="journal"/>.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public WatchdogOverdueJobs(IReadOnlyList<NotificationRule> rules, RunJournal journal)
        {
            _rules = rules ?? throw new ArgumentNullException(nameof(rules));
            _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        }

        /// <inheritdoc />
        /// <exception cref="BackupMailException"><c>RunJournalUnreadable</c>.</exception>
        public IReadOnlyList<OverdueJob> GetOverdueJobs(DateTimeOffset now)
        {
            if (!_rules.Any(rule => rule.ExpectEvery.HasValue)) return Array.Empty<OverdueJob>();
            // A damaged watchdog state is Send-BackupOverdueNotification's to report, not the digest's.
            return JobStatusReader.Read(_rules, _journal, now, null, watchedOnly: true, out _)
                .Where(job => job.IsOverdue && job.NextDue.HasValue)
                .Select(job => new OverdueJob(job.BackupName, job.LastRun, job.NextDue!.Value))
                .ToList();
        }
    }
}
