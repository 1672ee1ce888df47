using System;
using System.Globalization;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Rules;
using BackupMail.Templates;
using BackupMail.Tests.Accounts;
using BackupMail.Tests.Support;

namespace BackupMail.Tests.Notifications
{
    /// <summary>
    /// The engine wired as a cmdlet call wires it (<see cref="BackupMailEngine"/>): a config store with an anonymous
    /// account on the test server and one template, a dispatcher (one connection per call) and the notification service.
    /// </summary>
    internal sealed class NotificationWiring : IDisposable
    {
        /// <param name="withOutbox">Queue what cannot be delivered now in the configuration's outbox, as Send-BackupNotification does.</param>
        public NotificationWiring(string configDirectory, TestSmtpServer server, MailTemplate template, CultureInfo uiCulture, bool withOutbox = false)
        {
            Engine = new BackupMailEngine(configDirectory, new InMemoryCredentialSource(), Output, uiCulture: uiCulture);
            Store = Engine.Store;
            var account = server.CreateAccount(MailSecurity.None, "Default");
            Store.Update(config =>
            {
                config.Accounts.Add(account);
                config.Templates.Add(template);
                return 0;
            });
            Outbox = withOutbox ? Engine.Outbox : null;
            Dispatcher = withOutbox ? Engine.CreateQueueingDispatcher() : Engine.CreateDispatcher();
            Service = Engine.CreateNotificationService(Dispatcher);
        }

        /// <summary>
        /// The wiring most engine tests use: English texts and one template, Plain, whose subject reads
        /// <c>[name] status exit=code</c>.
        /// </summary>
        public static NotificationWiring WithPlainTemplate(string configDirectory, TestSmtpServer server, bool withOutbox = false) =>
            new NotificationWiring(configDirectory, server, new MailTemplate
            {
                Name = "Plain",
                Subject = "[##BackupName##] ##Status## exit=##ExitCode##",
                Body = "Status=##Status##\nFrom=##Source##\nError=##ErrorMessage##",
            }, CultureInfo.GetCultureInfo("en-US"), withOutbox);

        /// <summary>The engine the service comes from.</summary>
        public BackupMailEngine Engine { get; }

        public ConfigStore Store { get; }

        public RecordingOutputWriter Output { get; } = new RecordingOutputWriter();

        public MailDispatcher Dispatcher { get; }

        /// <summary>The outbox, or null without one.</summary>
        public OutboxStore Outbox { get; }

        public NotificationService Service { get; }

        public void Dispose() => Dispatcher.Dispose();
    }
}
