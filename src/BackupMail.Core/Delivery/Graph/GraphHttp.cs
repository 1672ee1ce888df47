using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.OAuth;
using BackupMail.Resources;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// Sends Graph requests, one at a time per caller, each under a hard deadline: connect, TLS, upload, the response's
    /// headers and (at most 64 KiB of) its body all end within the account's timeout, however slowly the server
    /// dribbles its answer; the caller's token ends a request at once. A 401 gets one more try with a new token.
    /// One instance (one <see cref="HttpClient"/>) serves a transport, so a pipeline's requests reuse the connection.
    /// </summary>
    internal sealed class GraphHttp : IDisposable
    {
        // How long a request that ignored its deadline's cancellation is waited for before it is given up on.
        private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

        private readonly HttpClient _client;

        /// <param name="handler">The HTTP handler; null for the system's (see <see cref="CreateHandler"/>).</param>
        public GraphHttp(HttpMessageHandler? handler)
        {
            if (handler == null)
            {
                Certificates = new GraphCertificateRecorder();
                handler = CreateHandler(Certificates);
            }

            _client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BackupMail", typeof(GraphHttp).Assembly.GetName().Version.ToString(3)));
        }

        /// <summary>What the certificate check saw; null when a handler was given (tests).</summary>
        public GraphCertificateRecorder? Certificates { get; }

        /// <summary>
        /// Sends the request <paramref name="build"/> makes with the credential's token; on 401, once more with a token
        /// the identity provider issues anew. Returns whatever Graph answered last (a second 401 included).
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// <c>GraphConnectFailed</c>, <c>GraphCertificateUntrusted</c>; the token source's errors.
        /// </exception>
        public GraphResponse Send(Func<HttpRequestMessage> build, GraphCredential credential, TimeSpan timeout, GraphErrorDiagnosis diagnosis, IOutputWriter output, CancellationToken cancellationToken)
        {
            var response = SendOnce(build(), credential.Get(cancellationToken), timeout, diagnosis, cancellationToken);
            if (response.StatusCode != 401)
            {
                return response;
            }

            output.WriteVerbose(GraphStrings.Format("VerboseTokenRefused", GraphErrorDiagnosis.Details(response)));
            return SendOnce(build(), credential.Refresh(cancellationToken), timeout, diagnosis, cancellationToken);
        }

        public void Dispose() => _client.Dispose();

        /// <summary>
        /// The system's HTTP handler: certificates checked by the system alone (no revocation look-ups, as for SMTP: they
        /// hang offline), no redirects (the bearer token goes to the endpoint and nowhere else), no cookies, the system proxy.
        /// </summary>
        internal static HttpClientHandler CreateHandler(GraphCertificateRecorder certificates)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                CheckCertificateRevocationList = false,
                ServerCertificateCustomValidationCallback = certificates.Validate,
            };

            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
            {
                // Windows PowerShell 5.1 may still default to TLS 1.0; Microsoft Graph takes 1.2 and later only.
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

        private GraphResponse SendOnce(HttpRequestMessage request, AccessToken token, TimeSpan timeout, GraphErrorDiagnosis diagnosis, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            request.Headers.TryAddWithoutValidation("client-request-id", Guid.NewGuid().ToString());

            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var task = SendAsync(request, deadline.Token);
            bool finished;
            try
            {
                finished = task.Wait((int)Math.Min(int.MaxValue, (timeout + Grace).TotalMilliseconds), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Abandon(task, request, deadline);
                throw;
            }
            catch (AggregateException aggregate)
            {
                var exception = aggregate.InnerException ?? aggregate;
                var timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                request.Dispose();
                deadline.Dispose();
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(exception.Message, exception, cancellationToken);
                }

                var error = diagnosis.Unreachable(exception, timedOut);
                if (error != null)
                {
                    throw error;
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
                throw; // not reached: Throw() rethrows the cause
            }

            if (!finished)
            {
                // The request did not end when its deadline cancelled it: it is left to finish on its own.
                Abandon(task, request, deadline);
                throw diagnosis.Unreachable(new TimeoutException(), timedOut: true)!; // a timeout is always diagnosed
            }

            request.Dispose();
            deadline.Dispose();
            return task.Result;
        }

        private async Task<GraphResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                string body;

                // Not every stream watches the token while it reads: disposing the response ends any read.
                using (cancellationToken.Register(response.Dispose))
                {
                    body = await ReadBody(response.Content, cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new GraphResponse(
                    response.StatusCode,
                    GraphError.OneLine(response.ReasonPhrase) ?? response.StatusCode.ToString(),
                    RequestId(response.Headers),
                    RetryAfterHeader.Read(response.Headers, DateTimeOffset.UtcNow),
                    body);
            }
        }

        // At most MaxBodyBytes: a server cannot make BackupMail read (or keep) more.
        private static async Task<string> ReadBody(HttpContent content, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                return string.Empty;
            }

            var buffer = new byte[GraphResponse.MaxBodyBytes];
            var length = 0;
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                while (length < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }

        private static string? RequestId(HttpResponseHeaders headers)
        {
            var value = headers.TryGetValues("request-id", out var values) ? values.FirstOrDefault() : null;
            return value == null ? null : GraphError.OneLine(value.Length > 100 ? value.Substring(0, 100) : value);
        }

        private static void Abandon(Task task, HttpRequestMessage request, CancellationTokenSource deadline)
        {
            try
            {
                deadline.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already over.
            }

            task.ContinueWith(t =>
            {
                _ = t.Exception;
                request.Dispose();
                deadline.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
