using System.Globalization;
using System.Management.Automation;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.OAuth;
using BackupMail.Outbox;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// The engine (<see cref="BackupMailEngine"/>) wired for one cmdlet call: the configuration directory as it is now
    /// (<c>$env:BACKUPMAIL_CONFIG_DIR</c> is read on every call), secrets through SecretManagement, SMTP through MailKit,
    /// the built-in templates in the current UI culture, and the engine's verbose/warning/debug messages on the cmdlet's
    /// streams. What does not depend on PowerShell is wired by the engine; this adds only what does.
    /// </summary>
    /// <remarks>
    /// Open it in BeginProcessing (or ProcessRecord) and use it on the pipeline thread only: the credential source
    /// runs SecretManagement in the caller's runspace and the output writer writes to the cmdlet's streams.
    /// Opening reads nothing: the configuration file and the vault are read when a service first needs them.
    /// </remarks>
    internal sealed class EngineServices
    {
        private EngineServices(PSCmdlet cmdlet)
        {
            var directory = ConfigDirectory.Resolve();
            Output = new CmdletOutputWriter(cmdlet);
            var credentials = new SecretManagementCredentialSource(directory, Output, cmdlet.Host);
            Engine = new BackupMailEngine(directory, credentials, Output, SmtpClientFactory.Default, CultureInfo.CurrentUICulture);
        }

        /// <summary>The engine's services.</summary>
        public BackupMailEngine Engine { get; }

        /// <summary>Forwards engine messages to the cmdlet's verbose, warning and debug streams.</summary>
        public CmdletOutputWriter Output { get; }

        /// <summary>The mail accounts (passwords in the SecretManagement vault).</summary>
        public AccountService Accounts => Engine.Accounts;

        /// <summary>OAuth 2.0 tokens of OAuthApp and OAuthUser accounts, cached in the vault.</summary>
        public IAccessTokenSource Tokens => Engine.Tokens;

        /// <summary>The transport the stored accounts send through.</summary>
        public IMailTransport Transport => Engine.Transport;

        /// <summary>The templates (built-in defaults in the current UI culture).</summary>
        public TemplateService Templates => Engine.Templates;

        /// <summary>The notification rules.</summary>
        public RuleService Rules => Engine.Rules;

        /// <summary>The run journal's settings.</summary>
        public JournalSettingsService Journal => Engine.Journal;

        /// <summary>The outbox in the configuration directory.</summary>
        public OutboxStore Outbox => Engine.Outbox;

        /// <summary>Wires the services for <paramref name="cmdlet"/>.</summary>
        /// <exception cref="BackupMailException"><c>ConfigDirectoryUnknown</c> when no configuration directory can be found.</exception>
        public static EngineServices Open(PSCmdlet cmdlet) => new EngineServices(cmdlet);

        /// <summary>
        /// A dispatcher that sends through the stored accounts, one session per account for this call; every failure
        /// propagates. The caller disposes it on the pipeline thread (EndProcessing, and its Dispose when the pipeline stops).
        /// </summary>
        public MailDispatcher CreateDispatcher() => Engine.CreateDispatcher();

        /// <summary>
        /// A dispatcher that keeps what cannot be delivered now in the outbox (notifications must never be lost;
        /// a test mail, by contrast, should fail loudly, so it uses <see cref="CreateDispatcher"/>).
        /// </summary>
        public MailDispatcher CreateQueueingDispatcher() => Engine.CreateQueueingDispatcher();
    }
}
