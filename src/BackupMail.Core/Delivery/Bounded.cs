using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using MailKit.Net.Smtp;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Runs one SMTP phase under a hard deadline. MailKit's Timeout bounds each read and write, which a server that
    /// dribbles its reply a byte at a time never trips; this bounds the whole phase. At the deadline the phase's token
    /// is cancelled and the socket (when known) shut down; if the phase still has not returned a moment later, the
    /// client is disposed, which closes the socket under any blocked call.
    /// </summary>
    internal static class Bounded
    {
        private static readonly TimeSpan DisposeGrace = TimeSpan.FromMilliseconds(500);

        public static void Run(ISmtpClient client, TimeSpan deadline, CancellationToken cancellationToken, Action<CancellationToken> step, out bool timedOut) =>
            Run(client, deadline, cancellationToken, step, out timedOut, null, null);

        /// <param name="client">Disposed when the phase ignores the cancellation.</param>
        /// <param name="deadline">How long the phase may take.</param>
        /// <param name="cancellationToken">The caller's token (Ctrl+C).</param>
        /// <param name="step">The phase; it gets a token cancelled at the deadline or by the caller.</param>
        /// <param name="timedOut">True when the deadline ended the phase.</param>
        /// <param name="restartOnWrite">
        /// When not null, each write of the client starts the deadline again: a message's phases (MAIL, RCPT, DATA and
        /// its content, the final answer) each get the whole time, so a large upload is not cut, but a server that is
        /// slow to answer is.
        /// </param>
        /// <param name="socket">The connection's socket, shut down at the deadline: that wakes a read blocked inside TLS.</param>
        public static void Run(ISmtpClient client, TimeSpan deadline, CancellationToken cancellationToken, Action<CancellationToken> step, out bool timedOut, ReplyGuard? restartOnWrite, Socket? socket)
        {
            var state = new DeadlineState(client, socket, deadline);
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, state.Token))
            using (var timer = new Timer(DeadlineState.Fire, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan))
            {
                state.Timer = timer;
                timer.Change(deadline, Timeout.InfiniteTimeSpan);
                if (restartOnWrite != null)
                {
                    restartOnWrite.ClientWrote = state.Restart;
                }

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
                    if (restartOnWrite != null)
                    {
                        restartOnWrite.ClientWrote = null;
                    }

                    state.Finish();
                }
            }
        }

        private sealed class DeadlineState
        {
            private readonly object _gate = new object();
            private readonly CancellationTokenSource _source = new CancellationTokenSource();
            private readonly ISmtpClient _client;
            private readonly Socket? _socket;
            private readonly long _length;
            private long _due;
            private bool _finished;
            private bool _cancelled;

            public DeadlineState(ISmtpClient client, Socket? socket, TimeSpan deadline)
            {
                _client = client;
                _socket = socket;
                _length = (long)(deadline.TotalSeconds * Stopwatch.Frequency);
                _due = Stopwatch.GetTimestamp() + _length;
            }

            public CancellationToken Token => _source.Token;

            public Timer? Timer { get; set; }

            public bool Expired
            {
                get { lock (_gate) { return _cancelled; } }
            }

            // Called on every write of the client: only a timestamp, the timer itself moves when it fires.
            public void Restart() => Volatile.Write(ref _due, Stopwatch.GetTimestamp() + _length);

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
                    if (!dispose)
                    {
                        var left = Volatile.Read(ref self._due) - Stopwatch.GetTimestamp();
                        if (left > 0)
                        {
                            // The client wrote since the timer was set: the phase it started gets its full time.
                            self.Timer?.Change(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), Timeout.InfiniteTimeSpan);
                            return;
                        }
                    }

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
                        if (self._socket != null)
                        {
                            TcpConnection.Abort(self._socket);
                        }

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
