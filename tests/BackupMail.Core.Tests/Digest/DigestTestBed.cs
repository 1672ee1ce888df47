using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Digest;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Rules;
using BackupMail.Templates;
using BackupMail.Tests.Outbox;
using BackupMail.Tests.Support;
using MimeKit;

namespace BackupMail.Tests.Digest
{
    /// <summary>
    /// The digest wired as Send-BackupMailDigest wires it, on the outbox test bed: the Default account, the outbox, a run
    /// journal in the same configuration directory, a clock the test moves, and one service per call.
    /// </summary>
    internal sealed class DigestTestBed : IDisposable
    {
        public DigestTestBed()
        {
            Journal = RunJournal.InConfigDirectory(Bed.ConfigDirectory, () => Now);
        }

        public OutboxTestBed Bed { get; } = new OutboxTestBed();

        public RunJournal Journal { get; }

        public RecordingOutputWriter Output => Bed.Output;

        public ConfigStore Store => new ConfigStore(Bed.ConfigDirectory);

        /// <summary>The time of the digests and of the runs recorded.</summary>
        public DateTimeOffset Now
        {
            get => Bed.Now;
            set => Bed.Now = value;
        }

        /// <summary>The overdue jobs the digests are given.</summary>
        public List<OverdueJob> Overdue { get; } = new List<OverdueJob>();

        /// <summary>Called at each step of a digest (throw to stand for a kill).</summary>
        public Action<DigestStep> Fault { get; set; }

        public CultureInfo Culture { get; set; } = CultureInfo.GetCultureInfo("en-US");

        /// <summary>Records one run ending now (or at <paramref name="end"/>) that took 42 minutes.</summary>
        public RunRecord Record(string backupName, BackupStatus status = BackupStatus.Success, string error = null, long? bytes = 1024L * 1024 * 1024, DateTimeOffset? end = null, int? exitCode = null)
        {
            var ended = end ?? Now;
            return Journal.Append(new RunRecord
            {
                BackupName = backupName,
                Status = status,
                ExitCode = exitCode ?? (status == BackupStatus.Success ? 0 : 8),
                Tool = BackupTool.Robocopy,
                StartTime = ended.AddMinutes(-42),
                EndTime = ended,
                BytesCopied = bytes,
                FilesCopied = 10,
                ErrorMessage = error,
            });
        }

        public DigestService NewService(BackupMail.Notifications.MailDispatcher dispatcher) =>
            new DigestService(Journal, dispatcher, new TemplateService(Store, Culture), Output, OverdueJobSource.Of(Overdue), Culture)
            {
                Clock = () => Now,
                Fault = Fault,
                LockTimeout = TimeSpan.FromSeconds(20),
            };

        /// <summary>One Send-BackupMailDigest: a fresh dispatcher and service, disposed at the end (as the cmdlet does).</summary>
        public IReadOnlyList<DigestOutcome> Send(DigestRequest request, params DigestSubscription[] subscriptions)
        {
            try
            {
                return TestDeadline.Run(() =>
                {
                    using (var dispatcher = Bed.NewDispatcher())
                    {
                        return NewService(dispatcher).Send(request, subscriptions);
                    }
                });
            }
            catch (AggregateException wrapped) when (wrapped.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
                throw;
            }
        }

        /// <summary>A digest to admin@example.com over every job (-To).</summary>
        public IReadOnlyList<DigestOutcome> SendTo(bool force = false, DateTimeOffset? since = null, string template = null) =>
            Send(new DigestRequest { To = new[] { "admin@example.com" }, Force = force, Since = since, Template = template });

        public static DigestSubscription Rule(string job, DigestCadence cadence, params string[] to) =>
            new DigestSubscription(job, cadence, to.Length == 0 ? new[] { "admin@example.com" } : to, null);

        public static string Text(MimeMessage message) => message.TextBody.Replace("\r\n", "\n");

        public static string Html(MimeMessage message) => message.HtmlBody.Replace("\r\n", "\n");

        public void Dispose() => Bed.Dispose();
    }
}
