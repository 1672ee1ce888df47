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
    /// The engine's services, wired for one cmdlet call: the configuration store of the current configuration
    /// directory (<c>$env:BACKUPMAIL_CONFIG_DIR</c> is read on every call), passwords through SecretManagement,
    /// SMTP through MailKit, and the engine's verbose/warning/debug messages on the cmdlet's streams.
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
            Output = new CmdletOutputWriter(cmdlet);
            Store = ConfigStore.OpenDefault();
            Credentials = new SecretManagementCredentialSource(Store.DirectoryPath, Output, cmdlet.Host);
            Accounts = new AccountService(Store, Credentials, Output);
            Connector = new SmtpConnector(SmtpClientFactory.Default, Output);
            Tokens = new OAuthTokenService(Credentials, Output);
            var output = Output;
            Transport = new TransportRouter(new SmtpTransport(Accounts, Connector, Tokens), () => new BackupMail.Delivery.Graph.GraphTransport(Tokens, output));
            Templates = new TemplateService(Store, CultureInfo.CurrentUICulture);
            Rules = new RuleService(Store);
            Journal = new JournalSettingsService(Store);
        }

        /// <summary>Forwards engine messages to the cmdlet's verbose, warning and debug streams.</summary>
        public CmdletOutputWriter Output { get; }

        /// <summary>The configuration store (<c>config.json</c>).</summary>
        public ConfigStore Store { get; }

        /// <summary>Passwords in the SecretManagement vault.</summary>
        public ICredentialSource Credentials { get; }

        /// <summary>The SMTP accounts.</summary>
        public AccountService Accounts { get; }

        /// <summary>OAuth 2.0 tokens of OAuthApp and OAuthUser accounts, cached in the vault.</summary>
        public IAccessTokenSource Tokens { get; }

        /// <summary>Opens SMTP sessions and tests accounts.</summary>
        public SmtpConnector Connector { get; }

        /// <summary>The transport the stored accounts send through: SMTP (a password or an XOAUTH2 token) or Microsoft Graph, as each account says.</summary>
        public IMailTransport Transport { get; }

        /// <summary>The templates (built-in defaults in the current UI culture).</summary>
        public TemplateService Templates { get; }

        /// <summary>The notification rules.</summary>
        public RuleService Rules { get; }

        /// <summary>The run journal's settings.</summary>
        public JournalSettingsService Journal { get; }

        /// <summary>The outbox in the configuration directory.</summary>
        public OutboxStore Outbox => OutboxStore.InConfigDirectory(Store.DirectoryPath);

        /// <summary>Wires the services for <paramref name="cmdlet"/>.</summary>
        public static EngineServices Open(PSCmdlet cmdlet) => new EngineServices(cmdlet);

        /// <summary>
        /// A dispatcher that sends through the stored accounts, one SMTP session per account for this call.
        /// The caller disposes it (EndProcessing and StopProcessing).
        /// </summary>
        public MailDispatcher CreateDispatcher() => new MailDispatcher(Accounts, Transport, Output);

        /// <summary>
        /// A dispatcher that keeps what cannot be delivered now in the outbox (notifications must never be lost;
        /// a test mail, by contrast, should fail loudly, so it uses <see cref="CreateDispatcher"/>).
        /// </summary>
        public MailDispatcher CreateQueueingDispatcher() => new MailDispatcher(Accounts, Transport, Output, Outbox);
    }
}
