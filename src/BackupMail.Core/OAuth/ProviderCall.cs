using System;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Accounts;

namespace BackupMail.OAuth
{
    /// <summary>
    /// Runs one asynchronous request to the identity provider synchronously and bounded: by the caller's cancellation, and
    /// (unless null) by a deadline after which it is cancelled and reported as <c>OAuthProviderUnreachable</c>; a request
    /// that ignores its cancellation is abandoned shortly after. Never hangs.
    /// </summary>
    internal static class ProviderCall
    {
        private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">What <paramref name="call"/> threw, or <c>OAuthProviderUnreachable</c> at the deadline.</exception>
        internal static T Run<T>(MailAccount account, string provider, TimeSpan? timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> call)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout.HasValue)
                {
                    deadline.CancelAfter(timeout.Value);
                }

                // On the thread pool: no synchronization context of the caller is ever waited on. Messages are written in
                // the caller's language (the culture flows on from there through every await).
                var culture = System.Globalization.CultureInfo.CurrentUICulture;
                var task = Task.Run(
                    () =>
                    {
                        System.Globalization.CultureInfo.CurrentUICulture = culture;
                        return call(deadline.Token);
                    },
                    deadline.Token);
                bool finished;
                try
                {
                    finished = timeout.HasValue
                        ? task.Wait((int)Math.Min(int.MaxValue, (timeout.Value + Grace).TotalMilliseconds), cancellationToken)
                        : WaitUntilDone(task, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    deadline.Cancel();
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (AggregateException)
                {
                    finished = true;
                }

                if (!finished)
                {
                    deadline.Cancel();
                    throw OAuthErrors.TimedOut(account, provider, timeout ?? TimeSpan.FromSeconds(account.TimeoutSeconds), null); // only a timeout ends unfinished
                }

                try
                {
                    return task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (OperationCanceledException e)
                {
                    // Not the caller's: the deadline, or the HttpClient's own timeout.
                    throw OAuthErrors.TimedOut(account, provider, timeout ?? TimeSpan.FromSeconds(account.TimeoutSeconds), e);
                }
            }
        }

        private static bool WaitUntilDone(Task task, CancellationToken cancellationToken)
        {
            task.Wait(cancellationToken);
            return true;
        }
    }
}
