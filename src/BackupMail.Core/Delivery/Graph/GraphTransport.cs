using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Resources;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// Microsoft Graph <c>sendMail</c> as an <see cref="IMailTransport"/>: an OAuth 2.0 access token for Graph from an
    /// <see cref="IAccessTokenSource"/>, then one HTTPS request per message, the composed MIME message as its body.
    /// </summary>
    /// <remarks>
    /// <para>
    /// One <see cref="HttpClient"/> per transport: the messages of a pipeline reuse its connection. Certificates are
    /// checked by the system alone (there is no switch to skip that, and no pinning: Graph's certificates change); the
    /// system proxy applies; redirects are not followed. Each request is bounded by the account's
    /// <see cref="MailAccount.TimeoutSeconds"/> as a whole: connect, TLS, upload, the answer's headers and body.
    /// </para>
    /// <para>Dispose the transport when no session is in use any more.</para>
    /// </remarks>
    public sealed class GraphTransport : IMailTransport, IDisposable
    {
        private const int DefaultTimeoutSeconds = 30;

        private readonly IAccessTokenSource _tokens;
        private readonly IOutputWriter _output;
        private readonly GraphHttp _http;

        /// <summary>Creates the Graph transport, with the system's HTTP handler.</summary>
        /// <param name="tokens">Gives the accounts' access tokens.</param>
        /// <param name="output">Receives verbose messages and warnings; null discards them.</param>
        /// <exception cref="ArgumentNullException"><paramref name="tokens"/> is null.</exception>
        public GraphTransport(IAccessTokenSource tokens, IOutputWriter? output)
            : this(tokens, output, null)
        {
        }

        /// <summary>Creates the transport over <paramref name="handler"/> (tests); null for the system's handler.</summary>
        internal GraphTransport(IAccessTokenSource tokens, IOutputWriter? output, HttpMessageHandler? handler)
        {
            _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
            _output = output ?? NullOutputWriter.Instance;
            _http = new GraphHttp(handler);
        }

        /// <summary>Gets an access token for Graph and returns a session that sends with it. Nothing is sent to Graph yet.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// <c>GraphRequestFailed</c> (an endpoint that is not https), <c>InvalidMailAddress</c> (From); the token source's
        /// errors (<c>OAuthTokenFailed</c>, <c>OAuthSignInRequired</c>, <c>OAuthProviderUnreachable</c>, secret errors).
        /// </exception>
        public IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default) =>
            OpenSession(account, cancellationToken);

        /// <summary>
        /// Gets a token and checks the sender mailbox with <c>GET {endpoint}/v1.0/users/{From}</c>; sends nothing.
        /// </summary>
        /// <remarks>
        /// Reading a user needs User.Read.All (or User.ReadBasic.All), which an application that only sends does not need
        /// and may lack: Graph then answers 403. When the token carries Mail.Send, that is not an error: the result's
        /// <see cref="AccountTestResult.Mailbox"/> stays null (unchecked) and a warning says why. A 403 without Mail.Send
        /// is <c>GraphAccessDenied</c>; a 404 is <c>GraphMailboxNotFound</c>.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">As <see cref="Open"/>, and as <see cref="GraphSession.Send"/> for Graph's answers.</exception>
        public AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default)
        {
            using (var session = OpenSession(account, cancellationToken))
            {
                var address = session.Address;
                var diagnosis = session.Diagnosis;
                var credential = session.Credential;
                _output.WriteVerbose(GraphStrings.Format("VerboseCheckingMailbox", address.UserCheck.AbsoluteUri));
                var response = _http.Send(() => new HttpRequestMessage(HttpMethod.Get, address.UserCheck), credential, session.Timeout, diagnosis, _output, cancellationToken);

                string? mailbox = null;
                if (response.IsSuccess)
                {
                    mailbox = MailboxOf(response.Body) ?? address.Mailbox;
                    _output.WriteVerbose(GraphStrings.Format("VerboseMailboxChecked", mailbox, response.StatusText));
                }
                else if (response.StatusCode == 403 && GraphCredential.CanSendMail(credential.Token))
                {
                    _output.WriteWarning(GraphStrings.Format("WarningMailboxUnchecked", address.Mailbox, account.Name, GraphErrorDiagnosis.Details(response)));
                }
                else
                {
                    throw diagnosis.ForStatus(response, credential.Token);
                }

                var token = credential.Token!; // OpenSession got one
                var seen = _http.Certificates?.For(address.Endpoint);
                return new AccountTestResult
                {
                    Account = account.Name,
                    Transport = MailTransportKind.Graph,
                    Authentication = account.Authentication,
                    UserName = account.UserName,
                    Port = address.Endpoint.Port,
                    GraphEndpoint = address.Display,
                    Mailbox = mailbox,
                    MaxMessageSize = session.MaxMessageSize,
                    TokenExpiresOn = token.ExpiresOn,
                    TokenPermissions = GraphCredential.Permissions(token).ToArray(),
                    TokenFromCache = token.FromCache,
                    Authenticated = true,
                    CertificateSubject = seen?.Certificate?.Subject,
                    CertificateIssuer = seen?.Certificate?.Issuer,
                    CertificateThumbprint = seen?.Sha256,
                    CertificateExpires = seen?.Certificate?.NotAfter,
                };
            }
        }

        /// <summary>Closes the transport's connections.</summary>
        public void Dispose() => _http.Dispose();

        private GraphSession OpenSession(MailAccount account, CancellationToken cancellationToken)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            var address = GraphAddress.For(account);
            var credential = new GraphCredential(_tokens, account);
            var token = credential.Get(cancellationToken);
            var timeout = Timeout(account);
            var permissions = GraphCredential.Permissions(token);
            _output.WriteVerbose(GraphStrings.Format("VerboseOpened", address.Display, address.Mailbox,
                GraphStrings.Format(token.FromCache ? "TokenFromCache" : "TokenNew"),
                token.ExpiresOn.ToString("u", CultureInfo.InvariantCulture),
                permissions.Count == 0 ? GraphStrings.Format("PermissionsNone") : string.Join(", ", permissions),
                timeout.TotalSeconds.ToString(CultureInfo.CurrentCulture)));
            if (!account.SaveToSentItems)
            {
                _output.WriteVerbose(GraphStrings.Format("VerboseSentItemsAlways", account.Name, address.Mailbox));
            }

            var diagnosis = new GraphErrorDiagnosis(account, address, _http.Certificates, (int)timeout.TotalSeconds);
            return new GraphSession(_http, credential, account, address, diagnosis, _output, timeout);
        }

        private static TimeSpan Timeout(MailAccount account) =>
            TimeSpan.FromSeconds(account.TimeoutSeconds > 0 ? account.TimeoutSeconds : DefaultTimeoutSeconds);

        // The user's mail address, else its user principal name, from GET /users/{id}; null when the body has neither.
        private static string? MailboxOf(string body)
        {
            try
            {
                using (var document = JsonDocument.Parse(body))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        return null;
                    }

                    foreach (var name in new[] { "mail", "userPrincipalName" })
                    {
                        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
                        {
                            return GraphError.OneLine(value.GetString());
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (or cut at the read limit): the mailbox is known to exist, not its name.
            }

            return null;
        }
    }
}
