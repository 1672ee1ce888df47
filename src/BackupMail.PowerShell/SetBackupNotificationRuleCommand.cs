using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.PowerShell.Resources;
using BackupMail.Rules;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Set-BackupNotificationRule: who is told about a backup job, and when. Addresses are validated when saved.
    /// An existing rule changes only in the parameters given; a new one takes the defaults for the others.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "BackupNotificationRule", SupportsShouldProcess = true)]
    [OutputType(typeof(NotificationRule))]
    public sealed class SetBackupNotificationRuleCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The backup job's name, as Send-BackupNotification and Invoke-BackupJob will give it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        public string BackupName { get; set; }

        /// <summary>When to send: Never, Always, OnFailure, OnWarning (warning or failure). A new rule: Always.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public NotificationMode Mode { get; set; }

        /// <summary>The recipients: an array, or one string separated by commas or semicolons.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] To { get; set; }

        /// <summary>The account to send with (default Default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Account { get; set; }

        /// <summary>The template to use (default Default).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Template { get; set; }

        /// <summary>Attach the job's log to every message.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanText]
        public SwitchParameter AttachLog { get; set; }

        /// <summary>Copy recipients (Cc): an array, or one string separated by commas or semicolons; empty removes them.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        public string[] Cc { get; set; }

        /// <summary>Blind copy recipients (Bcc): they get the message and appear in no header; empty removes them.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        public string[] Bcc { get; set; }

        /// <summary>Where replies go (Reply-To); empty goes back to the sender.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        public string[] ReplyTo { get; set; }

        /// <summary>The messages' priority: Normal (a new rule), High or Low.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MailPriority Priority { get; set; }

        /// <summary>List the job in digests: None (a new rule), Daily or Weekly; independent of -Mode.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DigestCadence Digest { get; set; }

        /// <summary>How often the job must run (e.g. 1.00:00:00, or 26:00:00 — 26 hours — for a nightly job with slack); 0 stops watching it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [IntervalText]
        public System.TimeSpan ExpectEvery { get; set; }

        /// <summary>In mode OnFailure or OnWarning, also mail the first good run after a bad one (on for a new rule).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanText]
        public SwitchParameter NotifyOnRecovery { get; set; }

        /// <summary>A healthchecks-style URL called after every run (itself on success, /fail on failure); empty removes it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string PingUrl { get; set; }

        /// <summary>Returns the saved rule.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        /// <summary>Saves the rule.</summary>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("SetRuleTarget", BackupName), NotifyCmdletStrings.Format("SetRuleAction")))
            {
                return;
            }

            try
            {
                // What is not given keeps the stored value (a new rule takes the default).
                var settings = new RuleSettings
                {
                    BackupName = BackupName,
                    Mode = IsBound(nameof(Mode)) ? Mode : (NotificationMode?)null,
                    To = IsBound(nameof(To)) ? new RecipientList(To ?? new string[0]) : null,
                    Account = IsBound(nameof(Account)) ? Account ?? string.Empty : null,
                    Template = IsBound(nameof(Template)) ? Template ?? string.Empty : null,
                    AttachLog = IsBound(nameof(AttachLog)) ? AttachLog.IsPresent : (bool?)null,
                    Cc = IsBound(nameof(Cc)) ? new RecipientList(Cc ?? new string[0]) : null,
                    Bcc = IsBound(nameof(Bcc)) ? new RecipientList(Bcc ?? new string[0]) : null,
                    ReplyTo = IsBound(nameof(ReplyTo)) ? new RecipientList(ReplyTo ?? new string[0]) : null,
                    Priority = IsBound(nameof(Priority)) ? Priority : (MailPriority?)null,
                    Digest = IsBound(nameof(Digest)) ? Digest : (DigestCadence?)null,
                    ExpectEvery = IsBound(nameof(ExpectEvery)) ? ExpectEvery : (System.TimeSpan?)null,
                    NotifyOnRecovery = IsBound(nameof(NotifyOnRecovery)) ? NotifyOnRecovery.IsPresent : (bool?)null,
                    PingUrl = IsBound(nameof(PingUrl)) ? PingUrl ?? string.Empty : null,
                };
                var saved = EngineServices.Open(this).Rules.Set(settings);
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
