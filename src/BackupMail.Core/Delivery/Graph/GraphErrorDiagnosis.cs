using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Resources;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// Turns Microsoft Graph's answers and the network's failures into <see cref="BackupMailException"/>s with stable ids,
    /// a <see cref="BackupMailException.Recovery"/>, and a message that says what to do. Messages are built from the
    /// account, Graph's error code and message, the request id and the certificate — never from the token.
    /// </summary>
    /// <remarks>
    /// <list type="table">
    /// <item><term>401 (after one retry with a new token)</term><description><c>GraphAccessDenied</c>, Administrator.</description></item>
    /// <item><term>403</term><description><c>GraphAccessDenied</c>, Administrator, naming Mail.Send and the access policy.</description></item>
    /// <item><term>404 ErrorInvalidUser, MailboxNotEnabledForRESTAPI, ResourceNotFound, ErrorItemNotFound</term><description><c>GraphMailboxNotFound</c>, Administrator.</description></item>
    /// <item><term>413</term><description><c>GraphMessageRejected</c>, Never.</description></item>
    /// <item><term>400</term><description><c>GraphMessageRejected</c>, Never, with Graph's message.</description></item>
    /// <item><term>429, 5xx</term><description><c>GraphServiceBusy</c>, Retry, with the Retry-After.</description></item>
    /// <item><term>anything else (another 404, 3xx, 405...)</term><description><c>GraphRequestFailed</c>, Administrator.</description></item>
    /// <item><term>refused, DNS, reset, timeout, TLS</term><description><c>GraphConnectFailed</c>, Retry.</description></item>
    /// <item><term>certificate not trusted</term><description><c>GraphCertificateUntrusted</c>, Administrator.</description></item>
    /// </list>
    /// </remarks>
    internal sealed class GraphErrorDiagnosis
    {
        private static readonly string[] MailboxMissingCodes =
        {
            "ErrorInvalidUser", "MailboxNotEnabledForRESTAPI", "ResourceNotFound", "ErrorItemNotFound", "Request_ResourceNotFound",
        };

        private readonly MailAccount _account;
        private readonly GraphAddress _address;
        private readonly GraphCertificateRecorder? _certificates;
        private readonly int _timeoutSeconds;

        public GraphErrorDiagnosis(MailAccount account, GraphAddress address, GraphCertificateRecorder? certificates, int timeoutSeconds)
        {
            _account = account;
            _address = address;
            _certificates = certificates;
            _timeoutSeconds = timeoutSeconds;
        }

        /// <summary>The error a failed answer to <c>sendMail</c> (or to the mailbox check) means.</summary>
        /// <param name="response">Graph's answer; not a success.</param>
        /// <param name="token">The token the request carried (only its permissions are used).</param>
        /// <param name="messageId">The message's Message-Id, for a refused message.</param>
        /// <param name="mimeLength">The message's size, for a 413.</param>
        public BackupMailException ForStatus(GraphResponse response, AccessToken? token, string? messageId = null, long? mimeLength = null)
        {
            var status = response.StatusCode;
            if (status == 401)
            {
                return TokenRefused(response);
            }

            if (status == 403)
            {
                return AccessDenied(response, token);
            }

            if (status == 404 && response.Error != null && Array.Exists(MailboxMissingCodes, response.Error.Is))
            {
                return MailboxNotFound(response);
            }

            if (status == 413)
            {
                return TooLarge(response, messageId, mimeLength);
            }

            if (status == 400)
            {
                return new BackupMailException(ErrorIds.GraphMessageRejected, BackupMailErrorKind.ProtocolError,
                    GraphStrings.Format("ErrorMessageRejected", messageId, Details(response)), messageId)
                {
                    Recovery = ErrorRecovery.Never,
                };
            }

            if (status == 429 || (status >= 500 && status < 600))
            {
                return Busy(response);
            }

            return new BackupMailException(ErrorIds.GraphRequestFailed, BackupMailErrorKind.ProtocolError,
                GraphStrings.Format("ErrorRequestFailed", _address.Display, Details(response), _account.Name), _address.Display)
            {
                Recovery = ErrorRecovery.Administrator,
            };
        }

        /// <summary><c>GraphAccessDenied</c>: Graph refused the token twice, also a fresh one.</summary>
        public BackupMailException TokenRefused(GraphResponse response) =>
            new BackupMailException(ErrorIds.GraphAccessDenied, BackupMailErrorKind.AuthenticationError,
                GraphStrings.Format("ErrorTokenRefused", _address.Display, _account.Name, Details(response)), _account.Name)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        /// <summary><c>GraphAccessDenied</c>: the token is valid but may not send as the mailbox.</summary>
        public BackupMailException AccessDenied(GraphResponse response, AccessToken? token)
        {
            var delegated = _account.Authentication == MailAuthentication.OAuthUser || (token != null && token.Roles.Count == 0 && token.Scopes.Count > 0);
            var text = GraphStrings.Format(delegated ? "ErrorAccessDeniedUser" : "ErrorAccessDeniedApp",
                _account.Name, _address.Mailbox, Details(response), string.IsNullOrEmpty(_account.ClientId) ? "<client id>" : _account.ClientId);
            return new BackupMailException(ErrorIds.GraphAccessDenied, BackupMailErrorKind.PermissionDenied, text, _address.Mailbox)
            {
                Recovery = ErrorRecovery.Administrator,
            };
        }

        /// <summary><c>GraphMailboxNotFound</c>: check -From.</summary>
        public BackupMailException MailboxNotFound(GraphResponse response) =>
            new BackupMailException(ErrorIds.GraphMailboxNotFound, BackupMailErrorKind.ObjectNotFound,
                GraphStrings.Format("ErrorMailboxNotFound", _account.Name, _address.Mailbox, Details(response)), _address.Mailbox)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        /// <summary><c>GraphServiceBusy</c> (transient), with Graph's Retry-After.</summary>
        public BackupMailException Busy(GraphResponse response)
        {
            var when = response.RetryAfter.HasValue
                ? GraphStrings.Format("RetryAfterSeconds", Math.Ceiling(response.RetryAfter.Value.TotalSeconds).ToString(CultureInfo.CurrentCulture))
                : GraphStrings.Format("RetryLater");
            return new BackupMailException(ErrorIds.GraphServiceBusy, BackupMailErrorKind.ResourceUnavailable,
                GraphStrings.Format("ErrorServiceBusy", _address.Display, Details(response), when), _address.Display)
            {
                Recovery = ErrorRecovery.Retry,
                RetryAfter = response.RetryAfter,
            };
        }

        /// <summary><c>GraphMessageRejected</c> (final): the request was larger than Graph takes.</summary>
        public BackupMailException TooLarge(GraphResponse response, string? messageId, long? mimeLength)
        {
            var size = mimeLength ?? 0;
            var text = GraphStrings.Format("ErrorMessageTooLarge", messageId, Details(response),
                GraphLimits.MaxMessageBytes.ToString("N0", CultureInfo.CurrentCulture),
                size.ToString("N0", CultureInfo.CurrentCulture),
                GraphLimits.Base64Length(size).ToString("N0", CultureInfo.CurrentCulture));
            return new BackupMailException(ErrorIds.GraphMessageRejected, BackupMailErrorKind.ProtocolError, text, messageId)
            {
                Recovery = ErrorRecovery.Never,
            };
        }

        /// <summary>
        /// The error a failed request means: <c>GraphCertificateUntrusted</c> for a certificate the system does not
        /// trust, <c>GraphConnectFailed</c> (transient) for a timeout, the network, TLS; null when it is none of these (a
        /// bug, which should surface as it is).
        /// </summary>
        public BackupMailException? Unreachable(Exception exception, bool timedOut)
        {
            if (timedOut)
            {
                return ConnectFailed(GraphStrings.Format("CauseTimeout", _timeoutSeconds), exception);
            }

            var tls = FailureCause.FindInner<System.Security.Authentication.AuthenticationException>(exception);
            if (tls != null)
            {
                var seen = _certificates?.For(_address.Endpoint);
                if (seen != null && seen.Errors != SslPolicyErrors.None)
                {
                    return Untrusted(seen, exception);
                }

                if (_certificates == null && LooksLikeCertificate(tls))
                {
                    return UntrustedUnseen(Sentence(tls.Message), exception);
                }

                return ConnectFailed(GraphStrings.Format("CauseTls", Sentence(tls.Message)), exception);
            }

            var socket = FailureCause.FindInner<SocketException>(exception);
            if (socket != null)
            {
                return ConnectFailed(FailureCause.Network(socket), exception);
            }

            if (exception is HttpRequestException || FailureCause.FindInner<IOException>(exception) != null || FailureCause.FindInner<WebException>(exception) != null)
            {
                return ConnectFailed(Sentence(FailureCause.Innermost(exception).Message), exception);
            }

            return null;
        }

        private BackupMailException ConnectFailed(string cause, Exception inner) =>
            new BackupMailException(ErrorIds.GraphConnectFailed, BackupMailErrorKind.ConnectionError,
                GraphStrings.Format("ErrorConnectFailed", _address.Display, cause, _account.Name), _address.Display, inner)
            {
                Recovery = ErrorRecovery.Retry,
            };

        private BackupMailException Untrusted(SeenCertificate seen, Exception inner)
        {
            var problem = FailureCause.CertificateProblem(seen.Errors, _address.Endpoint.Host);
            var certificate = seen.Certificate;
            if (certificate == null)
            {
                return UntrustedUnseen(problem, inner);
            }

            var text = GraphStrings.Format("ErrorCertificateUntrusted", _address.Display, problem, certificate.Subject, certificate.Issuer,
                certificate.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture), seen.Sha256);
            return new BackupMailException(ErrorIds.GraphCertificateUntrusted, BackupMailErrorKind.SecurityError, text, seen.Sha256, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };
        }

        private BackupMailException UntrustedUnseen(string problem, Exception inner) =>
            new BackupMailException(ErrorIds.GraphCertificateUntrusted, BackupMailErrorKind.SecurityError,
                GraphStrings.Format("ErrorCertificateUntrustedUnseen", _address.Display, problem), _address.Display, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        // Only where no recorder watched the handshake (a handler given by a test): the exception's text is all there is.
        private static bool LooksLikeCertificate(Exception tls) =>
            tls.Message.IndexOf("certificate", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Graph's code and message with the status and request id, e.g. <c>ErrorAccessDenied: Access is denied. (403 Forbidden, request-id ...)</c>.</summary>
        internal static string Details(GraphResponse response)
        {
            var error = response.Error?.ToString();
            if (string.IsNullOrEmpty(error))
            {
                error = GraphStrings.Format("NoDetails");
            }

            return error + " (" + response.StatusText + ")";
        }

        // A message without its final full stop, to sit inside a sentence.
        private static string Sentence(string text) =>
            GraphError.OneLine(text)?.TrimEnd('.') ?? string.Empty;
    }
}
