using System;
using System.Threading.Tasks;

namespace BackupMail.Notifications
{
    /// <summary>
    /// A notification being delivered, possibly on another thread (see <see cref="NotificationService.BeginDeliver(PreparedNotification, System.Threading.CancellationToken)"/>).
    /// Whatever happens, the delivery itself sends the message or queues it in the outbox; <see cref="End"/> only
    /// reports how it went.
    /// </summary>
    public sealed class PendingNotification
    {
        private readonly Task<BackupMailResult> _delivery;

        private PendingNotification(PreparedNotification prepared, Task<BackupMailResult> delivery)
        {
            Prepared = prepared;
            _delivery = delivery;
        }

        /// <summary>The notification being delivered.</summary>
        public PreparedNotification Prepared { get; }

        /// <summary>Starts <paramref name="deliver"/> on a thread-pool thread.</summary>
        internal static PendingNotification Start(PreparedNotification prepared, Func<BackupMailResult> deliver) =>
            new PendingNotification(prepared, Task.Run(deliver));

        /// <summary>Runs <paramref name="deliver"/> now, on the calling thread, and keeps its outcome for <see cref="End"/>.</summary>
        internal static PendingNotification RunNow(PreparedNotification prepared, Func<BackupMailResult> deliver)
        {
            var outcome = new TaskCompletionSource<BackupMailResult>();
            try
            {
                outcome.SetResult(deliver());
            }
            catch (Exception error)
            {
                outcome.SetException(error);
            }

            return new PendingNotification(prepared, outcome.Task);
        }

        /// <summary>Waits until the delivery has ended, and returns its result.</summary>
        /// <exception cref="BackupMailException">As <see cref="NotificationService.Deliver"/>: the message was neither sent nor queued.</exception>
        /// <exception cref="OperationCanceledException">The delivery's token was cancelled (the message waits in the dispatcher's journal).</exception>
        public BackupMailResult End() => _delivery.GetAwaiter().GetResult();

        /// <summary>Waits until the delivery has ended, whatever its outcome (for a caller that is closing).</summary>
        public void Wait() => ((IAsyncResult)_delivery).AsyncWaitHandle.WaitOne();
    }
}
