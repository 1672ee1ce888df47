using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using BackupMail.Notifications;
using BackupMail.Resources;
using MimeKit;

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
            var items = _store.List();
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
                ? new BackupMailException("QueueItemBusy", BackupMailErrorKind.ResourceUnavailable, OutboxStrings.Format("QueueItemBusy", id), id) { IsTransient = true }
                : new BackupMailException("QueueItemNotFound", BackupMailErrorKind.ObjectNotFound, OutboxStrings.Format("QueueItemNotFound", id), id);
        }

        private BackupMailResult Attempt(OutboxLease lease, CancellationToken cancellationToken)
        {
            var item = lease.Item;
            var result = new BackupMailResult
            {
                BackupName = item.BackupName,
                Status = item.Status,
                To = item.To,
                Subject = item.Subject,
                MessageId = item.MessageId,
                QueueId = item.Id,
            };
            var now = _dispatcher.Clock();
            var schedule = _dispatcher.RetrySchedule;
            if (schedule.IsExpired(item, now))
            {
                lease.MoveToFailed();
                result.Action = DeliveryAction.Failed;
                result.Reason = OutboxStrings.Format("QueueItemExpired", item.Id, item.BackupName ?? item.Subject, schedule.MaximumAge.TotalDays, _store.FailedDirectoryPath, item.LastError);
                _output.WriteWarning(result.Reason);
                return result;
            }

            MimeMessage message;
            try
            {
                message = lease.LoadMessage();
            }
            catch (Exception error) when (error is FormatException || error is IOException || error is UnauthorizedAccessException)
            {
                // A damaged or unreadable message file must not stop the flush that runs before every
                // notification: the item waits like a failed attempt and moves to outbox/failed at its maximum age.
                return StillWaiting(lease, result, error.Message, now, schedule);
            }

            using (message)
            {
                try
                {
                    var receipt = _dispatcher.SendQueued(item.Account, message, item.To, cancellationToken);
                    if (receipt.DeferredRecipients != null && receipt.DeferredRecipients.Length > 0)
                    {
                        // Delivered to some; the item waits on for the recipients the server deferred again.
                        item.To = receipt.DeferredRecipients;
                        result.ServerResponse = receipt.ServerResponse;
                        return StillWaiting(lease, result, OutboxStrings.Format("RecipientsDeferred", string.Join(", ", receipt.DeferredRecipients)), now, schedule);
                    }

                    lease.Complete();
                    result.Action = DeliveryAction.Sent;
                    result.ServerResponse = receipt.ServerResponse;
                    result.RejectedRecipients = receipt.RejectedRecipients ?? Array.Empty<string>();
                    return result;
                }
                catch (BackupMailException error) when (OutboxPolicy.IsPermanent(error))
                {
                    lease.MoveToFailed();
                    result.Action = DeliveryAction.Failed;
                    result.Reason = OutboxStrings.Format("QueueItemRefused", item.Id, item.BackupName ?? item.Subject, _store.FailedDirectoryPath, error.Message);
                    _output.WriteWarning(result.Reason);
                    return result;
                }
                catch (BackupMailException error)
                {
                    return StillWaiting(lease, result, error.Message, now, schedule);
                }
            }
        }

        private BackupMailResult StillWaiting(OutboxLease lease, BackupMailResult result, string error, DateTimeOffset now, RetrySchedule schedule)
        {
            var item = lease.Item;
            lease.RecordFailure(error, now, schedule);
            result.Action = DeliveryAction.Queued;
            result.Reason = error;
            _output.WriteWarning(OutboxStrings.Format("QueueItemStillWaiting", item.Id, item.BackupName ?? item.Subject, error, item.NextAttempt));
            return result;
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
