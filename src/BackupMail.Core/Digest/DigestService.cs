#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using BackupMail.Delivery;
using BackupMail.History;
using BackupMail.Notifications;
using BackupMail.Resources;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Digest
{
    /// <summary>
    /// Sends digests: one message over the runs of the run journal that are in no digest yet, through the dispatcher and its
    /// outbox like every notification.
    /// </summary>
    /// <remarks>
    /// <para>Each run is in exactly one digest. Under <c>journal/digest.lock</c>, a call reads <c>journal/digest.json</c>
    /// (per job, the last run journal sequence digested), selects the runs after it (<see cref="DigestSelector"/>), and
    /// for each digest: writes a claim (the runs it takes and a Message-Id fixed in advance) to <c>digest.json</c>, hands
    /// the message to the dispatcher (written ahead to the outbox, then sent or queued), then moves the watermarks and
    /// drops the claim. Both writes are atomic.</para>
    /// <para>A claim that the next call finds belongs to a call that was killed in between: when the outbox holds its
    /// Message-Id (queued, failed, or in the write-ahead journal of the dead process) the message is adopted, and its runs
    /// count as digested; otherwise the same digest is built again from the same runs and sent with the same Message-Id.
    /// The one case that gives a second copy is the outbox's own (at least once): a process killed after the server took
    /// the message and before the watermark was written; the copy is the same digest with the same Message-Id, so no run
    /// ever appears in two different digests.</para>
    /// </remarks>
    public sealed class DigestService
    {
        private readonly RunJournal _journal;
        private readonly MailDispatcher _dispatcher;
        private readonly TemplateService _templates;
        private readonly IOutputWriter _output;
        private readonly IOverdueJobSource _overdue;
        private readonly CultureInfo _uiCulture;
        private readonly DigestStateStore _store;

        /// <summary>Creates the service.</summary>
        /// <param name="journal">The run journal; the digest state lives beside it (<c>journal/digest.json</c>).</param>
        /// <param name="dispatcher">Sends the digests; give it an outbox, or an interrupted digest cannot be adopted.</param>
        /// <param name="templates">Finds the template (the built-in <c>Digest</c> by default).</param>
        /// <param name="output">Receives verbose messages and warnings; null discards them.</param>
        /// <param name="overdue">The overdue jobs to list; null for none (until the watchdog feeds them).</param>
        /// <param name="uiCulture">The culture of a template that names none (the current UI culture when null).</param>
        /// <exception cref="ArgumentNullException"><paramref name="journal"/>, <paramref name="dispatcher"/> or <paramref name="templates"/> is null.</exception>
        public DigestService(RunJournal journal, MailDispatcher dispatcher, TemplateService templates, IOutputWriter? output,
            IOverdueJobSource? overdue = null, CultureInfo? uiCulture = null)
        {
            _journal = journal ?? throw new ArgumentNullException(nameof(journal));
            _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
            _templates = templates ?? throw new ArgumentNullException(nameof(templates));
            _output = output ?? NullOutputWriter.Instance;
            _overdue = overdue ?? OverdueJobSource.None;
            _uiCulture = uiCulture ?? CultureInfo.CurrentUICulture;
            _store = new DigestStateStore(journal.DirectoryPath);
        }

        /// <summary>The current time (replaceable in tests).</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.Now;

        /// <summary>The digest state file, <c>journal/digest.json</c>.</summary>
        public string StatePath => _store.FilePath;

        /// <summary>How long a call waits for another digest's lock (default one minute).</summary>
        public TimeSpan LockTimeout
        {
            get => _store.LockTimeout;
            set => _store.LockTimeout = value;
        }

        /// <summary>
        /// Fault injection for tests: called with <see cref="DigestStep"/> at each step of a digest; an exception thrown
        /// there stands for the process being killed at that point.
        /// </summary>
        internal Action<DigestStep>? Fault { get; set; }

        /// <summary>
        /// Sends the digests due: first finishes what an interrupted call left (see the remarks), then one digest per
        /// recipient group over the runs not yet in a digest. Nothing new: nothing is sent and the list is empty (unless
        /// <see cref="DigestRequest.Force"/>, which sends a digest saying so).
        /// </summary>
        /// <param name="request">What was asked for.</param>
        /// <param name="subscriptions">Who wants which job's runs how often (the rules, see <see cref="DigestSubscriptions.FromRules"/>).</param>
        /// <param name="shouldProcess">Asked before each digest is claimed or adopted, with its recipients and a description; false skips it and writes nothing (<c>-WhatIf</c>). Null for yes.</param>
        /// <param name="cancellationToken">Stops the sends.</param>
        /// <returns>One outcome per digest sent, queued, adopted or failed.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="subscriptions"/> is null.</exception>
        /// <exception cref="BackupMailException">
        /// <c>DigestStateCorrupt</c>, <c>DigestStateNotWritable</c>, <c>DigestBusy</c>, <c>DigestRecipientsMissing</c>,
        /// <c>TemplateNotFound</c>, the run journal's errors; errors of one digest's delivery are in its outcome instead.
        /// </exception>
        public IReadOnlyList<DigestOutcome> Send(DigestRequest request, IReadOnlyList<DigestSubscription> subscriptions,
            Func<string, string, bool>? shouldProcess = null, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (subscriptions == null)
            {
                throw new ArgumentNullException(nameof(subscriptions));
            }

            shouldProcess = shouldProcess ?? ((target, action) => true);
            var outcomes = new List<DigestOutcome>();
            using (_store.Lock(cancellationToken))
            {
                var state = _store.Load();
                foreach (var claim in state.Pending.ToList())
                {
                    var outcome = Resume(state, claim, shouldProcess, cancellationToken);
                    if (outcome != null)
                    {
                        outcomes.Add(outcome);
                    }
                }

                var selections = new DigestSelector(_journal, _output).Select(state, subscriptions, request, Clock());
                if (selections.Count == 0)
                {
                    _output.WriteVerbose(DigestStrings.Get("NothingNew"));
                }

                foreach (var selection in selections)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var outcome = SendNew(state, selection, request.Force, shouldProcess, cancellationToken);
                    if (outcome != null)
                    {
                        outcomes.Add(outcome);
                    }
                }
            }

            return outcomes;
        }

        // A digest not sent before: claimed, sent, committed.
        private DigestOutcome? SendNew(DigestState state, DigestSelection selection, bool force, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
        {
            var claim = selection.Claim;
            if (selection.Runs.Count == 0 && !force)
            {
                // Only runs before -Since: they count as digested, and there is nothing to tell.
                state.Commit(claim);
                _store.Save(state);
                _output.WriteVerbose(DigestStrings.Get("NothingNew"));
                return null;
            }

            Accounts.MailAccount account;
            RenderedMessage rendered;
            DigestReport report;
            try
            {
                account = _dispatcher.GetAccount(claim.Account);
                rendered = Render(state, claim, selection.Runs, _templates.Find(claim.Template ?? DigestTemplates.Name), out report);
            }
            catch (BackupMailException error)
            {
                // Nothing claimed: the runs wait for the next digest.
                return new DigestOutcome(null, error);
            }

            if (!shouldProcess(string.Join(", ", claim.To), DigestStrings.Format("ActionSend", rendered.Subject, account.Name)))
            {
                return null;
            }

            claim.MessageId = MessageIdOf(claim, account.From ?? account.UserName ?? "backupmail@localhost");
            state.Pending.Add(claim);
            _store.Save(state);
            Fault?.Invoke(DigestStep.Claimed);
            return Deliver(state, claim, rendered, report, account.Name, cancellationToken);
        }

        // A claim of an interrupted call: adopted when its message is in the outbox, else built and sent again.
        private DigestOutcome? Resume(DigestState state, DigestClaim claim, Func<string, string, bool> shouldProcess, CancellationToken cancellationToken)
        {
            var queued = FindInOutbox(claim.MessageId);
            if (queued != null)
            {
                if (!shouldProcess(string.Join(", ", claim.To), DigestStrings.Format("ActionAdopt", claim.MessageId, queued.Id)))
                {
                    return null;
                }

                state.Commit(claim);
                _store.Save(state);
                _output.WriteVerbose(DigestStrings.Format("ClaimAdopted", claim.MessageId, queued.Id));
                return new DigestOutcome(new BackupMailResult
                {
                    BackupName = DigestTemplates.Name,
                    Status = queued.Status,
                    Action = DeliveryAction.Queued,
                    To = claim.To.ToArray(),
                    Subject = queued.Subject,
                    MessageId = claim.MessageId,
                    QueueId = queued.Id,
                    Reason = DigestStrings.Format("ClaimAdoptedReason", queued.Id),
                }, null);
            }

            if (claim.WrittenAhead)
            {
                // It was in the outbox and is there no more: delivered, by the interrupted call or a queue flush since.
                // Building it again would send its runs twice.
                if (!shouldProcess(string.Join(", ", claim.To), DigestStrings.Format("ActionAdopt", claim.MessageId, claim.MessageId)))
                {
                    return null;
                }

                state.Commit(claim);
                _store.Save(state);
                _output.WriteVerbose(DigestStrings.Format("ClaimDelivered", claim.MessageId));
                return null;
            }

            var runs = RunsOf(claim);
            Accounts.MailAccount account;
            RenderedMessage rendered;
            DigestReport report;
            try
            {
                account = _dispatcher.GetAccount(claim.Account);
                rendered = Render(state, claim, runs, _templates.Find(claim.Template ?? DigestTemplates.Name), out report);
            }
            catch (BackupMailException error)
            {
                // The claim stays (its runs are not listed again elsewhere) and is tried again by the next call.
                return new DigestOutcome(null, error);
            }

            if (!shouldProcess(string.Join(", ", claim.To), DigestStrings.Format("ActionSend", rendered.Subject, account.Name)))
            {
                return null;
            }

            _output.WriteVerbose(DigestStrings.Format("ClaimRebuilt", claim.MessageId, runs.Count));
            return Deliver(state, claim, rendered, report, account.Name, cancellationToken);
        }

        // Hands the message to the dispatcher; once it is sent or kept in the outbox, its runs count as digested.
        private DigestOutcome Deliver(DigestState state, DigestClaim claim, RenderedMessage rendered, DigestReport report, string accountName, CancellationToken cancellationToken)
        {
            var account = _dispatcher.GetAccount(accountName);
            var result = new BackupMailResult
            {
                BackupName = DigestTemplates.Name,
                Status = report.WorstStatus,
                To = claim.To.ToArray(),
                Subject = rendered.Subject,
            };

            BackupMailResult sent;
            using (var message = MessageComposer.Compose(account.From, claim.To, rendered))
            {
                message.MessageId = claim.MessageId;
                try
                {
                    sent = _dispatcher.Send(account.Name, message, result, () =>
                    {
                        claim.WrittenAhead = true;
                        _store.Save(state);
                        Fault?.Invoke(DigestStep.WrittenAhead);
                    }, cancellationToken);
                }
                catch (BackupMailException error)
                {
                    if (error.QueueId == null)
                    {
                        // Neither sent nor kept: the claim goes, and the runs wait for the next digest.
                        state.Forget(claim);
                        _store.Save(state);
                        return new DigestOutcome(null, error);
                    }

                    // Refused for good and kept in outbox/failed: the digest exists, its runs are in it.
                    Fault?.Invoke(DigestStep.Queued);
                    state.Commit(claim);
                    _store.Save(state);
                    return new DigestOutcome(null, error);
                }
            }

            Fault?.Invoke(DigestStep.Queued);
            state.Commit(claim);
            _store.Save(state);
            return new DigestOutcome(sent, null);
        }

        private RenderedMessage Render(DigestState state, DigestClaim claim, IReadOnlyList<RunRecord> runs, MailTemplate template, out DigestReport report)
        {
            var overdue = _overdue.GetOverdueJobs(claim.Created);
            if (claim.OverdueJobs != null)
            {
                var jobs = new HashSet<string>(claim.OverdueJobs, StringComparer.OrdinalIgnoreCase);
                overdue = overdue.Where(o => jobs.Contains(o.BackupName)).ToList();
            }

            report = DigestReport.Build(runs, name => state.Find(name)?.LastSuccess, overdue, claim.Created, claim.PeriodStart);
            return DigestRenderer.Render(template, report, _uiCulture);
        }

        // The runs a claim took, read again from the journal (a run trimmed away since is simply missing).
        private List<RunRecord> RunsOf(DigestClaim claim)
        {
            if (claim.Ranges.Count == 0)
            {
                return new List<RunRecord>();
            }

            var ranges = claim.Ranges.ToDictionary(r => r.BackupName, StringComparer.OrdinalIgnoreCase);
            var filter = new RunLineFilter { AfterSequence = claim.Ranges.Min(r => r.After), Name = ranges.ContainsKey };
            var maxThrough = claim.Ranges.Max(r => r.Through);
            var runs = new List<RunRecord>();
            foreach (var run in _journal.ReadOldestFirst(filter))
            {
                if (run.Sequence > maxThrough)
                {
                    break;
                }

                if (ranges.TryGetValue(run.BackupName, out var range) && range.Contains(run.Sequence)
                    && (!claim.Since.HasValue || run.When >= claim.Since.Value))
                {
                    runs.Add(run);
                }
            }

            return runs;
        }

        private Outbox.OutboxItem? FindInOutbox(string messageId)
        {
            var outbox = _dispatcher.Outbox;
            if (outbox == null)
            {
                return null;
            }

            var id = messageId.Trim('<', '>');
            bool Same(Outbox.OutboxItem item) => string.Equals((item.MessageId ?? string.Empty).Trim('<', '>'), id, StringComparison.Ordinal);
            return outbox.List().FirstOrDefault(Same) ?? outbox.ListFailed().FirstOrDefault(Same);
        }

        /// <summary>
        /// The Message-Id of a digest, fixed before it is sent: a hash of its account, recipients, runs and time, in the
        /// sender's domain (as every Message-Id BackupMail makes).
        /// </summary>
        internal static string MessageIdOf(DigestClaim claim, string from)
        {
            var key = new StringBuilder()
                .Append(claim.Account ?? "Default").Append('\n')
                .Append(string.Join(",", claim.To)).Append('\n')
                .Append(claim.Created.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var range in claim.Ranges)
            {
                key.Append(range.BackupName).Append(':').Append(range.After).Append('-').Append(range.Through).Append('\n');
            }

            string hash;
            using (var sha = SHA256.Create())
            {
                hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(key.ToString())).Take(16).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }

            var probe = MessageComposer.MessageIdFor(MailboxAddress.Parse(MailAddressList.ParseOne(from)).Domain);
            return "digest." + hash + probe.Substring(probe.IndexOf('@'));
        }
    }
}
