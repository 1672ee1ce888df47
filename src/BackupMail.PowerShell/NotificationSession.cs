using System;
using System.Management.Automation;
using System.Threading;
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
    /// <remarks>
    /// Used on the pipeline thread only, disposed there too (EndProcessing, or the cmdlet's Dispose after a stopped
    /// pipeline). Ctrl+C cancels the cmdlet's stop token, which reaches every send (the background one included) and the
    /// outbox flush: a send it stops leaves its message queued, and a notification written ahead but not started is dropped.
    /// </remarks>
    internal sealed class NotificationSession : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly NotificationService _service;
        private readonly MailDispatcher _dispatcher;
        private readonly CmdletOutputWriter _output;
        private readonly RunHistory _history;
        private readonly CancellationToken _stop;
        private bool _outboxFlushed;
        // The notification being sent in the background, kept until its result has been written, so that Dispose can
        // wait for it.
        private PendingNotification _pending;
        private bool _sentOne;

        private NotificationSession(PSCmdlet cmdlet, NotificationService service, MailDispatcher dispatcher, CmdletOutputWriter output, RunHistory history, CancellationToken stop)
        {
            _history = history;
            _cmdlet = cmdlet;
            _service = service;
            _dispatcher = dispatcher;
            _output = output;
            _stop = stop;
        }

        /// <summary>How long one call spends on starting queued deliveries before its own notifications.</summary>
        internal static readonly TimeSpan OutboxBudget = TimeSpan.FromSeconds(20);

        /// <summary>
        /// Opens the configuration, the vault access and the dispatcher for <paramref name="cmdlet"/>; every send and the
        /// outbox flush get <paramref name="stop"/> (the cmdlet's <see cref="StoppableCmdlet.StopToken"/>).
        /// </summary>
        public static NotificationSession Open(PSCmdlet cmdlet, CancellationToken stop)
        {
            var services = EngineServices.Open(cmdlet);
            var dispatcher = services.CreateQueueingDispatcher();
            // -WhatIf writes nothing: not even the run's record in the journal.
            var history = IsWhatIf(cmdlet) ? null : services.Engine.CreateRunHistory();
            var service = services.Engine.CreateNotificationService(dispatcher, history);
            return new NotificationSession(cmdlet, service, dispatcher, services.Output, history, stop);
        }

        /// <summary>
        /// Prepares the notification, asks ShouldProcess when it would be sent, and sends it. Returns the result (Action
        /// Failed, with an error record, when sending failed), or null when the user declined (-WhatIf, -Confirm) or the
        /// notification could not be prepared (an error record was written).
        /// </summary>
        public BackupMailResult Notify(NotificationRequest request) => Notify(request, out _);

        /// <summary>As <see cref="Notify(NotificationRequest)"/>, also handing back the engine error, if any.</summary>
        /// <exception cref="PipelineStoppedException">The user stopped the pipeline (the notification was queued).</exception>
        public BackupMailResult Notify(NotificationRequest request, out BackupMailException failure)
        {
            try
            {
                var prepared = PrepareAndConfirm(request, null, out var skipped, out failure);
                return prepared == null ? skipped : End(prepared, () => _service.Deliver(prepared, _stop), out failure);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// As <see cref="Notify(NotificationRequest)"/>, but from the second notification of the call on, each is sent in
        /// the background while the caller binds and prepares the next one (see <see cref="NotificationService.BeginDeliver(PreparedNotification, CancellationToken)"/>). Results go to
        /// <paramref name="write"/>, and results and errors come in the order of the items: everything of the previous
        /// item before anything of this one. <see cref="EndPending"/> writes the last item's.
        /// </summary>
        /// <exception cref="PipelineStoppedException">The user stopped the pipeline.</exception>
        public void NotifyInBackground(NotificationRequest request, Action<BackupMailResult> write)
        {
            try
            {
                NotifyInBackgroundCore(request, write);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void NotifyInBackgroundCore(NotificationRequest request, Action<BackupMailResult> write)
        {
            // Prepared while the previous item is still being sent: that is the whole gain.
            var prepared = PrepareAndConfirm(request, () => EndPendingCore(write), out var skipped, out _);
            if (prepared == null)
            {
                if (skipped != null) write(skipped);
                return;
            }

            if (!_sentOne)
            {
                // The first one goes out at once: a call with a single notification (the usual scheduled task) has
                // nothing to overlap, and would only pay for the hop to another thread.
                EndPendingCore(write);
                _sentOne = true;
                var result = End(prepared, () => _service.Deliver(prepared, _stop), out _);
                if (result != null) write(result);
                return;
            }

            // Written ahead (and synced to disk) while the previous one is still being sent. Stopped (Ctrl+C) before it
            // starts, it is dropped: nothing new goes out, now or later.
            var written = _service.WriteAhead(prepared, _stop);
            try
            {
                EndPendingCore(write);
            }
            catch
            {
                _service.Discard(written);
                throw;
            }

            if (_stop.IsCancellationRequested)
            {
                _service.Discard(written);
                throw new PipelineStoppedException();
            }

            // Should Ctrl+C come now, the send stops at once and the message, already in the journal, is queued.
            _pending = _service.BeginDeliver(prepared, written, _stop);
        }

        /// <summary>Waits for the notification being sent in the background, if any, and writes its result and errors.</summary>
        /// <exception cref="PipelineStoppedException">The user stopped the pipeline while it was being sent (it was queued).</exception>
        public void EndPending(Action<BackupMailResult> write)
        {
            try
            {
                EndPendingCore(write);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void EndPendingCore(Action<BackupMailResult> write)
        {
            var pending = _pending;
            if (pending == null)
            {
                return;
            }

            var result = End(pending.Prepared, pending.End, out _);
            _pending = null;
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
        /// Lets a notification still being sent in the background end (sent, or queued in the outbox: never lost; at once
        /// when the pipeline was stopped, else within the account's timeout), then says QUIT on every connection opened
        /// and queues what the journal still holds. Writes nothing: it may run after the cmdlet has stopped. Call it on
        /// the pipeline thread (EndProcessing, or the cmdlet's Dispose), never from StopProcessing.
        /// </summary>
        public void Dispose()
        {
            var pending = _pending;
            _pending = null;
            pending?.Wait();
            _dispatcher.Dispose();
            _history?.Dispose();
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

                foreach (var result in new OutboxSender(_dispatcher, _output).SendDue(OutboxBudget, _stop))
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
