#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Rules;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// Computes each job's <see cref="JobStatus"/> from the notification rules and the run journal, for a given clock.
    /// </summary>
    /// <remarks>
    /// The jobs listed are those a rule names and those with runs in the journal. The last run is the one recorded
    /// last (the highest <see cref="RunRecord.Sequence"/>); its time is <see cref="RunRecord.When"/>. A job whose rule
    /// sets no <c>ExpectEvery</c> is <see cref="JobState.Unwatched"/> and never overdue. A watched job with no run at
    /// all is due one <c>ExpectEvery</c> after the watchdog first saw it (the rule's creation time is not recorded);
    /// before the first check it is <see cref="JobState.NeverRun"/> with no <see cref="JobStatus.NextDue"/>.
    /// </remarks>
    public static class JobStatusReader
    {
        /// <summary>
        /// The status of every job of <paramref name="rules"/> and <paramref name="journal"/>, with the watchdog's first
        /// sightings of jobs that never ran from its state. A damaged state costs only those jobs' due times: it comes
        /// back in <paramref name="stateProblem"/>, for the caller to report, instead of failing the whole answer.
        /// </summary>
        /// <exception cref="BackupMailException"><c>RunJournalUnreadable</c>.</exception>
        public static IReadOnlyList<JobStatus> Read(IEnumerable<NotificationRule> rules, RunJournal journal, DateTimeOffset now,
            Func<string, bool>? include, bool watchedOnly, out BackupMailException? stateProblem)
        {
            if (journal == null) throw new ArgumentNullException(nameof(journal));
            WatchdogState? state = null;
            stateProblem = null;
            try
            {
                state = WatchdogState.Load(WatchdogCheck.StatePath(journal.DirectoryPath));
            }
            catch (BackupMailException error)
            {
                stateProblem = error;
            }

            return Compute(rules, journal.ReadNewestFirst(), now, state == null ? null : (Func<string, DateTimeOffset?>)state.FirstSeenOf, include, watchedOnly);
        }

        /// <summary>The status of every job, by name.</summary>
        /// <param name="rules">The notification rules.</param>
        /// <param name="newestFirst">The journal's runs, newest first (<see cref="RunJournal.ReadNewestFirst()"/>); read only as far as needed.</param>
        /// <param name="now">The clock's time.</param>
        /// <param name="firstSeen">When the watchdog first saw a watched job without runs (null: unknown).</param>
        /// <param name="include">Which job names to list (a <c>-BackupName</c> wildcard); null for all.</param>
        /// <param name="watchedOnly">
        /// List only jobs whose rule sets <c>ExpectEvery</c>; the journal is then read only until each of them has its
        /// last run and last success.
        /// </param>
        /// <exception cref="ArgumentNullException"><paramref name="rules"/> or <paramref name="newestFirst"/> is null.</exception>
        public static IReadOnlyList<JobStatus> Compute(
            IEnumerable<NotificationRule> rules,
            IEnumerable<RunRecord> newestFirst,
            DateTimeOffset now,
            Func<string, DateTimeOffset?>? firstSeen = null,
            Func<string, bool>? include = null,
            bool watchedOnly = false)
        {
            if (rules == null) throw new ArgumentNullException(nameof(rules));
            if (newestFirst == null) throw new ArgumentNullException(nameof(newestFirst));

            var jobs = new Dictionary<string, JobStatus>(StringComparer.OrdinalIgnoreCase);
            foreach (var rule in rules)
            {
                var name = rule?.BackupName?.Trim();
                if (string.IsNullOrEmpty(name) || jobs.ContainsKey(name!) || (include != null && !include(name!))) continue;
                if (watchedOnly && rule!.ExpectEvery == null) continue;
                jobs[name!] = new JobStatus { BackupName = name!, ExpectEvery = rule!.ExpectEvery, HasRule = true };
            }

            // Jobs still missing their last run or last success; with watchedOnly the reading stops when none is left.
            var open = jobs.Count;
            if (!watchedOnly || open > 0)
            {
                foreach (var run in newestFirst)
                {
                    var name = run.BackupName?.Trim();
                    if (string.IsNullOrEmpty(name)) continue;
                    if (!jobs.TryGetValue(name!, out var job))
                    {
                        if (watchedOnly || (include != null && !include(name!))) continue;
                        job = new JobStatus { BackupName = name! };
                        jobs[name!] = job;
                        open++;
                    }

                    var wasOpen = job.LastRun == null || job.LastSuccess == null;
                    if (job.LastRun == null)
                    {
                        job.LastRun = run.When;
                        job.LastStatus = run.Status;
                        job.LastSequence = run.Sequence;
                        job.ComputerName = run.ComputerName;
                    }

                    if (job.LastSuccess == null && run.Status == BackupStatus.Success)
                    {
                        job.LastSuccess = run.When;
                    }

                    if (wasOpen && job.LastSuccess != null)
                    {
                        open--;
                        if (watchedOnly && open == 0) break;
                    }
                }
            }

            foreach (var job in jobs.Values)
            {
                Judge(job, now, firstSeen);
            }

            return jobs.Values.OrderBy(j => j.BackupName, StringComparer.OrdinalIgnoreCase).ToList();
        }

        // NextDue, IsOverdue, OverdueBy and State from what was read.
        internal static void Judge(JobStatus job, DateTimeOffset now, Func<string, DateTimeOffset?>? firstSeen)
        {
            if (job.ExpectEvery == null)
            {
                job.State = JobState.Unwatched;
                return;
            }

            var since = job.LastRun ?? firstSeen?.Invoke(job.BackupName);
            job.NextDue = since + job.ExpectEvery;
            job.IsOverdue = job.NextDue.HasValue && now > job.NextDue.Value;
            job.OverdueBy = job.IsOverdue ? now - job.NextDue!.Value : (TimeSpan?)null;
            job.State = job.IsOverdue ? JobState.Overdue : job.LastRun == null ? JobState.NeverRun : JobState.OnTime;
        }
    }
}
