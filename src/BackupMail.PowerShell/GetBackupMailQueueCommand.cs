using System.Collections.Generic;
using System.Management.Automation;
using BackupMail.Configuration;
using BackupMail.Outbox;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>Get-BackupMailQueue: the notifications waiting in the outbox (or, with -Failed, those given up on).</summary>
    [Cmdlet(VerbsCommon.Get, "BackupMailQueue")]
    [OutputType(typeof(OutboxItem))]
    public sealed class GetBackupMailQueueCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The items to show (wildcards allowed); all when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("QueueId")]
        [ArgumentCompleter(typeof(QueueIdCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        /// <summary>Shows the items in outbox/failed instead of the waiting ones.</summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        #endregion

        /// <summary>Lists the matching items, oldest first.</summary>
        protected override void ProcessRecord()
        {
            OutboxStore outbox;
            try
            {
                outbox = EngineServices.Open(this).Outbox;
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
                return;
            }

            IReadOnlyList<OutboxItem> items = Failed ? outbox.ListFailed() : outbox.List();
            if (Id == null)
            {
                WriteObject(items, enumerateCollection: true);
                return;
            }

            foreach (var id in Id)
            {
                var pattern = WildcardPattern.Get(id, WildcardOptions.IgnoreCase);
                var found = false;
                foreach (var item in items)
                {
                    if (pattern.IsMatch(item.Id))
                    {
                        found = true;
                        WriteObject(item);
                    }
                }

                if (!found && !WildcardPattern.ContainsWildcardCharacters(id))
                {
                    WriteError(ErrorRecords.From(new BackupMailException(
                        ErrorIds.QueueItemNotFound, BackupMailErrorKind.ObjectNotFound, NotifyCmdletStrings.Format("QueueItemNotFound", id), id)));
                }
            }
        }
    }
}
