using System.Management.Automation;
using BackupMail.Configuration;
using BackupMail.Outbox;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>Clear-BackupMailQueue: deletes queued notifications (all, or those named) without sending them.</summary>
    [Cmdlet(VerbsCommon.Clear, "BackupMailQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class ClearBackupMailQueueCommand : PSCmdlet
    {
        private OutboxStore _outbox;
        private bool _clearedByName;

        #region Parameters

        /// <summary>The items to delete; every item when omitted. Binds from Get-BackupMailQueue's output.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("QueueId")]
        [ArgumentCompleter(typeof(QueueIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        /// <summary>Deletes from outbox/failed instead of the waiting items.</summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        #endregion

        /// <summary>Finds the outbox.</summary>
        protected override void BeginProcessing()
        {
            try
            {
                _outbox = EngineServices.Open(this).Outbox;
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }
        }

        /// <summary>Deletes the items named in this pipeline input.</summary>
        protected override void ProcessRecord()
        {
            if (Id == null)
            {
                return;
            }

            _clearedByName = true;
            foreach (var id in Id)
            {
                ClearOne(id, reportMissing: true);
            }
        }

        /// <summary>Without -Id, deletes every item.</summary>
        protected override void EndProcessing()
        {
            if (_clearedByName)
            {
                return;
            }

            foreach (var item in Failed ? _outbox.ListFailed() : _outbox.List())
            {
                ClearOne(item.Id, reportMissing: false);
            }
        }

        private void ClearOne(string id, bool reportMissing)
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("QueueItemTarget", id), NotifyCmdletStrings.Format("ClearQueueAction")))
            {
                return;
            }

            if (!_outbox.Remove(id, Failed) && reportMissing)
            {
                WriteError(ErrorRecords.From(new BackupMailException(
                    ErrorIds.QueueItemNotFound, BackupMailErrorKind.ObjectNotFound, NotifyCmdletStrings.Format("QueueItemNotFound", id), id)));
            }
        }
    }
}
