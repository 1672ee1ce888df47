#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Templates;

namespace BackupMail.Watchdog
{
    /// <summary>
    /// One message the watchdog decided to send: a job became overdue, or a job notified as overdue ran again.
    /// What <c>-WhatIf</c> shows, and what <see cref="WatchdogCheck.Send"/> sends.
    /// </summary>
    public sealed class WatchdogNotice
    {
        internal WatchdogNotice(WatchdogNoticeKind kind, JobStatus job, IReadOnlyList<string> to, string? account, RenderedMessage message, OutgoingMail mail)
        {
            Kind = kind;
            Job = job;
            To = to;
            Account = account;
            Message = message;
            Mail = mail;
        }

        /// <summary>Overdue, or ran again.</summary>
        public WatchdogNoticeKind Kind { get; }

        /// <summary>The job's status when the notice was decided.</summary>
        public JobStatus Job { get; }

        /// <summary>The backup job's name.</summary>
        public string BackupName => Job.BackupName;

        /// <summary>The recipients: the call's <c>-To</c>, else the rule's.</summary>
        public IReadOnlyList<string> To { get; }

        /// <summary>The account it goes through; null for <c>Default</c>.</summary>
        public string? Account { get; }

        /// <summary>The subject line.</summary>
        public string Subject => Message.Subject;

        /// <summary>
        /// The status the result reports: Failure for an overdue job (a backup that did not run protects nothing), the
        /// new run's status for one that ran again.
        /// </summary>
        public BackupStatus Status => Kind == WatchdogNoticeKind.Overdue ? BackupStatus.Failure : Job.LastStatus ?? BackupStatus.Success;

        /// <summary>The result for a notice that could not be sent nor kept: Action Failed, with the reason and the error ID.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
        public BackupMailResult Failed(BackupMailException error)
        {
            if (error == null) throw new ArgumentNullException(nameof(error));
            return new BackupMailResult
            {
                BackupName = BackupName,
                Status = Status,
                Action = DeliveryAction.Failed,
                To = To.ToArray(),
                Subject = Subject,
                Reason = error.Message,
                ErrorId = error.ErrorId,
                QueueId = error.QueueId,
            };
        }

        internal RenderedMessage Message { get; }

        // What the dispatcher sends; internal so MimeKit types stay out of the cmdlets' surface.
        internal OutgoingMail Mail { get; }
    }
}
