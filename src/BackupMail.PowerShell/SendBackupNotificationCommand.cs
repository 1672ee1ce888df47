using System;
using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.PowerShell.Resources;
using BackupMail.Rules;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Send-BackupNotification: tells the right people how a backup ended, or nobody when the job's rule says so.
    /// Piped job results share one SMTP connection per account.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BackupNotification", SupportsShouldProcess = true, DefaultParameterSetName = ExitCodeSet)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class SendBackupNotificationCommand : StoppableCmdlet
    {
        private const string ExitCodeSet = "ExitCode";
        private const string StatusSet = "Status";

        private NotificationSession _session;

        #region Parameters

        /// <summary>The backup job's name; its rule decides who is told and when.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        public string BackupName { get; set; }

        /// <summary>The backup program's exit code, read through -Tool.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ExitCodeSet, ValueFromPipelineByPropertyName = true)]
        public int ExitCode { get; set; }

        /// <summary>The program whose exit code it is (default Generic: 0 success, anything else failure).</summary>
        [Parameter(ParameterSetName = ExitCodeSet, ValueFromPipelineByPropertyName = true)]
        public BackupTool Tool { get; set; } = BackupTool.Generic;

        /// <summary>The backup's outcome, when the caller knows it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StatusSet, ValueFromPipelineByPropertyName = true)]
        public BackupStatus Status { get; set; }

        /// <summary>When the backup started.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? StartTime { get; set; }

        /// <summary>When the backup ended.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? EndTime { get; set; }

        /// <summary>What was backed up.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Source { get; set; }

        /// <summary>Where it went.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Destination { get; set; }

        /// <summary>The backup's log: its summary and last lines go into the message.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string LogPath { get; set; }

        /// <summary>How many of the log's last lines <c>##LogTail##</c> shows (default 20).</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int LogTailLines { get; set; } = NotificationRequest.DefaultLogTailLines;

        /// <summary>Attach the log (compressed when large); overrides the rule.</summary>
        [Parameter]
        public SwitchParameter AttachLog { get; set; }

        /// <summary>The error text; read from the log when not given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string ErrorMessage { get; set; }

        /// <summary>Recipients for this call (an array, or one string separated by commas or semicolons); override the rule's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] To { get; set; }

        /// <summary>When to send, for this call; overrides the rule's mode.</summary>
        [Parameter]
        public NotificationMode? Mode { get; set; }

        /// <summary>The account to send with; overrides the rule's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Account { get; set; }

        /// <summary>The template; overrides the rule's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Template { get; set; }

        /// <summary>Copy recipients for this call (an array, or one string separated by commas or semicolons); override the rule's.</summary>
        [Parameter]
        public string[] Cc { get; set; }

        /// <summary>Blind copy recipients for this call; they get the message but appear in no header; override the rule's.</summary>
        [Parameter]
        public string[] Bcc { get; set; }

        /// <summary>Where replies go, for this call; overrides the rule's.</summary>
        [Parameter]
        public string[] ReplyTo { get; set; }

        /// <summary>The priority for this call: Normal, High or Low; overrides the rule's.</summary>
        [Parameter]
        public MailPriority? Priority { get; set; }

        #endregion

        /// <summary>Opens the engine once for every piped item (connections open on first use).</summary>
        protected override void BeginProcessing()
        {
            try
            {
                _session = NotificationSession.Open(this, StopToken);
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }
        }

        /// <summary>Decides, renders and (unless -WhatIf) sends the notification for one item.</summary>
        protected override void ProcessRecord()
        {
            var request = new NotificationRequest
            {
                BackupName = BackupName,
                ExitCode = ParameterSetName == ExitCodeSet ? ExitCode : (int?)null,
                Tool = Tool,
                Status = ParameterSetName == StatusSet ? Status : (BackupStatus?)null,
                StartTime = StartTime,
                EndTime = EndTime,
                Source = Source,
                Destination = Destination,
                LogPath = LogPath == null ? null : GetUnresolvedProviderPathFromPSPath(LogPath),
                LogTailLines = LogTailLines,
                AttachLog = MyInvocation.BoundParameters.ContainsKey(nameof(AttachLog)) ? AttachLog.IsPresent : (bool?)null,
                ErrorMessage = ErrorMessage,
                To = To,
                Mode = Mode,
                Account = Account,
                Template = Template,
                Cc = Cc,
                Bcc = Bcc,
                ReplyTo = ReplyTo,
                Priority = Priority,
            };

            _session.NotifyInBackground(request, WriteObject);
        }

        /// <summary>Writes the last notification's result, then says QUIT on every connection the call opened.</summary>
        protected override void EndProcessing()
        {
            try
            {
                _session?.EndPending(WriteObject);
            }
            finally
            {
                CloseSession();
            }
        }

        /// <summary>
        /// When the pipeline ends early (an error, Select-Object -First, Ctrl+C), PowerShell disposes the cmdlet on the
        /// pipeline thread: the last notification is still sent, or queued when Ctrl+C stopped its send.
        /// </summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                CloseSession();
            }

            base.Dispose(disposing);
        }

        private void CloseSession()
        {
            var session = _session;
            _session = null;
            session?.Dispose();
        }
    }
}
