using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.Resources;

namespace BackupMail.Outbox
{
    /// <summary>
    /// Delivers what waits in the outbox through a <see cref="MailDispatcher"/>: the items that are due (before
    /// every notification, bounded in time, so a backlog drains without a task of its own), or the items a user
    /// asks for (now, whatever the backoff says). An item leaves the outbox only after the server accepted it.
    /// </summary>
    public sealed class OutboxSender
    {
        // No write takes this long: older temporary files and metadata-less messages are left over from a crash.
        private static readonly TimeSpan AbandonedFileAge = TimeSpan.FromHours(1);

        private readonly OutboxStore _store;
        private readonly MailDispatcher _dispatcher;
        private readonly IOutputWriter _output;

        /// <summary>Creates a sender for the dispatcher's outbox.</summary>
        /// <exception cref="ArgumentException">The dispatcher has no outbox.</exception>
        public OutboxSender(MailDispatcher dispatcher, IOutputWriter output)
        {
            _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
            _store = dispatcher.Outbox ?? throw new ArgumentException("The dispatcher has no outbox.", nameof(dispatcher));
            _output = output ?? NullOutputWriter.Instance;
        }

        /// <summary>
        /// Sends the items whose next attempt is due, oldest first, and starts no new one after
        /// <paramref name="budget"/>; items older than the schedule's maximum age move to <c>outbox/failed</c>.
        /// Files a crashed writer left behind more than an hour ago are removed first.
        /// </summary>
        public IReadOnlyList<BackupMailResult> SendDue(TimeSpan budget, CancellationToken cancellationToken = default)
        {
            var results = new List<BackupMailResult>();
            var watch = Stopwatch.StartNew();
            _store.RemoveAbandonedFiles(AbandonedFileAge);
            IReadOnlyList<OutboxItem> items;
            try
            {
                items = _store.List();
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                // An outbox that cannot be listed holds nothing this run can send; the run's own notification goes on.
                _output.WriteWarning(OutboxStrings.Format("OutboxFlushFailed", error.Message));
                return results;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var now = _dispatcher.Clock();
                if (!items[i].IsDue(now) && !_dispatcher.RetrySchedule.IsExpired(items[i], now))
                {
                    continue;
                }

                if (watch.Elapsed > budget || cancellationToken.IsCancellationRequested)
                {
                    _output.WriteWarning(OutboxStrings.Format("QueueBudgetExhausted", CountDue(items, i, now)));
                    break;
                }

                using (var lease = _store.TryLease(items[i].Id))
                {
                    // The listing may be stale: another process may have tried the item since, and scheduled
                    // its next attempt. The lease holds the metadata as it is now.
                    if (lease != null && (lease.Item.IsDue(now) || _dispatcher.RetrySchedule.IsExpired(lease.Item, now)))
                    {
                        results.Add(Attempt(lease, cancellationToken));
                    }
                }
            }

            return results;
        }

        /// <summary>Sends the named item now, whatever its backoff says.</summary>
        /// <exception cref="BackupMailException"><c>QueueItemNotFound</c>; <c>QueueItemBusy</c> when another process is sending it.</exception>
        public BackupMailResult Send(string id, CancellationToken cancellationToken = default)
        {
            using (var lease = _store.TryLease(id))
            {
                if (lease != null)
                {
                    return Attempt(lease, cancellationToken);
                }
            }

            throw _store.Contains(id)
                ? new BackupMailException(ErrorIds.QueueItemBusy, BackupMailErrorKind.ResourceUnavailable, OutboxStrings.Format("QueueItemBusy", id), id) { IsTransient = true }
                : new BackupMailException(ErrorIds.QueueItemNotFound, BackupMailErrorKind.ObjectNotFound, OutboxStrings.Format("QueueItemNotFound", id), id);
        }

        /// <summary>
        /// Moves the named item from <c>outbox/failed</c> back into the outbox and sends it now: after the cause of its
        /// failure was fixed (a recipient corrected on the server, a sender allowed...).
        /// </summary>
        /// <exception cref="BackupMailException">
        /// <c>QueueItemNotFound</c>; <c>QueueItemDamaged</c> when its files cannot be read; <c>OutboxNotWritable</c>.
        /// </exception>
        public BackupMailResult SendFailed(string id, CancellationToken cancellationToken = default)
        {
            if (!_store.Requeue(id, _dispatcher.Clock()))
            {
                throw new BackupMailException(ErrorIds.QueueItemNotFound, BackupMailErrorKind.ObjectNotFound, OutboxStrings.Format("QueueItemNotFound", id), id);
            }

            return Send(id, cancellationToken);
        }

        // One attempt at a leased item. Whatever the item holds, only the engine's own exceptions (and cancellation)
        // leave here: a damaged item must never stop the flush that runs before every notification.
        private BackupMailResult Attempt(OutboxLease lease, CancellationToken cancellationToken)
        {
            var item = lease.Item;
            var result = new BackupMailResult
            {
                BackupName = item.BackupName,
                Status = item.Status,
                To = item.To ?? Array.Empty<string>(),
                Subject = item.Subject,
                MessageId = item.MessageId,
                QueueId = item.Id,
            };
            var now = _dispatcher.Clock();
            var schedule = _dispatcher.RetrySchedule;
            var damage = lease.Inspect(out var message);
            if (damage != null)
            {
                return GiveUp(lease, result, ErrorIds.QueueItemDamaged, damage,
                    OutboxStrings.Format("QueueItemDamaged", item.Id, damage, _store.FailedDirectoryPath), now);
            }

            using (message)
            {
                if (schedule.IsExpired(item, now))
                {
                    return GiveUp(lease, result, item.LastErrorId ?? ErrorIds.QueueItemExpired, item.LastError,
                        OutboxStrings.Format("QueueItemExpired", item.Id, item.BackupName ?? item.Subject, schedule.MaximumAge.TotalDays, _store.FailedDirectoryPath, item.LastError), now);
                }

                SendReceipt receipt;
                try
                {
                    // Inspect loads the message whenever it finds no damage.
                    receipt = _dispatcher.SendQueued(item.Account, message!, item.EnvelopeRecipients(), cancellationToken);
                }
                catch (BackupMailException error) when (!OutboxPolicy.IsPermanent(error))
                {
                    return StillWaiting(lease, result, error.ErrorId, error.Message, now, schedule, error.RetryAfter);
                }
                catch (BackupMailException error)
                {
                    // Refused for good: kept in outbox/failed, to be sent again after the fix.
                    return GiveUp(lease, result, error.ErrorId, error.Message,
                        OutboxStrings.Format("QueueItemRefused", item.Id, item.BackupName ?? item.Subject, _store.FailedDirectoryPath, error.Message), now);
                }
                catch (Exception error) when (!(error is OperationCanceledException) && !FatalExceptions.Is(error))
                {
                    return GiveUp(lease, result, ErrorIds.QueueItemUnsendable, error.Message,
                        OutboxStrings.Format("QueueItemUnsendable", item.Id, error.GetType().Name, error.Message, _store.FailedDirectoryPath), now);
                }

                result.ServerResponse = receipt.ServerResponse;
                result.RejectedRecipients = receipt.RejectedRecipients ?? Array.Empty<string>();
                if (receipt.DeferredRecipients != null && receipt.DeferredRecipients.Length > 0)
                {
                    // Delivered to some; the item waits on for the recipients the server deferred again.
                    item.WaitFor(receipt.DeferredRecipients);
                    return StillWaiting(lease, result, ErrorIds.SmtpRecipientDeferred, OutboxStrings.Format("RecipientsDeferred", string.Join(", ", receipt.DeferredRecipients)), now, schedule);
                }

                Update(lease, l => l.Complete());
                result.Action = DeliveryAction.Sent;
                return result;
            }
        }

        private BackupMailResult GiveUp(OutboxLease lease, BackupMailResult result, string errorId, string? error, string warning, DateTimeOffset now)
        {
            Update(lease, l => l.MoveToFailed(errorId, error, now));
            result.Action = DeliveryAction.Failed;
            result.ErrorId = errorId;
            result.Reason = warning;
            _output.WriteWarning(warning);
            return result;
        }

        private BackupMailResult StillWaiting(OutboxLease lease, BackupMailResult result, string errorId, string error, DateTimeOffset now, RetrySchedule schedule, TimeSpan? retryAfter = null)
        {
            var item = lease.Item;
            Update(lease, l => l.RecordFailure(errorId, error, now, schedule, retryAfter));
            result.Action = DeliveryAction.Queued;
            result.ErrorId = errorId;
            result.Reason = error;
            _output.WriteWarning(OutboxStrings.Format("QueueItemStillWaiting", item.Id, item.BackupName ?? item.Subject, error, item.NextAttempt));
            return result;
        }

        // A disk that refuses the update leaves the item where it is (tried again later), with a warning; the flush goes on.
        private void Update(OutboxLease lease, Action<OutboxLease> change)
        {
            try
            {
                change(lease);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                _output.WriteWarning(OutboxStrings.Format("QueueItemNotUpdated", lease.Item.Id, error.Message));
            }
        }

        private static int CountDue(IReadOnlyList<OutboxItem> items, int from, DateTimeOffset now)
        {
            var count = 0;
            for (var i = from; i < items.Count; i++)
            {
                if (items[i].IsDue(now)) count++;
            }

            return count;
        }
    }
}
