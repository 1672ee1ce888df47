using System.Management.Automation;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Send-BackupMailQueue: delivers the queued notifications now (all, or those named), whatever their backoff says.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BackupMailQueue", SupportsShouldProcess = true)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class SendBackupMailQueueCommand : StoppableCmdlet
    {
        private MailDispatcher _dispatcher;
        private OutboxSender _sender;
        private bool _sentByName;

        #region Parameters

        /// <summary>The items to send; every waiting item when omitted. Binds from Get-BackupMailQueue's output.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("QueueId")]
        [ArgumentCompleter(typeof(QueueIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        /// <summary>
        /// Sends items from outbox/failed instead: each moves back into the outbox and is tried now, after the cause of
        /// its failure (a refused recipient or sender, a damaged item repaired...) was fixed.
        /// </summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        #endregion

        /// <summary>Opens the engine; one SMTP session per account serves every item of this call.</summary>
        protected override void BeginProcessing()
        {
            try
            {
                var services = EngineServices.Open(this);
                _dispatcher = services.CreateQueueingDispatcher();
                _sender = new OutboxSender(_dispatcher, services.Output);
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }
        }

        /// <summary>Sends the items named in this pipeline input.</summary>
        protected override void ProcessRecord()
        {
            if (Id == null)
            {
                return;
            }

            _sentByName = true;
            var progress = new Progress(this, Id.Length);
            foreach (var id in Id)
            {
                progress.Next(id);
                SendOne(id, namedByUser: true);
            }

            progress.Complete();
        }

        /// <summary>Without -Id, sends every waiting item; then closes the connections.</summary>
        protected override void EndProcessing()
        {
            try
            {
                if (!_sentByName)
                {
                    var items = Failed ? _dispatcher.Outbox.ListFailed() : _dispatcher.Outbox.List();
                    var progress = new Progress(this, items.Count);
                    foreach (var item in items)
                    {
                        if (StopToken.IsCancellationRequested)
                        {
                            break;
                        }

                        progress.Next(string.IsNullOrEmpty(item.BackupName) ? item.Id : item.BackupName);
                        SendOne(item.Id, namedByUser: false);
                    }

                    progress.Complete();
                }
            }
            finally
            {
                _dispatcher.Dispose();
            }
        }

        /// <summary>Closes the connections also when Ctrl+C stopped the call (PowerShell disposes the cmdlet).</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _dispatcher?.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>"n of N" while more than one item is sent in this call; nothing for a single item.</summary>
        private sealed class Progress
        {
            private const int ActivityId = 1;
            private readonly Cmdlet _cmdlet;
            private readonly int _total;
            private int _done;

            public Progress(Cmdlet cmdlet, int total)
            {
                _cmdlet = cmdlet;
                _total = total;
            }

            private bool Shown => _total > 1;

            public void Next(string what)
            {
                if (!Shown)
                {
                    return;
                }

                _done++;
                _cmdlet.WriteProgress(new ProgressRecord(
                    ActivityId,
                    NotifyCmdletStrings.Format("SendQueueProgressActivity"),
                    NotifyCmdletStrings.Format("SendQueueProgressStatus", _done, _total, what))
                {
                    PercentComplete = (_done - 1) * 100 / _total,
                });
            }

            public void Complete()
            {
                if (!Shown)
                {
                    return;
                }

                _cmdlet.WriteProgress(new ProgressRecord(ActivityId, NotifyCmdletStrings.Format("SendQueueProgressActivity"), NotifyCmdletStrings.Format("SendQueueProgressStatus", _done, _total, string.Empty).TrimEnd(' ', ':'))
                {
                    PercentComplete = 100,
                    RecordType = ProgressRecordType.Completed,
                });
            }
        }

        private void SendOne(string id, bool namedByUser)
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("QueueItemTarget", id), NotifyCmdletStrings.Format("SendQueueAction")))
            {
                return;
            }

            try
            {
                WriteObject(Failed ? _sender.SendFailed(id, StopToken) : _sender.Send(id, StopToken));
            }
            catch (BackupMailException error) when (!namedByUser && (error.ErrorId == ErrorIds.QueueItemNotFound || error.ErrorId == ErrorIds.QueueItemBusy))
            {
                // Listed a moment ago, sent or being sent by another process now (two flushes at once): not an error.
                WriteVerbose(NotifyCmdletStrings.Format("QueueItemSentElsewhere", id));
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
