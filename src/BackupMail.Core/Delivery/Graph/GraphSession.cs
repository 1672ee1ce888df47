using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Resources;
using MimeKit;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// An account's way to Microsoft Graph <c>sendMail</c>, holding its access token: each message is one
    /// <c>POST {endpoint}/v1.0/users/{From}/sendMail</c> with the MIME message in base64 as the body.
    /// </summary>
    /// <remarks>
    /// <para>Made by <see cref="GraphTransport.Open"/>. Not thread-safe: send one message at a time.</para>
    /// <para>
    /// Save to Sent Items: Graph documents <c>saveToSentItems</c> only for the JSON form of <c>sendMail</c>; for the MIME
    /// form there is no parameter, and the documented behaviour is that the message is saved in Sent Items. BackupMail
    /// sends the composed MIME message unchanged (same bytes and Message-Id as in the outbox), so a copy is always kept;
    /// with <see cref="MailAccount.SaveToSentItems"/> off, the verbose output says so. No header is invented for it.
    /// </para>
    /// </remarks>
    public sealed class GraphSession : IMailTransportSession
    {
        private readonly GraphHttp _http;
        private readonly GraphCredential _credential;
        private readonly GraphAddress _address;
        private readonly GraphErrorDiagnosis _diagnosis;
        private readonly IOutputWriter _output;
        private readonly TimeSpan _timeout;
        private bool _disposed;

        internal GraphSession(GraphHttp http, GraphCredential credential, MailAccount account, GraphAddress address, GraphErrorDiagnosis diagnosis, IOutputWriter output, TimeSpan timeout)
        {
            _http = http;
            _credential = credential;
            _address = address;
            _diagnosis = diagnosis;
            _output = output;
            _timeout = timeout;
            Account = account;
        }

        /// <summary>The token holder (for <see cref="GraphTransport.Test"/>).</summary>
        internal GraphCredential Credential => _credential;

        /// <summary>The endpoint and mailbox the session sends to (for <see cref="GraphTransport.Test"/>).</summary>
        internal GraphAddress Address => _address;

        /// <summary>How the session's failures are explained (for <see cref="GraphTransport.Test"/>).</summary>
        internal GraphErrorDiagnosis Diagnosis => _diagnosis;

        /// <summary>How long one request may take (for <see cref="GraphTransport.Test"/>).</summary>
        internal TimeSpan Timeout => _timeout;

        /// <summary>The account the session sends for.</summary>
        public MailAccount Account { get; }

        /// <summary>The sender mailbox (the account's From address).</summary>
        public string Mailbox => _address.Mailbox;

        /// <summary>The Graph endpoint, e.g. https://graph.microsoft.com.</summary>
        public string Endpoint => _address.Display;

        /// <summary>When the access token in use expires (the token itself is never shown).</summary>
        public DateTimeOffset? TokenExpiresOn => _credential.Token?.ExpiresOn;

        /// <summary>
        /// The largest composed message one request can carry: Graph takes at most 4 MB (<see cref="GraphLimits.MaxRequestBytes"/>)
        /// of request body, which is the message in base64, so about three quarters of that, less a margin
        /// (<see cref="GraphLimits.MaxMessageBytes"/>).
        /// </summary>
        public long? MaxMessageSize => GraphLimits.MaxMessageBytes;

        /// <summary>Sends one message through Graph.</summary>
        /// <remarks>
        /// Graph delivers to the addresses in the message's To, Cc and Bcc headers (MimeKit writes Bcc, and Graph removes it
        /// from the delivered copies). When <paramref name="envelopeRecipients"/> names others, a copy naming exactly them is
        /// sent (see <see cref="GraphRecipients"/>). Graph accepts or refuses the message as a whole, so the receipt never
        /// names refused or deferred recipients.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// <c>GraphAccessDenied</c>, <c>GraphMailboxNotFound</c>, <c>GraphRequestFailed</c>, <c>GraphCertificateUntrusted</c>
        /// (for the administrator); <c>GraphMessageRejected</c> (final: 400, 413); <c>GraphServiceBusy</c> (with
        /// <see cref="BackupMailException.RetryAfter"/>), <c>GraphConnectFailed</c> (transient); the token source's errors.
        /// </exception>
        public SendReceipt Send(MimeMessage message, IReadOnlyList<string>? envelopeRecipients, CancellationToken cancellationToken = default)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(GraphSession));
            }

            var request = GraphRecipients.ForRequest(message, envelopeRecipients, out var added, out var removed);
            try
            {
                if (!ReferenceEquals(request, message))
                {
                    _output.WriteVerbose(GraphStrings.Format("VerboseEnvelopeRewritten", message.MessageId,
                        string.Join(", ", envelopeRecipients), List(added), List(removed)));
                }

                var length = MimeRequestContent.Measure(request);
                _output.WriteVerbose(GraphStrings.Format("VerboseSending", message.MessageId, _address.SendMail.AbsoluteUri,
                    length.ToString("N0", CultureInfo.CurrentCulture), GraphLimits.Base64Length(length).ToString("N0", CultureInfo.CurrentCulture),
                    GraphLimits.MaxRequestBytes.ToString("N0", CultureInfo.CurrentCulture)));

                var response = _http.Send(
                    () => new HttpRequestMessage(HttpMethod.Post, _address.SendMail) { Content = new MimeRequestContent(request) },
                    _credential, _timeout, _diagnosis, _output, cancellationToken);
                if (!response.IsSuccess)
                {
                    throw _diagnosis.ForStatus(response, _credential.Token, message.MessageId, length);
                }

                _output.WriteVerbose(GraphStrings.Format("VerboseAccepted", message.MessageId, response.StatusText));
                return new SendReceipt
                {
                    MessageId = message.MessageId,
                    ServerResponse = response.StatusText,
                };
            }
            finally
            {
                if (!ReferenceEquals(request, message))
                {
                    request.Dispose();
                }
            }
        }

        /// <summary>Ends the session. Nothing is open between requests: the connection belongs to the transport.</summary>
        public void Dispose() => _disposed = true;

        private static string List(IReadOnlyList<string> addresses) =>
            addresses.Count == 0 ? GraphStrings.Format("VerboseNobody") : string.Join(", ", addresses);
    }
}
