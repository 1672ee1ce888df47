using System;
using System.Linq;
using System.Management.Automation;
using BackupMail.Delivery;
using BackupMail.Digest;
using BackupMail.Notifications;
using BackupMail.PowerShell.Completion;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Sends one digest over the backup runs that are in no digest yet.</para>
    /// <para type="description">Without -To, one digest per recipient group of the rules with -Digest Daily or Weekly; with -To,
    /// one digest to those addresses over every job. Each run is in exactly one digest. Returns a BackupMail.BackupMailResult per
    /// digest sent or queued; nothing when there is nothing new (unless -Force).</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BackupMailDigest", SupportsShouldProcess = true)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class SendBackupMailDigestCommand : StoppableCmdlet
    {
        #region Parameters

        /// <summary>The account to send with (default: each rule's account; with -To, <c>Default</c>).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Account { get; set; }

        /// <summary>Send one digest to these recipients over every job, instead of the rules' recipients.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] To { get; set; }

        /// <summary>The template to render (default: the built-in <c>Digest</c>).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Template { get; set; }

        /// <summary>Leave out runs before this time; they count as digested.</summary>
        [Parameter]
        public DateTime Since { get; set; }

        /// <summary>Send a digest even when there are no new runs (it says so).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        #endregion

        private MailDispatcher _dispatcher;

        /// <summary>Sends the digests.</summary>
        protected override void EndProcessing()
        {
            try
            {
                var services = EngineServices.Open(this);
                _dispatcher = services.CreateQueueingDispatcher();
                var request = new DigestRequest
                {
                    To = To == null ? null : MailAddressList.Parse(To).ToList(),
                    Account = Account,
                    Template = Template,
                    Since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? new DateTimeOffset(Since) : (DateTimeOffset?)null,
                    Force = Force.IsPresent,
                };

                var rules = services.Rules.GetAll();
                var outcomes = services.Engine.CreateDigestService(_dispatcher, rules)
                    .Send(request, DigestSubscriptions.FromRules(rules), ShouldProcess, StopToken);
                foreach (var outcome in outcomes)
                {
                    if (outcome.Result != null)
                    {
                        WriteObject(outcome.Result);
                    }
                    else if (outcome.Error != null)
                    {
                        WriteError(ErrorRecords.From(outcome.Error));
                    }
                }
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }
            finally
            {
                _dispatcher?.Dispose();
            }
        }

        /// <summary>Closes what the call opened, also when it was stopped (PowerShell disposes the cmdlet).</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _dispatcher?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
