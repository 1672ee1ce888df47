using System.Globalization;
using System.Linq;
using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using System.Threading;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.PowerShell.Resources;
using BackupMail.Templates;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Sends a test e-mail: the template rendered with a sample run, marked [Test], through a stored account.</para>
    /// <para type="description">The subject starts with [Test] and the body with a line naming the account and
    /// Send-BackupMailTest. Every address is checked before any connection is made. Returns a BackupMail.BackupMailResult.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "BackupMailTest", SupportsShouldProcess = true)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class SendBackupMailTestCommand : StoppableCmdlet
    {
        #region Parameters

        /// <summary>The recipients: an array, or one string separated by commas or semicolons.</summary>
        [Parameter(Position = 0, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] To { get; set; }

        /// <summary>The account to send with (default <c>Default</c>).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Account { get; set; } = "Default";

        /// <summary>The template to render (default <c>Default</c>).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Template { get; set; } = "Default";

        #endregion

        private EngineServices _services;
        private MailDispatcher _dispatcher;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            _services = EngineServices.Open(this);
            _dispatcher = _services.CreateDispatcher();
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            try
            {
                // Every address is validated before anything connects.
                var recipients = MailAddressList.Parse(To);
                var template = _services.Templates.Find(Template);
                // The account is looked up now (no connection), so the test note names it as it is stored.
                var account = _dispatcher.GetAccount(Account);
                var rendered = BackupMail.Digest.DigestTestMessage.Render(template, account.Name, CultureInfo.CurrentUICulture);

                var target = string.Join(", ", recipients);
                if (!ShouldProcess(target, CmdletStrings.Format("ActionSendTest", rendered.Subject, Account)))
                {
                    return;
                }

                var result = _dispatcher.Send(new OutgoingMail
                {
                    Account = account.Name,
                    To = recipients.ToList(),
                    Message = rendered,
                    BackupName = PlaceholderValues.SampleBackupName(template.Culture, CultureInfo.CurrentUICulture),
                    Status = BackupStatus.Success,
                }, StopToken);
                WriteObject(result);
            }
            catch (BackupMailException ex)
            {
                WriteError(ErrorRecords.From(ex));
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing() => _dispatcher?.Dispose();

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
