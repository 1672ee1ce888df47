using System;
using System.Linq;
using System.Management.Automation;
using BackupMail.History;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;
using BackupMail.Watchdog;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Get-BackupJobStatus: each backup job's last run, last success, when its next run is due and whether it is
    /// overdue, from the notification rules (-ExpectEvery) and the run journal.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BackupJobStatus")]
    [OutputType(typeof(JobStatus))]
    public sealed class GetBackupJobStatusCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The backup jobs (wildcards, any case); every job with a rule or a recorded run when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] BackupName { get; set; }

        #endregion

        /// <summary>Writes the status of the jobs asked for, by name.</summary>
        protected override void ProcessRecord()
        {
            try
            {
                var services = EngineServices.Open(this);
                var patterns = BackupName?.Select(name => new BackupNamePattern(name)).ToArray();
                Func<string, bool> include = patterns == null ? null : name => patterns.Any(p => p.IsMatch(name));
                var jobs = JobStatusReader.Read(services.Rules.GetAll(), services.Engine.RunJournal(), DateTimeOffset.Now, include,
                    watchedOnly: false, out var stateProblem);
                if (stateProblem != null)
                {
                    // Reported, not fatal: the jobs are still listed, those that never ran without a due time.
                    WriteError(ErrorRecords.From(new BackupMailException(stateProblem.ErrorId, stateProblem.Kind,
                        WatchdogCmdletStrings.Format("StateUnreadable", stateProblem.Message), stateProblem.Target, stateProblem)));
                }

                foreach (var job in jobs)
                {
                    WriteObject(job);
                }

                // A name without wildcards that is no job is an error, as with Get-BackupNotificationRule; one missing
                // name does not hide the others.
                foreach (var name in BackupName ?? Array.Empty<string>())
                {
                    if (WildcardPattern.ContainsWildcardCharacters(name)) continue;
                    if (jobs.Any(job => string.Equals(job.BackupName, name.Trim(), StringComparison.OrdinalIgnoreCase))) continue;
                    WriteError(ErrorRecords.From(new BackupMailException(ErrorIds.JobNotFound, BackupMailErrorKind.ObjectNotFound,
                        WatchdogCmdletStrings.Format("JobNotFound", name), name)));
                }
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
