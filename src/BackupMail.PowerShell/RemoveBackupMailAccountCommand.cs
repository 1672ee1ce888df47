using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Removes SMTP accounts and their passwords from the vault.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "BackupMailAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveBackupMailAccountCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The accounts' names (binds from the Name of Get-BackupMailAccount's output).</summary>
        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[] Name { get; set; }

        #endregion

        private EngineServices _services;

        /// <inheritdoc />
        protected override void BeginProcessing() => _services = EngineServices.Open(this);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                if (!ShouldProcess(name, CmdletStrings.Format("ActionRemoveAccount")))
                {
                    continue;
                }

                try
                {
                    _services.Accounts.Remove(name);
                }
                catch (BackupMailException ex)
                {
                    WriteError(ErrorRecords.From(ex));
                }
            }
        }
    }
}
