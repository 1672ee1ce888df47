using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Resources;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>An open, authenticated SMTP connection; several messages may go through it.</summary>
    /// <remarks>Made by <see cref="SmtpConnector.Connect"/>. Not thread-safe: send one message at a time.</remarks>
    public sealed class SmtpSession : IMailTransportSession
    {
        private readonly ISmtpClient _client;
        private readonly Socket? _socket;
        private readonly MailAccount _account;
        private readonly IOutputWriter _output;
        private readonly TimeSpan _timeout;
        private readonly ServerCertificateCheck _certificate;
        private readonly SmtpErrorDiagnosis _diagnosis;
        private bool _disposed;
        private bool _broken;

        internal SmtpSession(ISmtpClient client, Socket? socket, MailAccount account, IOutputWriter output, TimeSpan timeout, ServerCertificateCheck certificate, SmtpErrorDiagnosis diagnosis, string? userName)
        {
            _client = client;
            _socket = socket;
            _account = account;
            _output = output;
            _timeout = timeout;
            _certificate = certificate;
            _diagnosis = diagnosis;
            UserName = userName;
            TlsProtocol = client.IsEncrypted ? client.SslProtocol.ToString() : null;
            Greeting = (client as BackupMailSmtpClient)?.Greeting;
        }

        /// <summary>The server's SIZE limit, when it announced one.</summary>
        public long? MaxMessageSize =>
            (_client.Capabilities & SmtpCapabilities.Size) != 0 && _client.MaxSize > 0 ? _client.MaxSize : (long?)null;

        /// <summary>The TLS protocol negotiated (e.g. Tls13), or null for a plain connection.</summary>
        public string? TlsProtocol { get; }

        /// <summary>The user name the session authenticated as; null when anonymous.</summary>
        public string? UserName { get; }

        /// <summary>The server's greeting, when the client recorded it.</summary>
        public string? Greeting { get; }

        /// <summary>The server certificate, or null for a plain connection.</summary>
        public X509Certificate2? ServerCertificate => _certificate.Certificate;

        /// <summary>The server certificate's SHA-256 thumbprint (upper-case hex), or null.</summary>
        public string? ServerCertificateSha256 => _certificate.Sha256;

        /// <summary>Sends one message to every To, Cc and Bcc recipient it names.</summary>
        /// <remarks>
        /// When the server refuses some recipients but not all, the others still receive the message and
        /// <see cref="SendReceipt.RejectedRecipients"/> names the refused ones.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// <c>SmtpRecipientRejected</c>, <c>SmtpMessageRejected</c> (permanent); <c>SmtpServerBusy</c>,
        /// <c>SmtpConnectionLost</c> (also when the server did not answer a command within the account's timeout),
        /// <c>SmtpProtocolViolation</c> (a reply line or a reply over the limits of <see cref="ReplyGuard"/>) — these are
        /// transient (<see cref="BackupMailException.IsTransient"/> set); a timeout or a violation closes the session.
        /// </exception>
        public SendReceipt Send(MimeMessage message, CancellationToken cancellationToken = default) =>
            Send(message, null, cancellationToken);

        /// <summary>
        /// Sends one message to <paramref name="envelopeRecipients"/> only (its headers unchanged), or to every
        /// recipient it names when that is null: a queued copy for the recipients a server deferred goes to them alone.
        /// </summary>
        /// <exception cref="BackupMailException">As <see cref="Send(MimeMessage, CancellationToken)"/>.</exception>
        public SendReceipt Send(MimeMessage message, IReadOnlyList<string>? envelopeRecipients, CancellationToken cancellationToken = default)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(SmtpSession));
            }

            if (_broken)
            {
                // An earlier send timed out or broke the protocol: the connection is closed, nothing can go through it.
                throw _diagnosis.Diagnose(new ServiceNotConnectedException(), SmtpPhase.Send, false)!; // always diagnosed
            }

            string? response = null;
            var timedOut = false;
            try
            {
                // The whole message is bounded, phase by phase: each write of the client (MAIL, RCPT, DATA, the content)
                // gives the server the account's timeout to answer, however it trickles its reply.
                using (cancellationToken.Register(AbortSocket))
                {
                    Bounded.Run(_client, _timeout, cancellationToken, token =>
                    {
                        response = envelopeRecipients == null || envelopeRecipients.Count == 0
                            ? _client.Send(message, token)
                            : _client.Send(message, message.From.Mailboxes.First(), envelopeRecipients.Select(MailboxAddress.Parse), token);
                    }, out timedOut, (_client as BackupMailSmtpClient)?.Guard, _socket);
                }
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the socket was shut down to stop at once, so the exception may be an I/O error; it means cancelled.
                Close();
                if (exception is OperationCanceledException)
                {
                    throw;
                }

                throw new OperationCanceledException(exception.Message, exception, cancellationToken);
            }
            catch (Exception exception)
            {
                var error = _diagnosis.Diagnose(exception, SmtpPhase.Send, timedOut, Rejections(), MaxMessageSize);
                if (error == null)
                {
                    throw;
                }

                if (error.IsTransient || !_client.IsConnected)
                {
                    // A timeout, a broken reply or a lost connection leaves the conversation in an unknown state.
                    Close();
                }

                throw error;
            }

            var rejected = Rejections();
            foreach (var rejection in rejected)
            {
                _output.WriteVerbose(DeliveryStrings.Format("VerboseRecipientRejected", rejection.Address, rejection.StatusCode, rejection.Response));
            }

            _output.WriteVerbose(DeliveryStrings.Format("VerboseMessageAccepted", message.MessageId, response));
            return new SendReceipt
            {
                MessageId = message.MessageId,
                ServerResponse = response,
                RejectedRecipients = rejected.Where(r => !r.IsTransient).Select(r => r.Address).OfType<string>().ToArray(),
                DeferredRecipients = rejected.Where(r => r.IsTransient).Select(r => r.Address).OfType<string>().ToArray(),
            };
        }

        /// <summary>Says QUIT (within the account's timeout) and closes the connection.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (!_broken && _client.IsConnected)
                {
                    Bounded.Run(_client, _timeout, CancellationToken.None, token => _client.Disconnect(true, token), out _);
                    _output.WriteVerbose(DeliveryStrings.Format("VerboseDisconnected", _account.SmtpServer, _account.Port));
                }
            }
            catch (Exception)
            {
                // The message is already with the server; a QUIT that fails changes nothing for the user.
            }
            finally
            {
                _client.Dispose();
            }
        }

        // Drops the connection without QUIT: after a timeout or a hostile reply, QUIT would only wait again.
        private void Close()
        {
            _broken = true;
            AbortSocket();
            try
            {
                _client.Dispose();
            }
            catch (Exception)
            {
                // Closing is best effort; the connection is unusable either way.
            }
        }

        private void AbortSocket()
        {
            if (_socket != null)
            {
                TcpConnection.Abort(_socket);
            }
        }

        private IReadOnlyList<SmtpRejection> Rejections() =>
            (_client as BackupMailSmtpClient)?.RejectedRecipients ?? Array.Empty<SmtpRejection>();
    }
}
