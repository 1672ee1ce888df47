using System;
using System.Management.Automation;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Rules;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// What Send-BackupNotification and Invoke-BackupJob share: the engine opened once per call (so piped items
    /// share one SMTP connection per account), -WhatIf/-Confirm per item, and engine errors as ErrorRecords.
    /// </summary>
    internal sealed class NotificationSession : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly NotificationService _service;
        private readonly MailDispatcher _dispatcher;
        private readonly IOutputWriter _output;
        private bool _outboxFlushed;

        private NotificationSession(PSCmdlet cmdlet, NotificationService service, MailDispatcher dispatcher, IOutputWriter output)
        {
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
            var service = new NotificationService(
                new RuleService(services.Store), services.Templates, dispatcher, services.Output);
            return new NotificationSession(cmdlet, service, dispatcher, services.Output);
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
                failure = error;
                _cmdlet.WriteError(ErrorRecords.From(error));
                return null;
            }

            if (prepared.Decision == NotificationDecision.Skip)
            {
                _cmdlet.WriteVerbose(NotifyCmdletStrings.Format("Skipped", prepared.BackupName, prepared.Reason));
                return _service.Deliver(prepared);
            }

            var recipients = string.Join(", ", prepared.To);
            if (!_cmdlet.ShouldProcess(
                    NotifyCmdletStrings.Format("SendWhatIf", prepared.BackupName, prepared.Status, prepared.Subject, recipients, prepared.Account),
                    NotifyCmdletStrings.Format("SendConfirm", prepared.BackupName, prepared.Status, prepared.Subject, recipients),
                    NotifyCmdletStrings.Format("SendCaption")))
            {
                return null;
            }

            try
            {
                var result = _service.Deliver(prepared);
                if (prepared.LogProblem != null)
                {
                    // Reported after the send: even -ErrorAction Stop cannot cost the notification now.
                    _cmdlet.WriteError(ErrorRecords.From(prepared.LogProblem));
                }

                return result;
            }
            catch (BackupMailException error)
            {
                // The message was meant to go out and did not: the error, and a result that says so.
                failure = error;
                _cmdlet.WriteError(ErrorRecords.From(error));
                return NotificationService.Failed(prepared, error);
            }
        }

        /// <summary>Says QUIT on every connection opened.</summary>
        public void Dispose() => _dispatcher.Dispose();

        // Once per call, before its own notifications: what waits in the outbox and is due goes first, so a
        // backlog drains without a task of its own. Bounded in time; -WhatIf shows it and sends nothing.
        private void SendDueQueuedNotifications()
        {
            if (_outboxFlushed)
            {
                return;
            }

            _outboxFlushed = true;
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
    }
}
