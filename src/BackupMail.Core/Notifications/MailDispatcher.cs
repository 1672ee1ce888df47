using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Outbox;
using BackupMail.Resources;
using MimeKit;

namespace BackupMail.Notifications
{
    /// <summary>
    /// Sends composed messages through the stored accounts' transport (SMTP today) and reports each as a
    /// <see cref="BackupMailResult"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// One dispatcher lives for one cmdlet call (create it in BeginProcessing, dispose it on the same thread: in
    /// EndProcessing, or when the cmdlet is disposed after a stopped pipeline). Ctrl+C does not dispose it: it cancels the
    /// token given to every send, which stops the send at once and leaves its message in the journal. It opens at most one SMTP session per account, lazily on the first message for that
    /// account, and reuses it for every further message in the same call: a pipeline of notifications shares
    /// one connection. <see cref="Dispose"/> says QUIT on every open session. When an account's session cannot be
    /// opened (server unreachable, login refused, secret missing...), that error is kept for the rest of the call:
    /// further messages for the account fail with it (or are queued) at once instead of waiting out the timeout again.
    /// </para>
    /// <para>
    /// Sessions come from an <see cref="IMailTransport"/> (<see cref="SmtpTransport"/>: the credential from the vault,
    /// asked once per account per process, then <see cref="SmtpConnector.Connect"/>); their failures are
    /// <see cref="BackupMailException"/>s with stable ids, and their <see cref="BackupMailException.Recovery"/> decides
    /// what the outbox does.
    /// </para>
    /// <para>
    /// With an outbox, every message is written ahead into the dispatcher's journal (<see cref="OutboxJournal"/>),
    /// synced to disk, before its first byte goes out; it is marked done once accepted, or becomes an outbox item
    /// (queued, or in <c>outbox/failed</c> when refused for good). What is still in flight when the dispatcher is
    /// disposed becomes an item due at once: a notification is delivered or queued, never lost.
    /// </para>
    /// <para>
    /// One operation at a time. The one exception: while a <see cref="Send(OutgoingMail, CancellationToken)"/> runs
    /// on another thread for an account whose session is already open (see <see cref="Open"/> and
    /// <see cref="NotificationService.BeginDeliver(PreparedNotification, CancellationToken)"/>), the caller may use <see cref="GetAccount"/> to prepare the next message.
    /// </para>
    /// </remarks>
    public sealed class MailDispatcher : IDisposable
    {
        private readonly AccountService _accounts;
        private readonly IMailTransport _transport;
        private readonly IOutputWriter _output;
        private readonly OutboxStore? _outbox;
        private readonly Dictionary<string, MailAccount> _accountCache = new Dictionary<string, MailAccount>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, IMailTransportSession> _sessions = new Dictionary<string, IMailTransportSession>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, BackupMailException> _unavailable = new Dictionary<string, BackupMailException>(StringComparer.OrdinalIgnoreCase);
        private readonly object _journalGate = new object();
        private OutboxJournal? _journal;
        private bool _disposed;

        /// <summary>Creates a dispatcher; nothing is read or opened until the first message.</summary>
        /// <param name="accounts">Finds accounts and reads their credentials from the vault.</param>
        /// <param name="connector">Opens SMTP sessions (its <see cref="IOutputWriter"/> receives the delivery's verbose messages and warnings).</param>
        /// <param name="outbox">
        /// Where a message that cannot be delivered now is kept (see <see cref="OutboxPolicy"/>); null to let every
        /// failure propagate, as a test mail wants.
        /// </param>
        /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or <paramref name="connector"/> is null.</exception>
        public MailDispatcher(AccountService accounts, SmtpConnector connector, OutboxStore? outbox = null)
            : this(accounts, new SmtpTransport(accounts, connector ?? throw new ArgumentNullException(nameof(connector))), connector.Output, outbox)
        {
        }

        /// <summary>Creates a dispatcher that sends through <paramref name="transport"/>.</summary>
        /// <param name="accounts">Finds accounts.</param>
        /// <param name="transport">Opens the sessions messages go through.</param>
        /// <param name="output">Receives the dispatcher's warnings; null discards them.</param>
        /// <param name="outbox">As in the other constructor.</param>
        /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or <paramref name="transport"/> is null.</exception>
        public MailDispatcher(AccountService accounts, IMailTransport transport, IOutputWriter? output, OutboxStore? outbox = null)
        {
            _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _output = output ?? NullOutputWriter.Instance;
            _outbox = outbox;
        }

        /// <summary>The outbox failed messages are queued in; null when this dispatcher does not queue.</summary>
        public OutboxStore? Outbox => _outbox;

        /// <summary>When a queued message is tried again.</summary>
        public RetrySchedule RetrySchedule { get; set; } = RetrySchedule.Default;

        /// <summary>The current time (replaceable in tests).</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>The stored account called <paramref name="accountName"/> (null or empty means <c>Default</c>), read once per dispatcher.</summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>, or a configuration error.</exception>
        public MailAccount GetAccount(string? accountName)
        {
            ThrowIfDisposed();
            var key = KeyOf(accountName);
            lock (_accountCache)
            {
                if (!_accountCache.TryGetValue(key, out var account))
                {
                    account = _accounts.Find(key);
                    _accountCache[key] = account;
                }

                return account;
            }
        }

        /// <summary>
        /// Opens the account's session now, on the calling thread, unless it is open already: the credential source
        /// may have to run there (a vault read through PowerShell). A session that cannot be opened is kept as
        /// unavailable, as <see cref="Send(OutgoingMail, CancellationToken)"/> would keep it.
        /// </summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>, secret, connection, TLS and authentication errors.</exception>
        public void Open(string? accountName, CancellationToken cancellationToken = default) =>
            GetSession(GetAccount(accountName), cancellationToken);

        /// <summary>
        /// The SIZE limit the account's server announced (null when it announced none). Opens the account's session
        /// if it is not open yet, so call it just before composing a message whose size matters (attachments).
        /// With an outbox, a session that cannot be opened for a reason that queues the message (see
        /// <see cref="OutboxPolicy"/>) gives null too: the limit is unknown, and the following Send queues the
        /// message at once with that reason instead of failing before it.
        /// </summary>
        /// <exception cref="BackupMailException">
        /// <c>AccountNotFound</c>; without an outbox (or for a reason that is not queued), as <see cref="SmtpConnector.Connect"/> and secret errors.
        /// </exception>
        public long? GetMaxMessageSize(string? accountName, CancellationToken cancellationToken = default)
        {
            var account = GetAccount(accountName);
            try
            {
                return GetSession(account, cancellationToken).MaxMessageSize;
            }
            catch (BackupMailException ex) when (_outbox != null && OutboxPolicy.ShouldQueue(ex))
            {
                // Kept by GetSession: the Send that follows fails with it at once, and queues the message.
                return null;
            }
        }

        /// <summary>
        /// Composes <paramref name="mail"/> (From is the account's sender address) and sends it through the account's session.
        /// </summary>
        /// <returns>A result with Action <see cref="DeliveryAction.Sent"/>, the Message-Id and the server's reply.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="mail"/> or its <see cref="OutgoingMail.Message"/> is null.</exception>
        /// <exception cref="BackupMailException">
        /// <c>AccountNotFound</c>; secret errors (<c>SecretNotFound</c>, <c>SecretVaultLocked</c>...); connection, TLS and
        /// authentication errors from <see cref="SmtpConnector.Connect"/>; <c>SmtpRecipientRejected</c>, <c>SmtpMessageRejected</c>
        /// (permanent) or transient send errors (<see cref="BackupMailException.IsTransient"/> set).
        /// </exception>
        public BackupMailResult Send(OutgoingMail mail, CancellationToken cancellationToken = default) =>
            Send(mail, null, cancellationToken);

        /// <summary>
        /// Writes <paramref name="mail"/> ahead into the outbox as it is now, before anything else is known: a message
        /// whose attachment waits for the server's SIZE limit (so for its session to open) is then already safe while
        /// the connection is made. <see cref="Send(OutgoingMail, InFlightMessage, CancellationToken)"/> replaces it with the
        /// complete message (same item, same Message-Id). Null without an outbox, or when the outbox cannot be written.
        /// A reservation that is never sent stays in the outbox, due at once (the message without its attachment).
        /// </summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>, or a configuration error.</exception>
        internal InFlightMessage? Reserve(OutgoingMail mail) => WriteAhead(mail, sendAsItIs: false);

        /// <summary>
        /// Composes <paramref name="mail"/> and writes it ahead into the journal now, to be sent as it is by
        /// <see cref="Send(OutgoingMail, InFlightMessage, CancellationToken)"/> (on another thread, say, while the caller
        /// prepares the next one), or dropped by <see cref="Discard"/>. Null without an outbox, or when it cannot be written.
        /// </summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>, or a configuration error.</exception>
        internal InFlightMessage? WriteAhead(OutgoingMail mail) => WriteAhead(mail, sendAsItIs: true);

        // A message sent as it is keeps its composed form, and its sync runs in the background (the send waits for it);
        // a reservation is replaced by the complete message later, so it is synced now and its composed form dropped.
        private InFlightMessage? WriteAhead(OutgoingMail mail, bool sendAsItIs)
        {
            if (mail == null)
            {
                throw new ArgumentNullException(nameof(mail));
            }

            if (_outbox == null)
            {
                return null;
            }

            var account = GetAccount(mail.Account);
            var result = ResultFor(mail);
            var message = Compose(account, result, mail);
            var written = WriteAhead(_outbox, account, message, result, null, out _, syncInBackground: sendAsItIs);
            if (written == null || !sendAsItIs)
            {
                message.Dispose();
                return written;
            }

            written.Composed = message;
            return written;
        }

        /// <summary>Drops a message written ahead that will not be sent after all (the user stopped the pipeline first).</summary>
        internal void Discard(InFlightMessage? written)
        {
            if (written == null)
            {
                return;
            }

            _journal?.MarkDone(written.Item.Id);
            written.Composed?.Dispose();
        }

        /// <summary>
        /// As <see cref="Send(OutgoingMail, CancellationToken)"/>, for a message written ahead with <see cref="WriteAhead(OutgoingMail)"/>
        /// (sent as it is) or reserved with <see cref="Reserve"/> (the reserved item gets the complete message, keeping
        /// its id and Message-Id).
        /// </summary>
        /// <exception cref="BackupMailException">As <see cref="Send(OutgoingMail, CancellationToken)"/>.</exception>
        internal BackupMailResult Send(OutgoingMail mail, InFlightMessage? reserved, CancellationToken cancellationToken = default)
        {
            if (mail == null)
            {
                throw new ArgumentNullException(nameof(mail));
            }

            if (mail.Message == null)
            {
                throw new ArgumentNullException(nameof(mail), "OutgoingMail.Message is null.");
            }

            var account = GetAccount(mail.Account);
            var result = ResultFor(mail);
            if (reserved?.Composed != null)
            {
                using (var written = reserved.Composed)
                {
                    return Send(account, written, result, reserved, true, cancellationToken);
                }
            }

            // Sent or written to the outbox once Send returns. Disposing it also spares the garbage collector its
            // finalizer, which in a pipeline of many notifications kept every message alive for an extra collection.
            using (var message = Compose(account, result, mail))
            {
                if (reserved != null)
                {
                    message.MessageId = reserved.Item.MessageId!; // reserved by WriteAhead, with its message's Message-Id
                }

                return Send(account, message, result, reserved, false, cancellationToken);
            }
        }

        private static MimeMessage Compose(MailAccount account, BackupMailResult result, OutgoingMail mail)
        {
            var message = MessageComposer.Compose(account.From, result.To, mail.Message, mail.Attachments);
            MessageComposer.AddHeaders(message, mail.Cc, mail.Bcc, mail.ReplyTo, mail.Priority);
            return message;
        }

        private static BackupMailResult ResultFor(OutgoingMail mail) => new BackupMailResult
        {
            BackupName = mail.BackupName,
            Status = mail.Status,
            ExitCode = mail.ExitCode,
            To = (mail.To ?? Array.Empty<string>()).ToArray(),
            Subject = mail.Message.Subject,
        };

        /// <summary>
        /// Sends an already composed <paramref name="message"/> through the account's session and completes
        /// <paramref name="result"/> (Action, MessageId, ServerResponse, RejectedRecipients); the caller fills the rest.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="result"/> is null.</exception>
        /// <exception cref="BackupMailException">As <see cref="Send(OutgoingMail, CancellationToken)"/>.</exception>
        public BackupMailResult Send(string? accountName, MimeMessage message, BackupMailResult result, CancellationToken cancellationToken = default) =>
            Send(accountName, message, result, null, cancellationToken);

        /// <summary>
        /// As <see cref="Send(string, MimeMessage, BackupMailResult, CancellationToken)"/>, calling
        /// <paramref name="writtenAhead"/> once the message is durably in the outbox's journal and before its first byte
        /// goes out: a caller that must know, after a crash, whether the message could have been delivered (a digest's
        /// claim) records that there.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="result"/> is null.</exception>
        /// <exception cref="BackupMailException">As <see cref="Send(OutgoingMail, CancellationToken)"/>.</exception>
        public BackupMailResult Send(string? accountName, MimeMessage message, BackupMailResult result, Action? writtenAhead, CancellationToken cancellationToken = default)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (result == null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            return Send(GetAccount(accountName), message, result, null, false, cancellationToken, writtenAhead);
        }

        private BackupMailResult Send(MailAccount account, MimeMessage message, BackupMailResult result, InFlightMessage? reserved, bool alreadyWritten, CancellationToken cancellationToken, Action? writtenAhead = null)
        {
            if (_outbox == null)
            {
                return Accepted(account, message, result, Deliver(account, message, null, cancellationToken));
            }

            // Written ahead: durably in the journal before the first byte goes out, so that a process killed while
            // sending leaves the message queued (same bytes, same Message-Id), never lost. Until it is done, the
            // journal keeps it: a send that is stopped or fails unexpectedly is queued when the dispatcher is disposed.
            BackupMailException? notWritable = null;
            var inFlight = alreadyWritten ? reserved : WriteAhead(_outbox, account, message, result, reserved, out notWritable);
            WaitUntilOnDisk(inFlight, result);
            if (inFlight != null) writtenAhead?.Invoke();
            SendReceipt receipt;
            try
            {
                receipt = Deliver(account, message, null, cancellationToken);
            }
            catch (BackupMailException ex) when (OutboxPolicy.ShouldQueue(ex))
            {
                if (inFlight == null)
                {
                    // Neither delivered nor kept: the user needs both why it was not delivered and why it could not wait.
                    // (WriteAhead gives no message only with the reason, and a message sent as it is was written already.)
                    throw new BackupMailException(notWritable!.ErrorId, notWritable.Kind, ex.Message + " " + notWritable.Message, notWritable.Target, ex);
                }

                return KeepQueued(inFlight, message, result, ex.ErrorId, ex.Message, ex.RetryAfter);
            }
            catch (BackupMailException ex) when (inFlight != null)
            {
                // Refused for good (or for a reason no retry fixes): kept in outbox/failed, visible and re-sendable.
                throw KeptAsFailed(inFlight, ex);
            }

            Accepted(account, message, result, receipt);
            if (inFlight != null && receipt.DeferredRecipients != null && receipt.DeferredRecipients.Length > 0)
            {
                // The server took it for some recipients and deferred others (4xx): the item waits on for those
                // alone, with the same Message-Id, so nobody is lost and nobody gets it twice.
                inFlight.Item.WaitFor(receipt.DeferredRecipients);
                var reason = OutboxStrings.Format("RecipientsDeferred", string.Join(", ", receipt.DeferredRecipients));
                KeepQueued(inFlight, message, result, ErrorIds.SmtpRecipientDeferred, reason);
                result.Action = DeliveryAction.Sent;
                return result;
            }

            if (inFlight != null)
            {
                _journal!.MarkDone(inFlight.Item.Id); // a message in flight was written to the journal
            }

            return result;
        }

        // The result of a message the server accepted (for at least one recipient).
        private BackupMailResult Accepted(MailAccount account, MimeMessage message, BackupMailResult result, SendReceipt receipt)
        {
            result.Action = DeliveryAction.Sent;
            result.MessageId = receipt.MessageId ?? message.MessageId;
            result.ServerResponse = receipt.ServerResponse;
            result.RejectedRecipients = receipt.RejectedRecipients ?? Array.Empty<string>();
            result.Reason = null;
            result.ErrorId = null;
            if (string.IsNullOrEmpty(result.Subject))
            {
                result.Subject = message.Subject;
            }

            if (result.RejectedRecipients.Length > 0)
            {
                _output.WriteWarning(OutboxStrings.Format("RecipientsRejected", string.Join(", ", result.RejectedRecipients), result.BackupName ?? result.Subject));
            }

            return result;
        }

        /// <summary>
        /// Sends a message taken from the outbox, unchanged (same bytes, same Message-Id), through the account's session.
        /// Failures propagate: the caller records them on the outbox item.
        /// </summary>
        /// <exception cref="BackupMailException">As <see cref="Send(OutgoingMail, CancellationToken)"/>.</exception>
        /// <param name="accountName">The account the item was queued for.</param>
        /// <param name="message">The queued message.</param>
        /// <param name="envelopeRecipients">Who receives it (the item's recipients, which may be fewer than its headers name).</param>
        /// <param name="cancellationToken">Stops the send.</param>
        public SendReceipt SendQueued(string? accountName, MimeMessage message, IReadOnlyList<string>? envelopeRecipients, CancellationToken cancellationToken = default)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            return Deliver(GetAccount(accountName), message, envelopeRecipients, cancellationToken);
        }

        private SendReceipt Deliver(MailAccount account, MimeMessage message, IReadOnlyList<string>? envelopeRecipients, CancellationToken cancellationToken)
        {
            try
            {
                return GetSession(account, cancellationToken).Send(message, envelopeRecipients, cancellationToken);
            }
            catch (BackupMailException ex) when (ex.IsTransient)
            {
                // The session is no longer usable; the next message for this account reconnects.
                CloseSession(account.Name);
                throw;
            }
        }

        // The message, durably in the journal (a reservation's item gets it in place of the one reserved); null, with the
        // reason, when the outbox cannot be written: the message then goes out without that safety net rather than not at all.
        private InFlightMessage? WriteAhead(OutboxStore outbox, MailAccount account, MimeMessage message, BackupMailResult result, InFlightMessage? reserved, out BackupMailException? notWritable, bool syncInBackground = false)
        {
            var now = Clock();
            notWritable = null;
            var item = reserved?.Item ?? new OutboxItem
            {
                Id = OutboxStore.NewId(now),
                Created = now,
                MessageId = message.MessageId,
                BackupName = result.BackupName,
                Status = result.Status,
                Account = account.Name,
                To = result.To ?? Array.Empty<string>(),
                // Cc and Bcc recipients wait too: a queued message goes to all of them later.
                Cc = message.Cc.Mailboxes.Select(m => m.ToString()).ToArray(),
                Bcc = message.Bcc.Mailboxes.Select(m => m.ToString()).ToArray(),
                Subject = result.Subject ?? message.Subject,
                Attempts = 0,
                NextAttempt = now,
                LastError = OutboxStrings.Format("QueueItemInterrupted"),
            };
            try
            {
                var inFlight = new InFlightMessage(item, OutboxStore.Serialize(message));
                lock (_journalGate)
                {
                    ThrowIfDisposed();
                    _journal = _journal ?? OutboxJournal.Open(outbox, now);
                }

                inFlight.Synced = _journal.Append(inFlight.Item, inFlight.Message, syncInBackground);
                return inFlight;
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                notWritable = new BackupMailException(ErrorIds.OutboxNotWritable, BackupMailErrorKind.PermissionDenied,
                    OutboxStrings.Format("OutboxNotWritable", outbox.DirectoryPath, error.Message), outbox.DirectoryPath, error);
                _output.WriteWarning(OutboxStrings.Format("OutboxWriteAheadFailed", result.BackupName ?? result.Subject, error.Message));
                return reserved;
            }
        }

        // A message written ahead with its sync in the background goes out only once it is on disk. A disk that fails
        // the sync leaves it in the journal, not durable: it goes out anyway, with a warning, rather than not at all.
        private void WaitUntilOnDisk(InFlightMessage? inFlight, BackupMailResult result)
        {
            try
            {
                inFlight?.Synced.GetAwaiter().GetResult();
            }
            catch (Exception error) when (error is IOException || error is ObjectDisposedException)
            {
                _output.WriteWarning(OutboxStrings.Format("OutboxWriteAheadFailed", result.BackupName ?? result.Subject, error.Message));
            }
        }

        // The attempt failed for a reason that passes (or that the administrator fixes): the message becomes an outbox
        // item that waits for its next attempt.
        private BackupMailResult KeepQueued(InFlightMessage inFlight, MimeMessage message, BackupMailResult result, string errorId, string reason, TimeSpan? retryAfter = null)
        {
            var item = inFlight.Item;
            var now = Clock();
            item.Attempts = 1;
            item.FirstError = reason;
            item.LastError = reason;
            item.LastErrorId = errorId;
            item.LastAttempt = now;
            item.NextAttempt = now + RetrySchedule.DelayAfter(1, retryAfter);
            Keep(inFlight, failed: false);

            _output.WriteWarning(OutboxStrings.Format("MessageQueued", result.BackupName ?? result.Subject, item.Id, reason));
            result.Action = DeliveryAction.Queued;
            result.QueueId = item.Id;
            result.MessageId = message.MessageId;
            result.Reason = reason;
            result.ErrorId = errorId;
            if (string.IsNullOrEmpty(result.Subject))
            {
                result.Subject = message.Subject;
            }

            return result;
        }

        // The message will not go out as it is: it goes to outbox/failed with its error, and the error says where it is.
        private BackupMailException KeptAsFailed(InFlightMessage inFlight, BackupMailException error)
        {
            var item = inFlight.Item;
            item.FirstError = error.Message;
            item.LastError = error.Message;
            item.LastErrorId = error.ErrorId;
            item.LastAttempt = Clock();
            if (!Keep(inFlight, failed: true))
            {
                return error;
            }

            return new BackupMailException(error.ErrorId, error.Kind,
                error.Message + " " + OutboxStrings.Format("KeptInFailed", _outbox!.FailedDirectoryPath, item.Id), error.Target, error)
            {
                IsTransient = error.IsTransient,
                QueueId = item.Id,
            };
        }

        // Writes the message as an outbox item and takes it out of the journal. Should the item not be written, the
        // journal keeps the message (due at once): still queued, only its schedule or its failure is not recorded.
        // A message is in flight only with an outbox, and once it is in the journal.
        private bool Keep(InFlightMessage inFlight, bool failed)
        {
            try
            {
                _outbox!.Add(inFlight.Item, inFlight.Message, failed);
            }
            catch (BackupMailException)
            {
                return false;
            }

            _journal!.MarkDone(inFlight.Item.Id);
            return true;
        }

        /// <summary>Says QUIT on every open session and closes it. Errors while closing are ignored: the messages were already sent.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            lock (_journalGate)
            {
                _disposed = true;
            }

            foreach (var name in _sessions.Keys.ToList())
            {
                CloseSession(name);
            }

            // What is still in flight (stopped by Ctrl+C, failed unexpectedly) becomes an outbox item, due at once.
            _journal?.Dispose();
        }

        private IMailTransportSession GetSession(MailAccount account, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            if (_sessions.TryGetValue(account.Name, out var session))
            {
                return session;
            }

            // A session that could not be opened is not tried again in this call: every further message for the
            // account would wait out the same timeout (or repeat the same refused login) before failing the same way.
            if (_unavailable.TryGetValue(account.Name, out var failure))
            {
                throw failure;
            }

            try
            {
                session = _transport.Open(account, cancellationToken);
            }
            catch (BackupMailException ex)
            {
                _unavailable[account.Name] = ex;
                throw;
            }

            _sessions[account.Name] = session;
            return session;
        }

        private void CloseSession(string accountName)
        {
            if (!_sessions.TryGetValue(accountName, out var session))
            {
                return;
            }

            _sessions.Remove(accountName);
            try
            {
                session.Dispose();
            }
            catch (Exception)
            {
                // A QUIT that fails changes nothing for the caller.
            }
        }

        private static string KeyOf(string? accountName) => Strings.IsNullOrEmpty(accountName) ? "Default" : accountName;

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(MailDispatcher));
            }
        }
    }
}
