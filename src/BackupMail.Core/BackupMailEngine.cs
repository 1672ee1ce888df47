#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Delivery.Graph;
using BackupMail.Notifications;
using BackupMail.OAuth;
using BackupMail.Outbox;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail
{
    /// <summary>
    /// The engine's one entry point: every service of one configuration directory, wired together the same way for
    /// every cmdlet and every test. Given where the configuration lives, where secrets come from, where messages go and
    /// how SMTP clients are made, it offers the store, the accounts, the transports, the templates, the rules, the outbox
    /// and the dispatchers that send through them.
    /// </summary>
    /// <remarks>
    /// One engine serves one call (a cmdlet's, a test's). Creating it reads nothing: <c>config.json</c>, the vault and the
    /// outbox are read when a service first needs them. The services share the engine's store, credential source and
    /// output writer; dispatchers are created per use and disposed by whoever created them.
    /// </remarks>
    public sealed class BackupMailEngine
    {
        private readonly CultureInfo _uiCulture;

        private readonly Lazy<OutboxStore> _outbox;

        /// <summary>Wires the services of <paramref name="configDirectory"/>.</summary>
        /// <param name="configDirectory">The configuration directory (<c>config.json</c>, <c>outbox/</c>); see <see cref="ConfigDirectory.Resolve()"/>.</param>
        /// <param name="credentials">Where passwords, client secrets and cached tokens are read and stored (a SecretManagement vault, in PowerShell).</param>
        /// <param name="output">Receives the engine's verbose messages and warnings; null discards them.</param>
        /// <param name="smtpClients">Makes the MailKit clients SMTP sessions run on; null for <see cref="SmtpClientFactory.Default"/>.</param>
        /// <param name="uiCulture">The language of the built-in templates; null for the current UI culture.</param>
        /// <param name="clock">The current time the dispatchers see (queue ids, retry times); null for the system clock.</param>
        /// <exception cref="ArgumentNullException"><paramref name="configDirectory"/> or <paramref name="credentials"/> is null.</exception>
        public BackupMailEngine(
            string configDirectory,
            ICredentialSource credentials,
            IOutputWriter? output = null,
            ISmtpClientFactory? smtpClients = null,
            CultureInfo? uiCulture = null,
            Func<DateTimeOffset>? clock = null)
        {
            if (configDirectory == null) throw new ArgumentNullException(nameof(configDirectory));
            Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            Output = output ?? NullOutputWriter.Instance;
            Clock = clock ?? (() => DateTimeOffset.UtcNow);
            Store = new ConfigStore(configDirectory);
            Accounts = new AccountService(Store, Credentials, Output);
            Connector = new SmtpConnector(smtpClients ?? SmtpClientFactory.Default, Output);
            Tokens = new OAuthTokenService(Credentials, Output);
            var tokens = Tokens;
            var messages = Output;
            Transport = new TransportRouter(new SmtpTransport(Accounts, Connector, Tokens), () => new GraphTransport(tokens, messages));
            _uiCulture = uiCulture ?? CultureInfo.CurrentUICulture;
            Templates = new TemplateService(Store, _uiCulture);
            Rules = new RuleService(Store);
            Journal = new JournalSettingsService(Store);
            _outbox = new Lazy<OutboxStore>(() => OutboxStore.InConfigDirectory(Store.DirectoryPath));
        }

        /// <summary>
        /// The engine of the configuration directory every cmdlet uses: <c>$env:BACKUPMAIL_CONFIG_DIR</c> (read now), else
        /// the platform's default (see <see cref="ConfigDirectory.Resolve()"/>).
        /// </summary>
        /// <param name="credentials">As in the constructor.</param>
        /// <param name="output">As in the constructor.</param>
        /// <exception cref="BackupMailException"><c>ConfigDirectoryUnknown</c> when no configuration directory can be found.</exception>
        public static BackupMailEngine OpenDefault(ICredentialSource credentials, IOutputWriter? output = null) =>
            new BackupMailEngine(ConfigDirectory.Resolve(), credentials, output);

        /// <summary>The configuration directory.</summary>
        public string ConfigDirectoryPath => Store.DirectoryPath;

        /// <summary>Where the services' verbose messages and warnings go.</summary>
        public IOutputWriter Output { get; }

        /// <summary>Where secrets are read and stored.</summary>
        public ICredentialSource Credentials { get; }

        /// <summary>The current time the dispatchers see.</summary>
        public Func<DateTimeOffset> Clock { get; }

        /// <summary>When a queued message is tried again, in the dispatchers this engine creates (replaceable in tests).</summary>
        public RetrySchedule RetrySchedule { get; set; } = RetrySchedule.Default;

        /// <summary>The configuration store (<c>config.json</c>).</summary>
        public ConfigStore Store { get; }

        /// <summary>The mail accounts, their credentials in <see cref="Credentials"/>.</summary>
        public AccountService Accounts { get; }

        /// <summary>Opens SMTP sessions and tests SMTP accounts.</summary>
        public SmtpConnector Connector { get; }

        /// <summary>OAuth 2.0 tokens of OAuthApp and OAuthUser accounts, cached in <see cref="Credentials"/>.</summary>
        public IAccessTokenSource Tokens { get; }

        /// <summary>The transport the stored accounts send through: SMTP (a password or an XOAUTH2 token) or Microsoft Graph, as each account says.</summary>
        public IMailTransport Transport { get; }

        /// <summary>The templates (built-in ones in the engine's UI culture).</summary>
        public TemplateService Templates { get; }

        /// <summary>The notification rules.</summary>
        public RuleService Rules { get; }

        /// <summary>The run journal's settings.</summary>
        public JournalSettingsService Journal { get; }

        /// <summary>The run journal of the configuration directory (<c>journal/runs.log</c>), with the engine's clock; its retention is the caller's to set.</summary>
        public History.RunJournal RunJournal() => History.RunJournal.InConfigDirectory(Store.DirectoryPath, Clock);

        /// <summary>The outbox of the configuration directory (<c>outbox/</c>; nothing is created until a message is queued).</summary>
        public OutboxStore Outbox => _outbox.Value;

        /// <summary>
        /// A dispatcher that sends through the stored accounts, one session per account, and lets every failure propagate
        /// (a test mail should fail loudly). The caller disposes it.
        /// </summary>
        public MailDispatcher CreateDispatcher() => Configure(new MailDispatcher(Accounts, Transport, Output));

        /// <summary>
        /// A dispatcher that keeps what cannot be delivered now in <see cref="Outbox"/> (notifications must never be lost).
        /// The caller disposes it.
        /// </summary>
        public MailDispatcher CreateQueueingDispatcher() => Configure(new MailDispatcher(Accounts, Transport, Output, Outbox));

        /// <summary>The notification service over <paramref name="dispatcher"/>, the engine's rules and templates. The caller keeps owning the dispatcher.</summary>
        /// <param name="dispatcher">Sends the notifications (<see cref="CreateQueueingDispatcher"/>, usually).</param>
        /// <exception cref="ArgumentNullException"><paramref name="dispatcher"/> is null.</exception>
        public NotificationService CreateNotificationService(MailDispatcher dispatcher) => CreateNotificationService(dispatcher, null);

        /// <summary>
        /// As <see cref="CreateNotificationService(MailDispatcher)"/>, with the job history that trend placeholders and
        /// recovery mails read and that records each run (null: none, as under -WhatIf).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="dispatcher"/> is null.</exception>
        public NotificationService CreateNotificationService(MailDispatcher dispatcher, RunHistory? history) =>
            new NotificationService(Rules, Templates, dispatcher ?? throw new ArgumentNullException(nameof(dispatcher)), Output, history);

        /// <summary>
        /// The digest service over <paramref name="dispatcher"/> (a queueing one: a digest is never lost), listing the
        /// jobs the watchdog finds overdue among <paramref name="rules"/>, in the engine's UI culture.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public Digest.DigestService CreateDigestService(MailDispatcher dispatcher, IReadOnlyList<NotificationRule> rules)
        {
            var journal = RunJournal();
            return new Digest.DigestService(journal, dispatcher ?? throw new ArgumentNullException(nameof(dispatcher)), Templates, Output,
                new Watchdog.WatchdogOverdueJobs(rules ?? throw new ArgumentNullException(nameof(rules)), journal), _uiCulture);
        }

        /// <summary>The job history of the configuration directory for one call (its journal's settings are read on first use).</summary>
        public RunHistory CreateRunHistory() => new RunHistory(Store.DirectoryPath, Journal, Output, Clock);

        private MailDispatcher Configure(MailDispatcher dispatcher)
        {
            dispatcher.Clock = Clock;
            dispatcher.RetrySchedule = RetrySchedule;
            return dispatcher;
        }
    }
}
