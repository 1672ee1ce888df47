using System;
using System.Threading;
using MailKit.Net.Smtp;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Runs one SMTP step under a hard deadline. MailKit's Timeout bounds each read and write; this is the
    /// safety net for anything that ignores it. At the deadline the step's token is cancelled; if the step
    /// still has not returned a moment later, the client is disposed, which closes the socket under any
    /// blocked call.
    /// </summary>
    internal static class Bounded
    {
        private static readonly TimeSpan DisposeGrace = TimeSpan.FromMilliseconds(500);

        public static void Run(ISmtpClient client, TimeSpan deadline, CancellationToken cancellationToken, Action<CancellationToken> step, out bool timedOut)
        {
            var state = new DeadlineState(client);
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, state.Token))
            using (var timer = new Timer(DeadlineState.Fire, state, deadline, Timeout.InfiniteTimeSpan))
            {
                state.Timer = timer;
                try
                {
                    step(linked.Token);
                    timedOut = false;
                }
                catch (Exception exception) when (state.Expired && !cancellationToken.IsCancellationRequested)
                {
                    // What the aborted call threw (often an artefact of the abort) is not the cause: time is.
                    timedOut = true;
                    throw new TimeoutException(exception.Message, exception);
                }
                finally
                {
                    state.Finish();
                }
            }
        }

        private sealed class DeadlineState
        {
            private readonly object _gate = new object();
            private readonly CancellationTokenSource _source = new CancellationTokenSource();
            private readonly ISmtpClient _client;
            private bool _finished;
            private bool _cancelled;

            public DeadlineState(ISmtpClient client) => _client = client;

            public CancellationToken Token => _source.Token;

            public Timer Timer { get; set; }

            public bool Expired
            {
                get { lock (_gate) { return _cancelled; } }
            }

            // Runs on a timer thread: it must never throw, or the process dies.
            public static void Fire(object state)
            {
                var self = (DeadlineState)state;
                bool dispose;
                lock (self._gate)
                {
                    if (self._finished)
                    {
                        return;
                    }

                    dispose = self._cancelled;
                    self._cancelled = true;
                }

                try
                {
                    if (dispose)
                    {
                        self._client.Dispose();
                    }
                    else
                    {
                        self._source.Cancel();
                        self.Timer?.Change(DisposeGrace, Timeout.InfiniteTimeSpan);
                    }
                }
                catch (Exception)
                {
                    // Best effort: the blocked call fails either way, and that failure is reported.
                }
            }

            public void Finish()
            {
                lock (_gate)
                {
                    _finished = true;
                }
            }
        }
    }
}
