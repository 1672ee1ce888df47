using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using BackupMail.History;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;
using BackupMail.Watchdog;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Send-BackupOverdueNotification: one notice per job that became overdue (not one per check), and one when a job
    /// notified as overdue runs again. Meant for its own scheduled task, every hour.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BackupOverdueNotification", SupportsShouldProcess = true)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class SendBackupOverdueNotificationCommand : StoppableCmdlet
    {
        private readonly System.Collections.Generic.List<BackupNamePattern> _patterns = new System.Collections.Generic.List<BackupNamePattern>();
        private bool _allJobs;

        #region Parameters

        /// <summary>The backup jobs to check (wildcards, any case); every job whose rule sets -ExpectEvery when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] BackupName { get; set; }

        /// <summary>Recipients for every notice instead of each rule's (array or comma-separated).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] To { get; set; }

        /// <summary>The account every notice goes through instead of each rule's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Account { get; set; }

        #endregion

        /// <summary>Collects the job names of this pipeline input; the check runs once, at the end.</summary>
        protected override void ProcessRecord()
        {
            if (BackupName == null)
            {
                _allJobs = true;
                return;
            }

            _patterns.AddRange(BackupName.Select(name => new BackupNamePattern(name)));
        }

        /// <summary>Checks the jobs and sends the notices (each asked for with ShouldProcess).</summary>
        protected override void EndProcessing()
        {
            EngineServices services = null;
            WatchdogCheck check;
            try
            {
                services = EngineServices.Open(this);
                var journal = services.Engine.RunJournal();
                var patterns = _patterns.ToArray();
                var options = new WatchdogOptions
                {
                    Include = _allJobs || patterns.Length == 0 ? null : (Func<string, bool>)(name => patterns.Any(p => p.IsMatch(name))),
                    To = To,
                    Account = Account,
                    Culture = CultureInfo.CurrentUICulture,
                };
                check = WatchdogCheck.Open(journal.DirectoryPath, services.Rules.GetAll(), journal.ReadNewestFirst(), options, services.Output, StopToken);
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
                return;
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }

            using (check)
            using (var dispatcher = services.CreateQueueingDispatcher())
            {
                foreach (var notice in check.Notices)
                {
                    if (StopToken.IsCancellationRequested)
                    {
                        break;
                    }

                    var to = notice.To.Count == 0 ? WatchdogCmdletStrings.Get("NoRecipientsShown") : string.Join(", ", notice.To);
                    var action = WatchdogCmdletStrings.Format(notice.Kind == WatchdogNoticeKind.Overdue ? "OverdueAction" : "RanAgainAction", notice.Subject);
                    if (!ShouldProcess(WatchdogCmdletStrings.Format("NoticeTarget", notice.BackupName, to), action))
                    {
                        continue;
                    }

                    Send(check, notice, dispatcher);
                }

                if (!NotificationSession.IsWhatIf(this))
                {
                    try
                    {
                        check.Save();
                    }
                    catch (BackupMailException error)
                    {
                        WriteError(ErrorRecords.From(error));
                    }
                }
            }
        }

        private void Send(WatchdogCheck check, WatchdogNotice notice, BackupMail.Notifications.MailDispatcher dispatcher)
        {
            try
            {
                WriteObject(check.Send(notice, dispatcher, StopToken));
            }
            catch (BackupMailException error)
            {
                WriteObject(notice.Failed(error));
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
