using System;
using System.Management.Automation;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// What Send-BackupNotification and Invoke-BackupJob share: the engine opened once per call (so piped items
    /// share one SMTP connection per account), -WhatIf/-Confirm per item, and engine errors as ErrorRecords.
    /// Piped notifications can be delivered in the background (<see cref="NotifyInBackground"/>): each is sent while
    /// the next one is bound and prepared, and its result and errors are written, in order, one item later.
    /// </summary>
    internal sealed class NotificationSession : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly NotificationService _service;
        private readonly MailDispatcher _dispatcher;
        private readonly CmdletOutputWriter _output;
        private readonly RunHistory _history;
        private bool _outboxFlushed;
        // The notification being sent in the background. Kept until its result has been written, so that Dispose
        // (Ctrl+C, on another thread) can wait for it; _gate also keeps a stopped session from starting another.
        private readonly object _gate = new object();
        private PendingNotification _pending;
        // The next notification, written ahead while _pending is still being sent, and not started yet.
        private InFlightMessage _writtenAhead;
        private bool _closed;
        private bool _sentOne;

        private NotificationSession(PSCmdlet cmdlet, NotificationService service, MailDispatcher dispatcher, CmdletOutputWriter output, RunHistory history)
        {
            _history = history;
            _cmdlet = cmdlet;
            _service = service;
            _dispatcher = dispatcher;
            _output = output;
        }

        /// <summary>How long one call spends on starting queued deliveries before its own notifications.</summary>
        internal static readonly TimeSpan OutboxBudget = TimeSpan.FromSeconds(20);

        /// <summary>Opens the configuration, the vault access and the dispatcher for <paramref name="cmdlet"/>.</summary>
        public static NotificationSession Open(PSCmdlet cmdlet)
        {
            var services = EngineServices.Open(cmdlet);
            var dispatcher = services.CreateQueueingDispatcher();
            // -WhatIf writes nothing: not even the run's record in the journal.
            var history = IsWhatIf(cmdlet) ? null : new RunHistory(services.Store.DirectoryPath, services.Journal, services.Output);
            var service = new NotificationService(services.Rules, services.Templates, dispatcher, services.Output, history);
            return new NotificationSession(cmdlet, service, dispatcher, services.Output, history);
        }

        /// <summary>
        /// Prepares the notification, asks ShouldProcess when it would be sent, and sends it. Returns the result (Action
        /// Failed, with an error record, when sending failed), or null when the user declined (-WhatIf, -Confirm) or the
        /// notification could not be prepared (an error record was written).
        /// </summary>
        public BackupMailResult Notify(NotificationRequest request) => Notify(request, out _);

        /// <summary>As <see cref="Notify(NotificationRequest)"/>, also handing back the engine error, if any.</summary>
        public BackupMailResult Notify(NotificationRequest request, out BackupMailException failure)
        {
            var prepared = PrepareAndConfirm(request, null, out var skipped, out failure);
            return prepared == null ? skipped : End(prepared, () => _service.Deliver(prepared), out failure);
        }

        /// <summary>
        /// As <see cref="Notify(NotificationRequest)"/>, but from the second notification of the call on, each is sent in
        /// the background while the caller binds and prepares the next one (see <see cref="NotificationService.BeginDeliver(PreparedNotification)"/>). Results go to
        /// <paramref name="write"/>, and results and errors come in the order of the items: everything of the previous
        /// item before anything of this one. <see cref="EndPending"/> writes the last item's.
        /// </summary>
        public void NotifyInBackground(NotificationRequest request, Action<BackupMailResult> write)
        {
            // Prepared while the previous item is still being sent: that is the whole gain.
            var prepared = PrepareAndConfirm(request, () => EndPending(write), out var skipped, out _);
            if (prepared == null)
            {
                if (skipped != null) write(skipped);
                return;
            }

            if (!_sentOne)
            {
                // The first one goes out at once: a call with a single notification (the usual scheduled task) has
                // nothing to overlap, and would only pay for the hop to another thread.
                EndPending(write);
                _sentOne = true;
                var result = End(prepared, () => _service.Deliver(prepared), out _);
                if (result != null) write(result);
                return;
            }

            // Written ahead (and synced to disk) while the previous one is still being sent. Stopped (Ctrl+C) before it
            // starts, it is dropped: nothing new goes out, now or later.
            var written = _service.WriteAhead(prepared);
            lock (_gate)
            {
                _writtenAhead = written;
            }

            try
            {
                EndPending(write);
            }
            catch
            {
                DiscardWrittenAhead();
                throw;
            }

            lock (_gate)
            {
                _writtenAhead = null;
                if (_closed)
                {
                    // Stopped (Ctrl+C): nothing new goes out.
                    _service.Discard(written);
                    return;
                }

                _pending = _service.BeginDeliver(prepared, written);
            }
        }

        /// <summary>Waits for the notification being sent in the background, if any, and writes its result and errors.</summary>
        public void EndPending(Action<BackupMailResult> write)
        {
            var pending = _pending;
            if (pending == null)
            {
                return;
            }

            var result = End(pending.Prepared, pending.End, out _);
            lock (_gate)
            {
                _pending = null;
            }

            if (result != null) write(result);
        }

        // Prepares the notification and asks ShouldProcess when it would be sent. Null when there is nothing to send:
        // skipped (its Skipped result comes back in skipped), declined (-WhatIf, -Confirm), or not prepared (the error
        // was written and comes back in failure). beforeWriting runs before this item writes anything.
        private PreparedNotification PrepareAndConfirm(NotificationRequest request, Action beforeWriting, out BackupMailResult skipped, out BackupMailException failure)
        {
            skipped = null;
            failure = null;
            SendDueQueuedNotifications();
            PreparedNotification prepared;
            try
            {
                prepared = _service.Prepare(request);
            }
            catch (BackupMailException error)
            {
                // Nothing was decided (no recipients, unknown account or template...): an error, no result.
                beforeWriting?.Invoke();
                failure = error;
                _cmdlet.WriteError(ErrorRecords.From(error));
                // The run happened all the same: it is recorded (Action Failed) and its monitor pinged.
                _service.Finish(request, error);
                _output.Flush();
                return null;
            }

            if (prepared.Decision == NotificationDecision.Skip)
            {
                beforeWriting?.Invoke();
                _cmdlet.WriteVerbose(NotifyCmdletStrings.Format("Skipped", prepared.BackupName, prepared.Reason));
                skipped = _service.Deliver(prepared);
                _service.Finish(prepared, skipped);
                _output.Flush();
                return null;
            }

            var recipients = string.Join(", ", prepared.To);
            if (!_cmdlet.ShouldProcess(
                    NotifyCmdletStrings.Format("SendWhatIf", prepared.BackupName, prepared.Status, prepared.Subject, recipients, prepared.Account),
                    NotifyCmdletStrings.Format("SendConfirm", prepared.BackupName, prepared.Status, prepared.Subject, recipients),
                    NotifyCmdletStrings.Format("SendCaption")))
            {
                return null;
            }

            return prepared;
        }

        // The result of a delivery, after the messages the engine wrote for it. The message was meant to go out: an
        // engine error means it did not (the error, and a Failed result). A problem with the log is reported after the
        // send, so that even -ErrorAction Stop cannot cost the notification.
        private BackupMailResult End(PreparedNotification prepared, Func<BackupMailResult> deliver, out BackupMailException failure)
        {
            failure = null;
            BackupMailResult result;
            try
            {
                result = deliver();
            }
            catch (BackupMailException error)
            {
                failure = error;
                _output.Flush();
                _cmdlet.WriteError(ErrorRecords.From(error));
                var failed = NotificationService.Failed(prepared, error);
                _service.Finish(prepared, failed);
                _output.Flush();
                return failed;
            }

            _service.Finish(prepared, result);
            _output.Flush();
            if (prepared.LogProblem != null)
            {
                _cmdlet.WriteError(ErrorRecords.From(prepared.LogProblem));
            }

            return result;
        }

        /// <summary>
        /// Lets a notification still being sent in the background end (sent, or queued in the outbox: never lost; at
        /// most the account's timeout), then says QUIT on every connection opened. Writes nothing: it may run on
        /// another thread (Ctrl+C) or after the cmdlet has stopped.
        /// </summary>
        public void Dispose()
        {
            PendingNotification pending;
            lock (_gate)
            {
                _closed = true;
                pending = _pending;
            }

            // Dropped before the dispatcher closes its journal, which would otherwise keep it for the next run.
            DiscardWrittenAhead();

            pending?.Wait();
            _dispatcher.Dispose();
            _history?.Dispose();
        }

        private void DiscardWrittenAhead()
        {
            InFlightMessage written;
            lock (_gate)
            {
                written = _writtenAhead;
                _writtenAhead = null;
            }

            _service.Discard(written);
        }

        // Once per call, before its own notifications: what waits in the outbox and is due goes first, so a
        // backlog drains without a task of its own. Bounded in time; -WhatIf shows it and sends nothing.
        private void SendDueQueuedNotifications()
        {
            if (_outboxFlushed)
            {
                return;
            }

            _outboxFlushed = true;
            try
            {
                var now = _dispatcher.Clock();
                var due = 0;
                foreach (var item in _dispatcher.Outbox.List())
                {
                    if (item.IsDue(now) || _dispatcher.RetrySchedule.IsExpired(item, now)) due++;
                }

                if (due == 0 || !_cmdlet.ShouldProcess(
                        NotifyCmdletStrings.Format("OutboxTarget", due), NotifyCmdletStrings.Format("OutboxAction")))
                {
                    return;
                }

                foreach (var result in new OutboxSender(_dispatcher, _output).SendDue(OutboxBudget))
                {
                    _cmdlet.WriteVerbose(NotifyCmdletStrings.Format("OutboxItemResult", result.QueueId, result.BackupName, result.Action));
                }
            }
            catch (Exception error) when (IsUnexpected(error))
            {
                // What waits must never keep this run's own notification from going out.
                _output.Flush();
                _cmdlet.WriteWarning(NotifyCmdletStrings.Format("OutboxFlushFailed", error.GetType().Name, error.Message));
            }
        }

        // -WhatIf given, or $WhatIfPreference set: nothing may be written.
        internal static bool IsWhatIf(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given))
            {
                return given is SwitchParameter whatIf ? whatIf.IsPresent : LanguagePrimitives.IsTrue(given);
            }

            return LanguagePrimitives.IsTrue(cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        // Anything but the user stopping the pipeline and the failures no code can recover from.
        private static bool IsUnexpected(Exception error) =>
            !(error is PipelineStoppedException || error is OperationCanceledException || FatalExceptions.Is(error));
    }
}
