using System;
using System.Threading;
using MailKit.Net.Smtp;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Runs one SMTP step under a hard deadline. MailKit's Timeout bounds each read and write; this is the
    /// safety net for anything that ignores it: when the deadline passes the token is cancelled and the
    /// client is disposed, which closes the socket under any blocked call.
    /// </summary>
    internal static class Bounded
    {
        public static void Run(ISmtpClient client, TimeSpan deadline, CancellationToken cancellationToken, Action<CancellationToken> step, out bool timedOut)
        {
            var expired = 0;
            using (var deadlineSource = new CancellationTokenSource())
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token))
            using (deadlineSource.Token.Register(() =>
            {
                Interlocked.Exchange(ref expired, 1);
                try
                {
                    client.Dispose();
                }
                catch (Exception)
                {
                    // Best effort: the blocked call fails either way, and that failure is reported.
                }
            }))
            {
                deadlineSource.CancelAfter(deadline);
                try
                {
                    step(linked.Token);
                    timedOut = false;
                }
                catch (Exception exception) when (Volatile.Read(ref expired) == 1 && !cancellationToken.IsCancellationRequested)
                {
                    // What the aborted call threw (often an artefact of the disposal) is not the cause: time is.
                    timedOut = true;
                    throw new TimeoutException(exception.Message, exception);
                }
            }
        }
    }
}
