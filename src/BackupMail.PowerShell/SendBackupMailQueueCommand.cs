using System.Management.Automation;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Send-BackupMailQueue: delivers the queued notifications now (all, or those named), whatever their backoff says.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BackupMailQueue", SupportsShouldProcess = true)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class SendBackupMailQueueCommand : PSCmdlet
    {
        private MailDispatcher _dispatcher;
        private OutboxSender _sender;
        private bool _sentByName;

        #region Parameters

        /// <summary>The items to send; every waiting item when omitted. Binds from Get-BackupMailQueue's output.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("QueueId")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

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
            foreach (var id in Id)
            {
                SendOne(id);
            }
        }

        /// <summary>Without -Id, sends every waiting item; then closes the connections.</summary>
        protected override void EndProcessing()
        {
            try
            {
                if (!_sentByName)
                {
                    foreach (var item in _dispatcher.Outbox.List())
                    {
                        SendOne(item.Id);
                    }
                }
            }
            finally
            {
                _dispatcher.Dispose();
            }
        }

        /// <summary>Ctrl+C: closes the connections at once.</summary>
        protected override void StopProcessing() => _dispatcher?.Dispose();

        private void SendOne(string id)
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("QueueItemTarget", id), NotifyCmdletStrings.Format("SendQueueAction")))
            {
                return;
            }

            try
            {
                WriteObject(_sender.Send(id));
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
