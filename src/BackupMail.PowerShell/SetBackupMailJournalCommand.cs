using System.Management.Automation;
using BackupMail.Configuration;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Set-BackupMailJournal: how long the run journal keeps runs (default 400 days), or whether runs are recorded at all.
    /// Changes only what is given.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "BackupMailJournal", SupportsShouldProcess = true)]
    [OutputType(typeof(JournalSettings))]
    public sealed class SetBackupMailJournalCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>Days a run is kept (1 to 3660); older runs are dropped when the next run is recorded.</summary>
        [Parameter(Position = 0)]
        public int RetentionDays { get; set; }

        /// <summary>Record runs (on by default). Off, history, trend placeholders, digests and the watchdog see no new runs.</summary>
        [Parameter]
        [BooleanText]
        public SwitchParameter Enabled { get; set; }

        /// <summary>Returns the settings as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        /// <summary>Saves the settings.</summary>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("JournalTarget"), NotifyCmdletStrings.Format("JournalAction")))
            {
                return;
            }

            try
            {
                var services = EngineServices.Open(this);
                var saved = services.Journal.Set(
                    IsBound(nameof(Enabled)) ? Enabled.IsPresent : (bool?)null,
                    IsBound(nameof(RetentionDays)) ? RetentionDays : (int?)null);
                if (PassThru) WriteObject(saved);
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }

        private bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
