using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Rules;
using BackupMail.Tests.Accounts;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests
{
    // The one entry point every cmdlet (through EngineServices) and the wiring tests use.
    public sealed class BackupMailEngineTests : IDisposable
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 4, 17, 42, 0, TimeSpan.FromHours(1));

        private readonly TempDirectory _temp = new TempDirectory();
        private readonly InMemoryCredentialSource _vault = new InMemoryCredentialSource();
        private readonly RecordingOutputWriter _output = new RecordingOutputWriter();

        public void Dispose() => _temp.Dispose();

        private string ConfigDirectory => _temp.Combine("config");

        private BackupMailEngine NewEngine(CultureInfo uiCulture = null) =>
            new BackupMailEngine(ConfigDirectory, _vault, _output, uiCulture: uiCulture ?? CultureInfo.GetCultureInfo("en-US"), clock: () => Now);

        [Fact]
        public void Wiring_reads_and_creates_nothing()
        {
            var engine = NewEngine();

            Assert.NotNull(engine.Accounts);
            Assert.NotNull(engine.Transport);
            Assert.NotNull(engine.Tokens);
            Assert.NotNull(engine.Connector);
            Assert.NotNull(engine.Templates);
            Assert.NotNull(engine.Rules);
            Assert.Equal(Path.Combine(ConfigDirectory, "outbox"), engine.Outbox.DirectoryPath);
            using (engine.CreateQueueingDispatcher())
            {
            }

            Assert.False(Directory.Exists(ConfigDirectory));
            Assert.Empty(_vault.Keys);
        }

        [Fact]
        public void Every_service_works_on_the_engines_directory_vault_and_output()
        {
            var engine = NewEngine();
            Assert.Equal(ConfigDirectory, engine.ConfigDirectoryPath);
            Assert.Same(_vault, engine.Credentials);
            Assert.Same(_output, engine.Output);

            engine.Accounts.Set(new AccountSettings
            {
                SmtpServer = "mail.example.com",
                From = "backup@example.com",
                Credential = new NetworkCredential("backup", "S3cret-Pa55word!"),
            });
            engine.Rules.Set(new NotificationRule { BackupName = "Nightly", Mode = NotificationMode.OnFailure, To = new[] { "ops@example.com" } });
            engine.Templates.Set("Weekly", "Weekly ##BackupName##", "##Status##", null);

            // The password went to the engine's vault, the rest into the directory's config.json, which another engine reads.
            Assert.Single(_vault.Keys);
            var again = new BackupMailEngine(ConfigDirectory, _vault);
            Assert.Equal("mail.example.com", again.Accounts.Find("Default").SmtpServer);
            Assert.Equal(NotificationMode.OnFailure, again.Rules.Find("Nightly").Mode);
            Assert.Equal("Weekly ##BackupName##", again.Templates.Find("Weekly").Subject);
            Assert.Equal(Path.Combine(ConfigDirectory, "config.json"), again.Store.ConfigFilePath);
        }

        [Fact]
        public void The_built_in_templates_speak_the_engines_language()
        {
            var english = NewEngine(CultureInfo.GetCultureInfo("en-US")).Templates.Find("Default").Body;
            var german = NewEngine(CultureInfo.GetCultureInfo("de-DE")).Templates.Find("Default").Body;

            Assert.NotEqual(english, german);
        }

        [Fact]
        public void Dispatchers_get_the_engines_clock_and_retry_schedule_and_only_the_queueing_one_an_outbox()
        {
            var engine = NewEngine();
            var schedule = new RetrySchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));
            engine.RetrySchedule = schedule;

            using var plain = engine.CreateDispatcher();
            using var queueing = engine.CreateQueueingDispatcher();

            Assert.Null(plain.Outbox);
            Assert.Equal(engine.Outbox.DirectoryPath, queueing.Outbox.DirectoryPath);
            Assert.All(new[] { plain, queueing }, dispatcher =>
            {
                Assert.Equal(Now, dispatcher.Clock());
                Assert.Same(schedule, dispatcher.RetrySchedule);
            });
        }

        [Fact]
        public void A_notification_goes_out_through_the_engines_wiring_and_one_that_cannot_waits_in_its_outbox()
        {
            using var server = TestSmtpServer.Start();
            var engine = NewEngine();
            engine.Accounts.Set(new AccountSettings { SmtpServer = server.Host, Port = server.Port, Security = MailSecurity.None, From = "backup@example.com", TimeoutSeconds = 10 });
            var request = new NotificationRequest { BackupName = "Nightly", Status = BackupStatus.Failure, To = new[] { "ops@example.com" } };

            var sent = TestDeadline.Run(() =>
            {
                using var dispatcher = engine.CreateQueueingDispatcher();
                return engine.CreateNotificationService(dispatcher).Send(request);
            });

            Assert.Equal(DeliveryAction.Sent, sent.Action);
            Assert.Equal(sent.MessageId, Assert.Single(server.WaitForMessages(1, TimeSpan.FromSeconds(10))).Message.MessageId);

            engine.Accounts.Set(new AccountSettings { Port = LoopbackPort.Unused() });
            var queued = TestDeadline.Run(() =>
            {
                using var dispatcher = engine.CreateQueueingDispatcher();
                return engine.CreateNotificationService(dispatcher).Send(request);
            });

            Assert.Equal(DeliveryAction.Queued, queued.Action);
            var waiting = Assert.Single(engine.Outbox.List());
            Assert.Equal(queued.QueueId, waiting.Id);
            Assert.Equal(Now, waiting.Created);
        }

        [Fact]
        public void A_missing_directory_or_credential_source_is_refused()
        {
            Assert.Equal("configDirectory", Assert.Throws<ArgumentNullException>(() => new BackupMailEngine(null, _vault)).ParamName);
            Assert.Equal("credentials", Assert.Throws<ArgumentNullException>(() => new BackupMailEngine(ConfigDirectory, null)).ParamName);
            Assert.Throws<ArgumentNullException>(() => NewEngine().CreateNotificationService(null));
        }
    }
}
