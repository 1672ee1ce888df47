#nullable enable
using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Resources;

namespace BackupMail.Ping
{
    /// <summary>
    /// Calls a healthchecks-style monitor (Healthchecks, Uptime Kuma, Cronitor...) after a backup run: <c>GET &lt;url&gt;</c>
    /// when the run succeeded or ended with a warning, <c>GET &lt;url&gt;/fail</c> when it failed. An outside monitor
    /// then notices when the pings stop, which a machine that is down cannot report itself.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A ping never throws and never fails the backup's notification: <see cref="Send"/> returns a
    /// <see cref="PingOutcome"/> the caller writes as a warning. The whole request (connect, TLS, the answer's headers)
    /// ends within <see cref="Timeout"/>, however the server behaves (it may accept the connection and never answer,
    /// or dribble its headers a byte at a time); the answer's body is never read.
    /// </para>
    /// <para>
    /// The HTTP client is created on the first ping, so a call whose rule has no ping URL loads nothing of HTTP.
    /// One instance serves one cmdlet call; dispose it at the end of that call.
    /// </para>
    /// </remarks>
    public sealed class HealthPing : IDisposable
    {
        /// <summary>How long a ping may take unless the constructor says otherwise: 10 seconds.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

        /// <summary>The path segment appended for a failed run (healthchecks' convention).</summary>
        public const string FailSegment = "fail";

        // How long a request that ignored its deadline's cancellation is waited for before it is given up on
        // (.NET Framework's HTTP stack does not always abort a blocked read at once).
        private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

        private readonly Func<HttpMessageHandler>? _handlerFactory;
        private readonly object _gate = new object();
        private HttpClient? _client;
        private bool _disposed;

        /// <summary>A ping with the <see cref="DefaultTimeout"/>, through the system's HTTP handler (and its proxy).</summary>
        public HealthPing()
            : this(DefaultTimeout)
        {
        }

        /// <summary>A ping with its own timeout; <paramref name="handlerFactory"/> replaces the system's HTTP handler (tests).</summary>
        /// <param name="timeout">How long one ping may take in all; more than zero.</param>
        /// <param name="handlerFactory">Creates the HTTP handler on the first ping; null for the system's.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
        public HealthPing(TimeSpan timeout, Func<HttpMessageHandler>? handlerFactory = null)
        {
            if (timeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");
            }

            Timeout = timeout;
            _handlerFactory = handlerFactory;
        }

        /// <summary>How long one ping may take in all.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>
        /// Pings the monitor at <paramref name="url"/> for a run that ended with <paramref name="status"/>. Never throws:
        /// whatever happens (no answer, a refusal, an invalid URL, the caller's cancellation) is in the outcome.
        /// </summary>
        /// <param name="url">The check's ping URL (absolute http or https).</param>
        /// <param name="status">The run's status: Success and Warning ping <paramref name="url"/>, Failure pings <c>&lt;url&gt;/fail</c>.</param>
        /// <param name="cancellationToken">Ends the ping at once (Ctrl+C); the outcome then says it was cancelled.</param>
        /// <returns>What happened; <see cref="PingOutcome.Message"/> shows the monitor's scheme and host only.</returns>
        public PingOutcome Send(Uri url, BackupStatus status, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            if (!IsHttp(url))
            {
                return new PingOutcome(PingOutcomeKind.InvalidUrl, string.Empty, null, watch.Elapsed,
                    WatchdogStrings.Format("PingInvalidUrl"));
            }

            var target = Redact(url);
            var address = AddressFor(url, status);
            try
            {
                return SendNow(address, url, target, watch, cancellationToken);
            }
            catch (Exception error) when (!FatalExceptions.Is(error))
            {
                // Whatever the HTTP stack throws (a proxy misconfigured, a handler that cannot be created...) stays here.
                return new PingOutcome(PingOutcomeKind.Unreachable, target, null, watch.Elapsed,
                    WatchdogStrings.Format("PingUnreachable", target, Scrub(FailureCause.Innermost(error).Message, url, address, target)));
            }
        }

        private PingOutcome SendNow(Uri address, Uri url, string target, Stopwatch watch, CancellationToken cancellationToken)
        {
            var client = Client();
            var request = new HttpRequestMessage(HttpMethod.Get, address);
            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Timeout);
            var task = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            bool finished;
            try
            {
                finished = task.Wait((int)Math.Min(int.MaxValue, (Timeout + Grace).TotalMilliseconds), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Abandon(task, request, deadline);
                return new PingOutcome(PingOutcomeKind.Cancelled, target, null, watch.Elapsed, WatchdogStrings.Format("PingCancelled", target));
            }
            catch (AggregateException aggregate)
            {
                var timedOut = deadline.IsCancellationRequested;
                request.Dispose();
                deadline.Dispose();
                if (timedOut)
                {
                    return TimedOut(target, watch);
                }

                var error = FailureCause.Innermost(aggregate);
                return new PingOutcome(PingOutcomeKind.Unreachable, target, null, watch.Elapsed,
                    WatchdogStrings.Format("PingUnreachable", target, Scrub(error.Message, url, address, target)));
            }

            if (!finished)
            {
                Abandon(task, request, deadline);
                return TimedOut(target, watch);
            }

            using (var response = task.Result)
            {
                request.Dispose();
                deadline.Dispose();
                var code = (int)response.StatusCode;
                return code >= 200 && code < 300
                    ? new PingOutcome(PingOutcomeKind.Sent, target, code, watch.Elapsed, WatchdogStrings.Format("PingSent", target, code))
                    : new PingOutcome(PingOutcomeKind.Refused, target, code, watch.Elapsed, WatchdogStrings.Format("PingRefused", target, code, response.ReasonPhrase ?? string.Empty));
            }
        }

        private PingOutcome TimedOut(string target, Stopwatch watch) =>
            new PingOutcome(PingOutcomeKind.TimedOut, target, null, watch.Elapsed,
                WatchdogStrings.Format("PingTimedOut", target, Math.Round(Timeout.TotalSeconds, 1)));

        // A request still running is left to finish on its own; what it ends with is observed, and its parts released then.
        private static void Abandon(Task<HttpResponseMessage> task, HttpRequestMessage request, CancellationTokenSource deadline)
        {
            deadline.Cancel();
            task.ContinueWith(t =>
            {
                if (t.Status == TaskStatus.RanToCompletion)
                {
                    t.Result.Dispose();
                }
                else
                {
                    _ = t.Exception;
                }

                request.Dispose();
                deadline.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>
        /// The address pinged for <paramref name="status"/>: <paramref name="url"/> itself for Success and Warning; for
        /// Failure, <paramref name="url"/> with the path segment <c>fail</c> appended (one slash between, the query kept):
        /// <c>https://hc-ping.com/KEY?rid=1</c> becomes <c>https://hc-ping.com/KEY/fail?rid=1</c>.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="url"/> is not absolute.</exception>
        public static Uri AddressFor(Uri url, BackupStatus status)
        {
            if (url == null)
            {
                throw new ArgumentNullException(nameof(url));
            }

            if (!url.IsAbsoluteUri)
            {
                throw new ArgumentException("The ping URL must be absolute.", nameof(url));
            }

            if (status != BackupStatus.Failure)
            {
                return url;
            }

            var builder = new UriBuilder(url) { Fragment = string.Empty };
            builder.Path = builder.Path.TrimEnd('/') + "/" + FailSegment;
            // UriBuilder.Query adds a '?' of its own when set; keep the one the URL already has by leaving it alone.
            return builder.Uri;
        }

        /// <summary>
        /// <paramref name="url"/> as it may be shown: scheme, host and (a non-default) port only. A ping URL's path and
        /// query usually carry the check's secret key.
        /// </summary>
        public static string Redact(Uri? url)
        {
            if (url == null || !url.IsAbsoluteUri)
            {
                return string.Empty;
            }

            return url.GetLeftPart(UriPartial.Authority).Replace(url.UserInfo + "@", string.Empty);
        }

        /// <summary>True when <paramref name="url"/> is an absolute http or https address with a host (what a ping URL must be).</summary>
        public static bool IsHttp(Uri? url) =>
            url != null && url.IsAbsoluteUri && !string.IsNullOrEmpty(url.Host)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

        /// <summary>Releases the HTTP client, if one was created.</summary>
        public void Dispose()
        {
            HttpClient? client;
            lock (_gate)
            {
                _disposed = true;
                client = _client;
                _client = null;
            }

            client?.Dispose();
        }

        private HttpClient Client()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(HealthPing));
                }

                return _client ?? (_client = CreateClient(_handlerFactory?.Invoke() ?? CreateHandler()));
            }
        }

        private static HttpClient CreateClient(HttpMessageHandler handler)
        {
            var client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BackupMail", typeof(HealthPing).Assembly.GetName().Version.ToString(3)));
            return client;
        }

        // The system's handler: its proxy, no cookies, no revocation look-ups (they hang offline), a few redirects at most.
        private static HttpMessageHandler CreateHandler()
        {
            var handler = new HttpClientHandler
            {
                UseCookies = false,
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 3,
                CheckCertificateRevocationList = false,
            };

            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
            {
                // Windows PowerShell 5.1 may still default to TLS 1.0, which monitors no longer accept.
                try
                {
                    handler.SslProtocols = SslProtocols.Tls12;
                }
                catch (PlatformNotSupportedException)
                {
                    // Older frameworks: the system's defaults apply.
                }
            }

            return handler;
        }

        // An HTTP stack's message may quote the address it failed on; the secret parts never reach the user.
        private static string Scrub(string message, Uri url, Uri address, string target)
        {
            foreach (var secret in new[] { address.AbsoluteUri, url.AbsoluteUri, address.OriginalString, url.OriginalString })
            {
                message = message.Replace(secret, target + "/…");
            }

            foreach (var secret in new[] { address.PathAndQuery, url.PathAndQuery })
            {
                if (secret.Length > 1)
                {
                    message = message.Replace(secret, "/…");
                }
            }

            return message;
        }
    }
}
