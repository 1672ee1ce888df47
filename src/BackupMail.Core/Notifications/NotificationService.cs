using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using BackupMail.Attachments;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Logs;
using BackupMail.Outbox;
using BackupMail.Jobs;
using BackupMail.Resources;
using BackupMail.Rules;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Notifications
{
    /// <summary>
    /// Turns a backup run into the right message to the right people, or into none: status, rule, mode,
    /// log facts, template, composition, delivery. Two steps, so a caller can ask before sending
    /// (<c>-WhatIf</c>): <see cref="Prepare"/> decides and renders, <see cref="Deliver"/> sends.
    /// </summary>
    /// <remarks>
    /// One service lives for one cmdlet call, as its dispatcher does: the rules and each template are read (and the
    /// template parsed) on first use and kept for the rest of the call, so a pipeline of notifications reads
    /// <c>config.json</c> once instead of once per item. The next call reads them again. A read that fails is not kept.
    /// </remarks>
    public sealed class NotificationService
    {
        private readonly RuleService _rules;
        private readonly TemplateService _templates;
        private readonly MailDispatcher _dispatcher;
        private readonly IOutputWriter _output;
        private readonly RunHistory? _history;
        private readonly Dictionary<string, ParsedTemplate> _parsedTemplates = new Dictionary<string, ParsedTemplate>(StringComparer.OrdinalIgnoreCase);
        private IReadOnlyList<NotificationRule>? _allRules;

        /// <summary>Creates the service. The caller owns <paramref name="dispatcher"/> (and its open connections).</summary>
        /// <exception cref="ArgumentNullException">A service is missing.</exception>
        public NotificationService(RuleService rules, TemplateService templates, MailDispatcher dispatcher, IOutputWriter? output)
            : this(rules, templates, dispatcher, output, null)
        {
        }

        /// <summary>
        /// Creates the service with the job history: trend placeholders and recovery mails read it, and
        /// <see cref="Finish(PreparedNotification, BackupMailResult)"/> records each run in it and pings the job's URL.
        /// </summary>
        /// <exception cref="ArgumentNullException">A service other than <paramref name="history"/> is missing.</exception>
        public NotificationService(RuleService rules, TemplateService templates, MailDispatcher dispatcher, IOutputWriter? output, RunHistory? history)
        {
            _rules = rules ?? throw new ArgumentNullException(nameof(rules));
            _templates = templates ?? throw new ArgumentNullException(nameof(templates));
            _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
            _output = output ?? NullOutputWriter.Instance;
            _history = history;
        }

        /// <summary>
        /// Decides whether the run is notified about and, when it is, renders and composes the message. Sends nothing.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="BackupMailException">
        /// <c>BackupNameRequired</c>, <c>StatusRequired</c>, <c>NoRecipients</c>, <c>InvalidMailAddress</c>, and the errors of
        /// the rule, template and account look-ups (<c>AccountNotFound</c>, <c>TemplateNotFound</c>, configuration errors).
        /// </exception>
        public PreparedNotification Prepare(NotificationRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (Strings.IsNullOrWhiteSpace(request.BackupName))
            {
                throw new BackupMailException(ErrorIds.BackupNameRequired, BackupMailErrorKind.InvalidArgument,
                    NotificationStrings.Format("BackupNameRequired"));
            }

            var backupName = request.BackupName.Trim();
            var status = StatusOf(request, backupName);
            var rule = RuleService.Find(_allRules ?? (_allRules = _rules.GetAll()), backupName);
            _output.WriteVerbose(rule == null
                ? NotificationStrings.Format("NoRuleUsed", backupName)
                : NotificationStrings.Format("RuleUsed", backupName, rule.Mode, rule.To?.Length ?? 0));

            var mode = request.Mode ?? rule?.Mode ?? NotificationMode.Always;
            var recipients = RecipientsOf(request, rule);
            // A missing recipient is reported on every run, not only on the failure that needed it.
            if (recipients.Count == 0 && mode != NotificationMode.Never)
            {
                throw new BackupMailException(ErrorIds.NoRecipients, BackupMailErrorKind.InvalidArgument,
                    NotificationStrings.Format("NoRecipients", backupName), backupName);
            }

            // The job's runs before this one: for the trend placeholders and for telling a recovery.
            var trend = _history?.TrendOf(backupName, status, DurationOf(request));
            var send = NotificationPolicy.ShouldSend(mode, status);
            var recovery = !send && (rule?.NotifyOnRecovery ?? true) && NotificationPolicy.IsRecovery(mode, status, trend?.PreviousStatus);
            _output.WriteVerbose(recovery
                ? NotificationStrings.Format("DecisionRecovery", backupName, status, mode)
                : NotificationStrings.Format(send ? "DecisionSend" : "DecisionSkip", backupName, status, mode));
            if (!send && !recovery)
            {
                // A skipped run is still recorded, with the log's figures when the journal keeps them.
                var skippedRun = _history != null && _history.Records ? RunOf(request, backupName, status, out _) : null;
                return new PreparedNotification(backupName, status, request.ExitCode, NotificationDecision.Skip, recipients,
                    null, null, NotificationStrings.Format("SkippedByMode", backupName, mode, status), null, null)
                {
                    Run = skippedRun,
                    PingUrl = rule?.PingUrl,
                };
            }

            // The account is looked up now (no connection) so that -WhatIf names it and a wrong name fails early.
            var account = _dispatcher.GetAccount(request.Account ?? rule?.Account);
            var template = FindTemplate(request.Template ?? rule?.Template);
            var run = RunOf(request, backupName, status, out var logProblem);
            // Values in the template's culture (its language, numbers and dates), else the current UI culture.
            var rendered = TemplateRenderer.Render(template, PlaceholderValues.From(run, TemplateCulture.Resolve(template.Culture, null), trend));
            var attachLog = (request.AttachLog ?? rule?.AttachLog ?? false) && logProblem == null;

            var mail = new OutgoingMail
            {
                Account = account.Name,
                To = recipients,
                Cc = AddressesOf(request.Cc, rule?.Cc),
                Bcc = AddressesOf(request.Bcc, rule?.Bcc),
                ReplyTo = AddressesOf(request.ReplyTo, rule?.ReplyTo),
                Priority = request.Priority ?? rule?.Priority ?? MailPriority.Normal,
                Message = rendered,
                BackupName = backupName,
                Status = status,
                ExitCode = request.ExitCode,
            };
            return new PreparedNotification(backupName, status, request.ExitCode, NotificationDecision.Send, recipients,
                account.Name, rendered.Subject, null, mail, attachLog ? run.LogPath : null)
            {
                LogProblem = logProblem,
                Run = run,
                PingUrl = rule?.PingUrl,
                IsRecovery = recovery,
            };
        }

        /// <summary>
        /// Sends a prepared notification through the dispatcher (one connection per account, shared by every call);
        /// a skipped one becomes a result with Action Skipped, and no connection is opened for it.
        /// </summary>
        /// <param name="prepared">The notification <see cref="Prepare"/> returned.</param>
        /// <param name="cancellationToken">
        /// Stops the delivery (Ctrl+C): a message whose send it stops stays in the dispatcher's journal and is queued
        /// when the dispatcher is disposed, never lost.
        /// </param>
        /// <exception cref="ArgumentNullException"><paramref name="prepared"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// The dispatcher's errors: <c>AccountNotFound</c>, secret errors, connection, TLS and authentication errors,
        /// <c>SmtpRecipientRejected</c>, <c>SmtpMessageRejected</c>. A log that cannot be attached is not an error here: the
        /// message goes out without it, with a warning, and <see cref="PreparedNotification.LogProblem"/> says why.
        /// </exception>
        public BackupMailResult Deliver(PreparedNotification prepared, CancellationToken cancellationToken = default)
        {
            if (prepared == null) throw new ArgumentNullException(nameof(prepared));
            return Guarded(prepared, () => DeliverNow(prepared, cancellationToken));
        }

        private BackupMailResult DeliverNow(PreparedNotification prepared, CancellationToken cancellationToken)
        {
            if (!prepared.IsSent)
            {
                return ResultOf(prepared, DeliveryAction.Skipped, prepared.Reason, subject: null);
            }

            var mail = prepared.Mail;
            if (prepared.AttachmentPath == null) return _dispatcher.Send(mail, cancellationToken);

            // The attachment is sized against the server's SIZE limit, known once its session is open. Until then the
            // message waits in the outbox without it: a process killed while connecting still leaves a notification.
            var reserved = _dispatcher.Reserve(mail);
            var limit = _dispatcher.GetMaxMessageSize(prepared.Account, cancellationToken);
            LogAttachment attachment;
            try
            {
                attachment = LogAttachment.Create(prepared.AttachmentPath, limit, LogAttachment.DefaultCap,
                    ConfigDirectory.TemporaryDirectory(_rules.ConfigDirectoryPath));
            }
            catch (BackupMailException error)
            {
                // The log changed since it was read (a FIFO in its place, say), or its copy cannot be written: the
                // message still goes out, without it; the caller reports the problem after the send.
                _output.WriteWarning(NotificationStrings.Format("LogNotAttached", prepared.AttachmentPath, error.Message));
                prepared.LogProblem = prepared.LogProblem ?? error;
                return _dispatcher.Send(mail, reserved, cancellationToken);
            }

            using (attachment)
            {
                mail.Attachments = new MimeEntity[] { attachment.Part };
                if (attachment.Note != null) mail.Message = WithNote(mail.Message, attachment.Note);
                try
                {
                    return _dispatcher.Send(mail, reserved, cancellationToken);
                }
                finally
                {
                    // The part's temporary gzip file goes with it; a retry prepares a fresh one.
                    mail.Attachments = null;
                }
            }
        }

        /// <summary>
        /// Delivers a prepared notification on a worker thread when it can go through the account's connection as it
        /// is, so that the caller can prepare the next one meanwhile: the account's session is opened first, on the
        /// calling thread. A skipped notification, one with a log to attach (sized against the server's limit), and
        /// one whose session cannot be opened are delivered at once, on the calling thread, as <see cref="Deliver"/> does.
        /// </summary>
        /// <remarks>
        /// Until <see cref="PendingNotification.End"/> has returned, the caller may only prepare notifications; the
        /// worker may write verbose messages and warnings to the output writer from its own thread. A send that has not
        /// started by the time End is called runs on the caller's thread instead.
        /// </remarks>
        /// <param name="prepared">The notification <see cref="Prepare"/> returned.</param>
        /// <param name="cancellationToken">
        /// Reaches the send on the worker thread too: cancelled (Ctrl+C), the send stops at once and the message stays
        /// in the dispatcher's journal, queued when the dispatcher is disposed; End then throws <see cref="OperationCanceledException"/>.
        /// </param>
        /// <exception cref="ArgumentNullException"><paramref name="prepared"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the session was opened.</exception>
        public PendingNotification BeginDeliver(PreparedNotification prepared, CancellationToken cancellationToken = default) =>
            BeginDeliver(prepared, null, cancellationToken);

        /// <summary>
        /// As <see cref="BeginDeliver(PreparedNotification, CancellationToken)"/>, for a notification written ahead with
        /// <see cref="WriteAhead"/>, which is sent as it was written.
        /// </summary>
        internal PendingNotification BeginDeliver(PreparedNotification prepared, InFlightMessage? written, CancellationToken cancellationToken = default)
        {
            if (prepared == null) throw new ArgumentNullException(nameof(prepared));
            // Only a notification that is sent is written ahead.
            if (prepared.IsSent && (written != null || GoesInBackground(prepared, cancellationToken)))
            {
                var mail = prepared.Mail;
                return PendingNotification.Start(prepared, () => Guarded(prepared, () => _dispatcher.Send(mail, written, cancellationToken)));
            }

            return PendingNotification.RunNow(prepared, () => Deliver(prepared, cancellationToken));
        }

        // Only the engine's own errors leave a delivery: whatever else went wrong, the caller (a scheduled task's
        // `exit $result.ExitCode`) still gets an error and a result. The message is in the dispatcher's journal, so it is
        // queued when the dispatcher closes.
        private static BackupMailResult Guarded(PreparedNotification prepared, Func<BackupMailResult> deliver)
        {
            try
            {
                return deliver();
            }
            catch (Exception error) when (!(error is BackupMailException || error is OperationCanceledException || FatalExceptions.Is(error)))
            {
                throw new BackupMailException(ErrorIds.SendFailedUnexpectedly, BackupMailErrorKind.NotSpecified,
                    NotificationStrings.Format("SendFailedUnexpectedly", prepared.BackupName, error.GetType().Name, error.Message), prepared.BackupName, error);
            }
        }

        /// <summary>
        /// Writes a notification that <see cref="BeginDeliver(PreparedNotification, InFlightMessage, CancellationToken)"/> will send in the
        /// background ahead into the outbox's journal now, while the previous one may still be on its way: the sync to
        /// disk then overlaps that send instead of delaying this one. Null when it does not go in the background (it is
        /// written ahead when it is sent) or cannot be written now.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the account's session was opened.</exception>
        internal InFlightMessage? WriteAhead(PreparedNotification prepared, CancellationToken cancellationToken = default) =>
            prepared.IsSent && GoesInBackground(prepared, cancellationToken) ? _dispatcher.WriteAhead(prepared.Mail) : null;

        /// <summary>Drops a notification written ahead that will not be sent after all (the pipeline was stopped).</summary>
        internal void Discard(InFlightMessage? written) => _dispatcher.Discard(written);

        private bool GoesInBackground(PreparedNotification prepared, CancellationToken cancellationToken) =>
            prepared.IsSent && prepared.AttachmentPath == null && CanOpen(prepared.Account, cancellationToken);

        // Opens the account's session here; when it cannot be opened, Deliver reports (or queues) that at once.
        private bool CanOpen(string account, CancellationToken cancellationToken)
        {
            try
            {
                _dispatcher.Open(account, cancellationToken);
                return true;
            }
            catch (BackupMailException)
            {
                return false;
            }
        }

        /// <summary>Prepares and delivers in one go.</summary>
        /// <exception cref="BackupMailException">As <see cref="Prepare"/> and <see cref="Deliver"/>.</exception>
        /// <param name="request">The run to notify about.</param>
        /// <param name="cancellationToken">Stops the delivery, as in <see cref="Deliver"/>.</param>
        public BackupMailResult Send(NotificationRequest request, CancellationToken cancellationToken = default) =>
            Deliver(Prepare(request), cancellationToken);

        private ParsedTemplate FindTemplate(string? name)
        {
            var key = name?.Trim() ?? string.Empty;
            if (!_parsedTemplates.TryGetValue(key, out var parsed))
            {
                parsed = ParsedTemplate.Parse(_templates.Find(name));
                _parsedTemplates[key] = parsed;
            }

            return parsed;
        }

        /// <summary>
        /// After a notification's result is known (sent, queued, skipped or failed): records the run in the journal with
        /// that result and calls the job's ping URL. Neither can fail the notification: problems are warnings.
        /// Does nothing without a history.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="prepared"/> is null.</exception>
        public void Finish(PreparedNotification prepared, BackupMailResult? result)
        {
            if (prepared == null) throw new ArgumentNullException(nameof(prepared));
            if (_history == null) return;
            _history.Record(prepared.Run ?? MinimalRun(prepared.BackupName, prepared.Status, null), result);
            _history.Ping(prepared.PingUrl, prepared.Status);
        }

        /// <summary>
        /// As <see cref="Finish(PreparedNotification, BackupMailResult)"/> for a run whose notification could not be
        /// prepared (<paramref name="error"/>): the run is still recorded, with Action Failed, when its status is known.
        /// </summary>
        public void Finish(NotificationRequest request, BackupMailException error)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (_history == null || Strings.IsNullOrWhiteSpace(request.BackupName)) return;
            var backupName = request.BackupName.Trim();
            BackupStatus status;
            NotificationRule? rule;
            try
            {
                status = StatusOf(request, backupName);
                rule = RuleService.Find(_allRules ?? (_allRules = _rules.GetAll()), backupName);
            }
            catch (BackupMailException)
            {
                return; // no status to record, or no rule to read its ping URL from: the error already says why
            }

            var result = Failed(request, error);
            _history.Record(MinimalRun(backupName, status, request), result);
            _history.Ping(rule?.PingUrl, status);
        }

        // What is known of a run without reading its log.
        private static BackupRun MinimalRun(string backupName, BackupStatus status, NotificationRequest? request) => new BackupRun
        {
            BackupName = backupName,
            Status = status,
            ExitCode = request?.ExitCode,
            Tool = request?.Tool ?? BackupTool.Generic,
            StartTime = request?.StartTime,
            EndTime = request?.EndTime,
            Source = request?.Source,
            Destination = request?.Destination,
            ErrorMessage = Strings.IsNullOrWhiteSpace(request?.ErrorMessage) ? null : request?.ErrorMessage,
        };

        private static TimeSpan? DurationOf(NotificationRequest request) =>
            request.StartTime.HasValue && request.EndTime.HasValue ? request.EndTime.Value - request.StartTime.Value : (TimeSpan?)null;

        /// <summary>The result for a prepared notification that was meant to go out and did not: Action Failed, with the reason.</summary>
        public static BackupMailResult Failed(PreparedNotification prepared, BackupMailException error)
        {
            var result = ResultOf(prepared, DeliveryAction.Failed, error.Message, prepared.Subject);
            result.ErrorId = error.ErrorId;
            result.QueueId = error.QueueId;
            return result;
        }

        // A result for a prepared notification that no dispatcher completed (skipped, or failed before it was sent).
        private static BackupMailResult ResultOf(PreparedNotification prepared, DeliveryAction action, string? reason, string? subject) => new BackupMailResult
        {
            BackupName = prepared.BackupName,
            Status = prepared.Status,
            Action = action,
            To = prepared.To.ToArray(),
            Subject = subject,
            ExitCode = prepared.ExitCode,
            Reason = reason,
        };

        /// <summary>
        /// The result for a run whose notification could not even be prepared (an unknown account, no recipients...):
        /// a job runner still needs the run's status; a run with neither status nor exit code counts as exit code 0.
        /// </summary>
        public static BackupMailResult Failed(NotificationRequest request, BackupMailException error) => new BackupMailResult
        {
            BackupName = request.BackupName,
            Status = request.Status ?? ExitCodeInterpreter.Interpret(request.Tool, request.ExitCode ?? 0).Status,
            Action = DeliveryAction.Failed,
            Reason = error.Message,
            ErrorId = error.ErrorId,
        };

        private static BackupStatus StatusOf(NotificationRequest request, string backupName)
        {
            if (request.Status.HasValue) return request.Status.Value;
            if (request.ExitCode.HasValue) return ExitCodeInterpreter.Interpret(request.Tool, request.ExitCode.Value).Status;
            throw new BackupMailException(ErrorIds.StatusRequired, BackupMailErrorKind.InvalidArgument,
                NotificationStrings.Format("StatusRequired", backupName), backupName);
        }

        // The attachment policy's note (only the log's tail is attached) belongs in the body the reader sees.
        private static RenderedMessage WithNote(RenderedMessage rendered, string note)
        {
            if (rendered.BodyFormat == BodyFormat.Text)
            {
                return new RenderedMessage(rendered.Subject, rendered.Body.TrimEnd() + "\n\n" + note + "\n", rendered.BodyFormat);
            }

            var paragraph = "<p>" + WebUtility.HtmlEncode(note) + "</p>";
            var end = rendered.Body.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            var body = end < 0 ? rendered.Body + paragraph : rendered.Body.Insert(end, paragraph);
            var text = rendered.TextBody == null ? null : rendered.TextBody.TrimEnd() + "\n\n" + note + "\n";
            return new RenderedMessage(rendered.Subject, body, rendered.BodyFormat, text);
        }

        private static IReadOnlyList<string> RecipientsOf(NotificationRequest request, NotificationRule? rule)
        {
            var given = request.To?.Where(value => !string.IsNullOrWhiteSpace(value)).ToArray() ?? Array.Empty<string>();
            if (given.Length > 0) return MailAddressList.Parse(given);
            var stored = rule?.To?.Where(value => !string.IsNullOrWhiteSpace(value)).ToArray() ?? Array.Empty<string>();
            return stored.Length > 0 ? MailAddressList.Parse(stored) : Array.Empty<string>();
        }

        // Cc, Bcc, Reply-To: the call's when it gives any (validated, InvalidMailAddress otherwise), else the rule's.
        private static IReadOnlyList<string> AddressesOf(IReadOnlyList<string>? given, IReadOnlyList<string>? stored)
        {
            var values = given?.Where(value => !string.IsNullOrWhiteSpace(value)).ToArray();
            if (values == null || values.Length == 0)
            {
                values = stored?.Where(value => !string.IsNullOrWhiteSpace(value)).ToArray();
            }

            return values == null || values.Length == 0 ? Array.Empty<string>() : MailAddressList.Parse(values);
        }

        private BackupRun RunOf(NotificationRequest request, string backupName, BackupStatus status, out BackupMailException? logProblem)
        {
            var run = new BackupRun
            {
                BackupName = backupName,
                Status = status,
                ExitCode = request.ExitCode,
                Tool = request.Tool,
                StartTime = request.StartTime,
                EndTime = request.EndTime,
                Source = request.Source,
                Destination = request.Destination,
                LogPath = request.LogPath,
                ErrorMessage = string.IsNullOrWhiteSpace(request.ErrorMessage) ? null : request.ErrorMessage,
            };
            logProblem = null;
            if (Strings.IsNullOrEmpty(request.LogPath)) return run;

            try
            {
                LogFacts.Read(request.LogPath, request.Tool, request.LogTailLines).ApplyTo(run);
            }
            catch (BackupMailException error)
            {
                // The run still deserves its message; a broken log costs only its figures. The caller reports
                // the error once the message is on its way, so that -ErrorAction Stop cannot lose the notification.
                _output.WriteWarning(NotificationStrings.Format("LogUnreadable", request.LogPath, error.Message));
                logProblem = error;
            }

            return run;
        }
    }
}
