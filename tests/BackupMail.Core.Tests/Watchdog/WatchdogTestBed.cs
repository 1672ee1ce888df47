using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Rules;
using BackupMail.Tests.Outbox;
using BackupMail.Tests.Support;
using BackupMail.Watchdog;
using MimeKit;

namespace BackupMail.Tests.Watchdog
{
    /// <summary>
    /// A configuration directory with a Default account, a run journal and a clock the test moves; checks run the way
    /// Send-BackupOverdueNotification runs them (a queueing dispatcher per call) through a transport that records.
    /// </summary>
    internal sealed class WatchdogTestBed : IDisposable
    {
        private readonly OutboxTestBed _bed = new OutboxTestBed();

        public WatchdogTestBed()
        {
            _bed.PointAt("127.0.0.1", LoopbackPort.Unused());
            Journal = RunJournal.InConfigDirectory(_bed.ConfigDirectory, () => Now);
        }

        public DateTimeOffset Now { get; set; } = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

        public RunJournal Journal { get; }

        public List<NotificationRule> Rules { get; } = new List<NotificationRule>();

        public RecordingTransport Transport { get; } = new RecordingTransport();

        public RecordingOutputWriter Output => _bed.Output;

        public BackupMail.Outbox.OutboxStore Outbox => _bed.Outbox;

        public string StatePath => WatchdogCheck.StatePath(Journal.DirectoryPath);

        public NotificationRule Watch(string name, TimeSpan? expectEvery, params string[] to)
        {
            var rule = new NotificationRule { BackupName = name, ExpectEvery = expectEvery, To = to.Length == 0 ? new[] { "admin@example.com" } : to };
            Rules.Add(rule);
            return rule;
        }

        /// <summary>Records a run that ended <paramref name="ago"/> before <see cref="Now"/>.</summary>
        public RunRecord Ran(string name, TimeSpan ago, BackupStatus status = BackupStatus.Success, string computer = "NAS01") =>
            Journal.Append(new RunRecord
            {
                BackupName = name,
                Status = status,
                StartTime = Now - ago - TimeSpan.FromMinutes(10),
                EndTime = Now - ago,
                ComputerName = computer,
            });

        public IReadOnlyList<JobStatus> Status(Func<string, bool> include = null) =>
            JobStatusReader.Compute(Rules, Journal.ReadNewestFirst(), Now,
                WatchdogState.Load(StatePath).FirstSeenOf, include);

        public WatchdogCheck Open(WatchdogOptions options = null)
        {
            options = options ?? new WatchdogOptions();
            options.Clock = () => Now;
            options.Culture = options.Culture ?? CultureInfo.GetCultureInfo("en-US");
            return WatchdogCheck.Open(Journal.DirectoryPath, Rules, Journal.ReadNewestFirst(), options, Output);
        }

        /// <summary>One whole check: every notice decided is sent; returns the results (Sent or Queued) in order.</summary>
        public IReadOnlyList<BackupMailResult> Check(WatchdogOptions options = null)
        {
            try
            {
                return TestDeadline.Run(() => CheckNow(options));
            }
            catch (AggregateException aggregate) when (aggregate.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(aggregate.InnerException).Throw();
                throw;
            }
        }

        private IReadOnlyList<BackupMailResult> CheckNow(WatchdogOptions options)
        {
            using (var check = Open(options))
            using (var dispatcher = new MailDispatcher(_bed.Accounts, Transport, Output, _bed.Outbox) { Clock = () => Now })
            {
                var results = check.Notices.Select(notice => check.Send(notice, dispatcher)).ToList();
                check.Save();
                return results;
            }
        }

        public void Dispose() => _bed.Dispose();

        /// <summary>A transport that takes every message (or fails with <see cref="Failure"/>) and records what it took.</summary>
        internal sealed class RecordingTransport : IMailTransport, IMailTransportSession
        {
            public List<(string Subject, string Body, string To)> Sent { get; } = new List<(string, string, string)>();

            public BackupMailException Failure { get; set; }

            public long? MaxMessageSize => null;

            public IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default) => this;

            public AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default) => new AccountTestResult { Account = account.Name };

            public SendReceipt Send(MimeMessage message, IReadOnlyList<string> envelopeRecipients, CancellationToken cancellationToken = default)
            {
                if (Failure != null) throw Failure;
                Sent.Add((message.Subject, message.TextBody, string.Join(",", message.To.Mailboxes.Select(m => m.Address))));
                return new SendReceipt { MessageId = message.MessageId, ServerResponse = "250 OK" };
            }

            public void Dispose()
            {
            }
        }
    }
}
