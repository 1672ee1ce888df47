using System;
using System.Management.Automation;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.PowerShell.Completion;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Get-BackupRunHistory: the runs recorded in the run journal, newest first: every Send-BackupNotification and
    /// Invoke-BackupJob run, whatever its rule decided.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BackupRunHistory")]
    [OutputType(typeof(RunRecord))]
    public sealed class GetBackupRunHistoryCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The backup jobs (wildcards, any case); all when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        public string[] BackupName { get; set; }

        /// <summary>Only runs that ended (or, without an end, started) at or after this time.</summary>
        [Parameter]
        public DateTime Since { get; set; }

        /// <summary>At most this many runs: the newest that match the other filters.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Last { get; set; }

        /// <summary>Only runs with one of these statuses.</summary>
        [Parameter]
        public BackupStatus[] Status { get; set; }

        #endregion

        /// <summary>Writes the matching runs, newest first, as they are read.</summary>
        protected override void ProcessRecord()
        {
            var query = new RunHistoryQuery
            {
                BackupName = BackupName,
                Since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? ToOffset(Since) : (DateTimeOffset?)null,
                Last = MyInvocation.BoundParameters.ContainsKey(nameof(Last)) ? Last : (int?)null,
                Status = Status,
            };

            try
            {
                var journal = EngineServices.Open(this).Engine.RunJournal();
                foreach (var run in query.Run(journal))
                {
                    WriteObject(run);
                }
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }

        // A time typed without a zone (Get-Date, '2026-12-01') is this computer's local time.
        private static DateTimeOffset ToOffset(DateTime time) =>
            time.Kind == DateTimeKind.Utc ? new DateTimeOffset(time) : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Local));
    }
}
