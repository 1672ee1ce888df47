#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using BackupMail.Delivery;
using BackupMail.History;
using BackupMail.Notifications;
using BackupMail.Resources;
using BackupMail.Rules;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// One run of the watchdog (<c>Send-BackupOverdueNotification</c>): under the watchdog's lock, reads the rules, the
    /// run journal and <c>journal/watchdog.json</c>, and decides the notices to send: one when a job became overdue
    /// (once per job and last run, however often it is checked), one when a job notified as overdue has run again.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Notices go through the caller's (queueing) <see cref="MailDispatcher"/>: a notice that cannot be delivered now
    /// waits in the outbox and counts as given. One that fails for good is not recorded, so the next check tries again.
    /// The state is saved after every notice; a process killed between a notice and that save sends it once more on
    /// the next check (at least once, never lost).
    /// </para>
    /// <para>
    /// A watched job with no run at all is due one <c>ExpectEvery</c> after the first check that saw it; that moment
    /// is kept in the state. Dispose the check to release the lock; call <see cref="Save"/> first to keep what was
    /// learnt without sending (a <c>-WhatIf</c> call does not).
    /// </para>
    /// </remarks>
    public sealed class WatchdogCheck : IDisposable
    {
        private readonly IDisposable _lock;
        private readonly string _statePath;
        private readonly WatchdogState _state;
        private readonly DateTimeOffset _now;
        private readonly Func<DateTimeOffset> _clock;
        private bool _changed;

        private WatchdogCheck(IDisposable heldLock, string statePath, WatchdogState state, DateTimeOffset now, Func<DateTimeOffset> clock)
        {
            _lock = heldLock;
            _statePath = statePath;
            _state = state;
            _now = now;
            _clock = clock;
        }

        /// <summary>Every watched job (that <see cref="WatchdogOptions.Include"/> takes), as of this check.</summary>
        public IReadOnlyList<JobStatus> Jobs { get; private set; } = Array.Empty<JobStatus>();

        /// <summary>The notices this check decided on, in job order (a ran-again notice before an overdue one).</summary>
        public IReadOnlyList<WatchdogNotice> Notices { get; private set; } = Array.Empty<WatchdogNotice>();

        /// <summary>The path of <c>watchdog.json</c> in <paramref name="journalDirectory"/>.</summary>
        public static string StatePath(string journalDirectory) => Path.Combine(journalDirectory, WatchdogState.FileName);

        /// <summary>Takes the watchdog's lock, reads what it needs and decides the notices.</summary>
        /// <param name="journalDirectory">The run journal's directory (<see cref="RunJournal.DirectoryPath"/>); the state lives there.</param>
        /// <param name="rules">The notification rules (only those with <c>ExpectEvery</c> are watched).</param>
        /// <param name="newestFirst">The journal's runs, newest first; read only as far as needed.</param>
        /// <param name="options">Clock, filter, recipients, language; null for the defaults.</param>
        /// <param name="output">Receives a verbose line per job; null discards them.</param>
        /// <param name="cancellationToken">Stops the wait for the lock.</param>
        /// <exception cref="ArgumentNullException">A required argument is null.</exception>
        /// <exception cref="BackupMailException">
        /// <c>WatchdogStateCorrupt</c>, <c>WatchdogStateNotWritable</c>, <c>WatchdogBusy</c>; <c>InvalidMailAddress</c> for a wrong
        /// <see cref="WatchdogOptions.To"/>; the journal's reading errors.
        /// </exception>
        public static WatchdogCheck Open(string journalDirectory, IEnumerable<NotificationRule> rules, IEnumerable<RunRecord> newestFirst,
            WatchdogOptions? options = null, IOutputWriter? output = null, CancellationToken cancellationToken = default)
        {
            if (journalDirectory == null) throw new ArgumentNullException(nameof(journalDirectory));
            if (rules == null) throw new ArgumentNullException(nameof(rules));
            if (newestFirst == null) throw new ArgumentNullException(nameof(newestFirst));
            options = options ?? new WatchdogOptions();
            output = output ?? NullOutputWriter.Instance;
            // Checked before the lock: a typo in -To changes nothing.
            var to = options.To == null || options.To.All(string.IsNullOrWhiteSpace) ? null : MailAddressList.Parse(options.To);

            var heldLock = WatchdogLock.Acquire(journalDirectory, options.LockTimeout, cancellationToken);
            try
            {
                var statePath = StatePath(journalDirectory);
                var check = new WatchdogCheck(heldLock, statePath, WatchdogState.Load(statePath), options.Clock(), options.Clock);
                check.Decide(rules.ToList(), newestFirst, options, to, output);
                return check;
            }
            catch
            {
                heldLock.Dispose();
                throw;
            }
        }

        private void Decide(IReadOnlyList<NotificationRule> rules, IEnumerable<RunRecord> newestFirst, WatchdogOptions options, IReadOnlyList<string>? to, IOutputWriter output)
        {
            var culture = options.Culture ?? CultureInfo.CurrentUICulture;
            Jobs = JobStatusReader.Compute(rules, newestFirst, _now, _state.FirstSeenOf, options.Include, watchedOnly: true);
            var notices = new List<WatchdogNotice>();
            foreach (var job in Jobs)
            {
                var entry = _state.For(job.BackupName);
                if (job.LastRun == null && entry.FirstSeen == null)
                {
                    // The rule's creation time is not recorded: the clock of a job that never ran starts now.
                    entry.FirstSeen = _now;
                    _changed = true;
                    JobStatusReader.Judge(job, _now, _state.FirstSeenOf);
                }
                else if (job.LastRun != null && entry.FirstSeen != null)
                {
                    entry.FirstSeen = null;
                    _changed = true;
                }

                var rule = RuleService.Find(rules, job.BackupName);
                var ranAgain = entry.OverdueSequence != null && job.LastSequence > entry.OverdueSequence.Value;
                if (ranAgain)
                {
                    notices.Add(Notice(WatchdogNoticeKind.RanAgain, job, rule, to, options.Account,
                        WatchdogMessages.RanAgain(job, entry.OverdueNotifiedAt, culture)));
                }

                if (job.IsOverdue && (ranAgain || entry.OverdueSequence != job.LastSequence))
                {
                    notices.Add(Notice(WatchdogNoticeKind.Overdue, job, rule, to, options.Account,
                        WatchdogMessages.Overdue(job, entry.FirstSeen, _now, culture)));
                }
                else if (job.IsOverdue)
                {
                    output.WriteVerbose(WatchdogStrings.Format("VerboseJobNotifiedAlready", job.BackupName,
                        Templates.HumanFormat.Duration(job.OverdueBy ?? TimeSpan.Zero, culture), WatchdogMessages.Time(entry.OverdueNotifiedAt, culture)));
                }
                else if (!ranAgain)
                {
                    output.WriteVerbose(job.LastRun == null
                        ? WatchdogStrings.Format("VerboseJobNeverRun", job.BackupName, WatchdogMessages.Time(entry.FirstSeen, culture))
                        : WatchdogStrings.Format("VerboseJobOnTime", job.BackupName, WatchdogMessages.Time(job.NextDue, culture)));
                }
            }

            // A job no longer watched (its rule removed, or its ExpectEvery cleared) is forgotten.
            var watched = new HashSet<string>(Jobs.Select(j => j.BackupName), StringComparer.OrdinalIgnoreCase);
            foreach (var name in _state.Jobs.Keys.ToList())
            {
                if (!watched.Contains(name) && (options.Include == null || options.Include(name)) || _state.Jobs[name].IsEmpty)
                {
                    _state.Jobs.Remove(name);
                    _changed = true;
                }
            }

            Notices = notices;
        }

        private static WatchdogNotice Notice(WatchdogNoticeKind kind, JobStatus job, NotificationRule? rule, IReadOnlyList<string>? to, string? account, Templates.RenderedMessage message)
        {
            var stored = rule?.To?.Where(a => !string.IsNullOrWhiteSpace(a)).ToArray() ?? Array.Empty<string>();
            var recipients = to ?? (stored.Length == 0 ? Array.Empty<string>() : MailAddressList.Parse(stored));
            var mail = new OutgoingMail
            {
                Account = account ?? rule?.Account,
                To = recipients,
                Cc = rule?.Cc ?? (IReadOnlyList<string>)Array.Empty<string>(),
                Bcc = rule?.Bcc ?? (IReadOnlyList<string>)Array.Empty<string>(),
                ReplyTo = rule?.ReplyTo ?? (IReadOnlyList<string>)Array.Empty<string>(),
                Priority = kind == WatchdogNoticeKind.Overdue ? MailPriority.High : MailPriority.Normal,
                Message = message,
                BackupName = job.BackupName,
            };
            var notice = new WatchdogNotice(kind, job, recipients, mail.Account, message, mail);
            mail.Status = notice.Status;
            return notice;
        }

        /// <summary>
        /// Sends <paramref name="notice"/> (one of <see cref="Notices"/>) through <paramref name="dispatcher"/> and, once it
        /// was sent or queued, records it in the state (saved at once).
        /// </summary>
        /// <returns>The dispatcher's result: Sent, or Queued when the server could not take it now.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="notice"/> or <paramref name="dispatcher"/> is null.</exception>
        /// <exception cref="BackupMailException">
        /// <c>NoRecipients</c>; the dispatcher's errors for a message refused for good (<c>AccountNotFound</c>,
        /// <c>SmtpRecipientRejected</c>...); <c>WatchdogStateNotWritable</c> when the state cannot be saved after the send.
        /// </exception>
        public BackupMailResult Send(WatchdogNotice notice, MailDispatcher dispatcher, CancellationToken cancellationToken = default)
        {
            if (notice == null) throw new ArgumentNullException(nameof(notice));
            if (dispatcher == null) throw new ArgumentNullException(nameof(dispatcher));
            if (notice.To.Count == 0)
            {
                throw new BackupMailException(ErrorIds.NoRecipients, BackupMailErrorKind.InvalidArgument,
                    WatchdogStrings.Format("OverdueNoRecipients", notice.BackupName), notice.BackupName);
            }

            var result = dispatcher.Send(notice.Mail, cancellationToken);
            if (result.Action == DeliveryAction.Sent || result.Action == DeliveryAction.Queued)
            {
                var entry = _state.For(notice.BackupName);
                if (notice.Kind == WatchdogNoticeKind.Overdue)
                {
                    entry.OverdueSequence = notice.Job.LastSequence;
                    entry.OverdueNotifiedAt = _clock();
                }
                else
                {
                    entry.OverdueSequence = null;
                    entry.OverdueNotifiedAt = null;
                }

                _changed = true;
                Save();
            }

            return result;
        }

        /// <summary>Writes the state when this check changed it (when a never-run job was first seen, or a job forgotten).</summary>
        /// <exception cref="BackupMailException"><c>WatchdogStateNotWritable</c>.</exception>
        public void Save()
        {
            if (!_changed) return;
            _state.Save(_statePath);
            _changed = false;
        }

        /// <summary>Releases the watchdog's lock (without saving).</summary>
        public void Dispose() => _lock.Dispose();
    }
}
