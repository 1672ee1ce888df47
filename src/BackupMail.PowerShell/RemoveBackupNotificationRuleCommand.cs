using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Configuration;
using BackupMail.PowerShell.Resources;
using BackupMail.Rules;

namespace BackupMail.PowerShell
{
    /// <summary>Remove-BackupNotificationRule: deletes a backup job's rule (its notifications then need -To).</summary>
    [Cmdlet(VerbsCommon.Remove, "BackupNotificationRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveBackupNotificationRuleCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The backup jobs whose rules go; binds from piped rules.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        public string[] BackupName { get; set; }

        #endregion

        /// <summary>Removes each named rule.</summary>
        protected override void ProcessRecord()
        {
            foreach (var name in BackupName)
            {
                if (!ShouldProcess(NotifyCmdletStrings.Format("SetRuleTarget", name), NotifyCmdletStrings.Format("RemoveRuleAction")))
                {
                    continue;
                }

                try
                {
                    EngineServices.Open(this).Rules.Remove(name);
                }
                catch (BackupMailException error)
                {
                    WriteError(ErrorRecords.From(error));
                }
            }
        }
    }
}
