#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.History;
using BackupMail.Resources;
using BackupMail.Rules;

namespace BackupMail.Digest
{
    /// <summary>
    /// Decides what the next digests hold: per recipient group, the runs of each job after its watermark.
    /// </summary>
    /// <remarks>
    /// <para>Without <see cref="DigestRequest.To"/>: the rules with a digest (<see cref="DigestCadence.Daily"/> or
    /// <see cref="DigestCadence.Weekly"/>), grouped by recipients and account; one digest per group. With it: one digest
    /// to those recipients over every job with runs not yet digested, whatever its rule says about digests.</para>
    /// <para>A job whose rule says <see cref="DigestCadence.Weekly"/> is taken only once its previous digest is at least
    /// <see cref="WeeklyInterval"/> old (an hour of slack, so a weekly task that runs a little early still counts); a job
    /// that has never been in a digest is always taken. Runs before <see cref="DigestRequest.Since"/> are not listed but
    /// are taken (they count as digested), so that they do not come back in the next digest.</para>
    /// </remarks>
    internal sealed class DigestSelector
    {
        /// <summary>How old a weekly job's previous digest must be: a week, less an hour of slack.</summary>
        public static readonly TimeSpan WeeklyInterval = TimeSpan.FromDays(7) - TimeSpan.FromHours(1);

        private readonly RunJournal _journal;
        private readonly IOutputWriter _output;

        public DigestSelector(RunJournal journal, IOutputWriter output)
        {
            _journal = journal;
            _output = output;
        }

        /// <summary>The digests to send now, each as a claim (without its Message-Id) with the runs it lists.</summary>
        /// <exception cref="BackupMailException"><c>DigestRecipientsMissing</c> without -To when no rule has a digest; the run journal's errors.</exception>
        public List<DigestSelection> Select(DigestState state, IReadOnlyList<DigestSubscription> subscriptions, DigestRequest request, DateTimeOffset now)
        {
            var toMode = request.HasRecipients;
            var cadence = new Dictionary<string, DigestCadence>(StringComparer.OrdinalIgnoreCase);
            foreach (var subscription in subscriptions)
            {
                cadence[subscription.BackupName] = subscription.Cadence;
            }

            var groups = toMode ? new List<Group> { new Group(request.Account, request.To!) } : GroupsOf(subscriptions, request.Account);
            if (groups.Count == 0)
            {
                throw new BackupMailException(ErrorIds.DigestRecipientsMissing, BackupMailErrorKind.InvalidArgument,
                    DigestStrings.Get("DigestRecipientsMissing"));
            }

            // Which jobs are due now, and where each one's undigested runs start.
            var due = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            var watermarks = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            bool IsDue(string name)
            {
                if (!due.TryGetValue(name, out var isDue))
                {
                    var last = state.Find(name)?.LastDigest;
                    isDue = !(cadence.TryGetValue(name, out var c) && c == DigestCadence.Weekly && last.HasValue && now - last.Value < WeeklyInterval);
                    if (!isDue)
                    {
                        _output.WriteVerbose(DigestStrings.Format("WeeklyNotDue", name, last!.Value + WeeklyInterval));
                    }

                    due[name] = isDue;
                }

                return isDue;
            }

            long Watermark(string name)
            {
                if (!watermarks.TryGetValue(name, out var mark))
                {
                    mark = state.Watermark(name);
                    watermarks[name] = mark;
                }

                return mark;
            }

            HashSet<string>? names = null;
            long start = 0;
            if (!toMode)
            {
                names = new HashSet<string>(groups.SelectMany(g => g.Jobs), StringComparer.OrdinalIgnoreCase);
                start = names.Count == 0 ? 0 : names.Min(Watermark);
            }

            var ranges = new Dictionary<string, DigestRange>(StringComparer.OrdinalIgnoreCase);
            var listed = new Dictionary<string, List<RunRecord>>(StringComparer.OrdinalIgnoreCase);
            var leftOut = 0;
            var filter = new RunLineFilter { AfterSequence = start, Name = names == null ? null : (Func<string, bool>)names.Contains };
            foreach (var run in _journal.ReadOldestFirst(filter))
            {
                var name = run.BackupName;
                if (run.Sequence <= Watermark(name) || !IsDue(name))
                {
                    continue;
                }

                if (!ranges.TryGetValue(name, out var range))
                {
                    range = new DigestRange { BackupName = name, After = Watermark(name) };
                    ranges[name] = range;
                    listed[name] = new List<RunRecord>();
                }

                range.Through = Math.Max(range.Through, run.Sequence);
                if (request.Since.HasValue && run.When < request.Since.Value)
                {
                    leftOut++;
                    continue;
                }

                range.Listed = true;
                listed[name].Add(run);
                if (run.Status == Jobs.BackupStatus.Success && (!range.LastSuccess.HasValue || run.When > range.LastSuccess))
                {
                    range.LastSuccess = run.When;
                }
            }

            if (leftOut > 0)
            {
                _output.WriteVerbose(DigestStrings.Format("RunsBeforeSinceLeftOut", leftOut, request.Since!.Value));
            }

            var selections = new List<DigestSelection>();
            foreach (var group in groups)
            {
                var jobRanges = toMode
                    ? ranges.Values.ToList()
                    : group.Jobs.Where(ranges.ContainsKey).Select(j => ranges[j]).ToList();
                var runs = jobRanges.SelectMany(r => listed[r.BackupName]).OrderBy(r => r.Sequence).ToList();
                if (jobRanges.Count == 0 && !request.Force)
                {
                    continue;
                }

                var claim = new DigestClaim
                {
                    Created = now,
                    Account = group.Account,
                    To = group.To.ToList(),
                    Template = request.Template,
                    Since = request.Since,
                    OverdueJobs = toMode ? null : group.Jobs.ToList(),
                    Ranges = jobRanges.OrderBy(r => r.BackupName, StringComparer.OrdinalIgnoreCase).ToList(),
                };
                claim.PeriodStart = PeriodStart(state, toMode ? jobRanges.Select(r => r.BackupName) : group.Jobs, runs);
                selections.Add(new DigestSelection(claim, runs));
            }

            return selections;
        }

        /// <summary>
        /// The start of a digest's period: the earliest previous digest of its jobs, else (jobs never digested) its first
        /// run; null when neither is known.
        /// </summary>
        internal static DateTimeOffset? PeriodStart(DigestState state, IEnumerable<string> jobs, IReadOnlyList<RunRecord> runs)
        {
            DateTimeOffset? start = null;
            foreach (var job in jobs)
            {
                var last = state.Find(job)?.LastDigest;
                if (last.HasValue && (!start.HasValue || last < start))
                {
                    start = last;
                }
            }

            foreach (var run in runs)
            {
                if (!start.HasValue || run.When < start)
                {
                    start = run.When;
                }
            }

            return start;
        }

        // The rules with a digest, grouped by (account, recipients): each group gets one digest over its jobs.
        private static List<Group> GroupsOf(IReadOnlyList<DigestSubscription> subscriptions, string? accountOverride)
        {
            return subscriptions
                .Where(s => s.Cadence != DigestCadence.None && s.To.Count > 0)
                .GroupBy(s => KeyOf(accountOverride ?? s.Account, s.To), StringComparer.Ordinal)
                .Select(g => new Group(accountOverride ?? g.First().Account, g.First().To, g.Select(s => s.BackupName)))
                .ToList();
        }

        private static string KeyOf(string? account, IReadOnlyList<string> to) =>
            (string.IsNullOrEmpty(account) ? "default" : account!.ToUpperInvariant()) + "|"
            + string.Join(",", to.Select(a => a.Trim().ToUpperInvariant()).Distinct().OrderBy(a => a, StringComparer.Ordinal));

        private sealed class Group
        {
            public Group(string? account, IReadOnlyList<string> to, IEnumerable<string>? jobs = null)
            {
                Account = string.IsNullOrEmpty(account) ? null : account;
                To = to;
                Jobs = jobs?.Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? new List<string>();
            }

            public string? Account { get; }

            public IReadOnlyList<string> To { get; }

            public List<string> Jobs { get; }
        }
    }
}
