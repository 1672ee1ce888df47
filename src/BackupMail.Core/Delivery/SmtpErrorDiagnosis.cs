using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using BackupMail.Accounts;
using BackupMail.Resources;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Turns MailKit and socket exceptions into <see cref="BackupMailException"/>s with stable ids and a
    /// message that says what happened and what to do. Messages are built from the account, the server's
    /// replies and the certificate — never from the credential.
    /// </summary>
    internal sealed class SmtpErrorDiagnosis
    {
        private readonly MailAccount _account;
        private readonly ServerCertificateCheck _certificate;
        private readonly string? _userName;
        private readonly bool _oauth;

        /// <param name="account">The account being used.</param>
        /// <param name="certificate">The connection's certificate check (what the server presented).</param>
        /// <param name="userName">The user name of the credential, if any (never the password).</param>
        /// <param name="oauth">True when the credential is an OAuth 2.0 token (XOAUTH2) rather than a password.</param>
        public SmtpErrorDiagnosis(MailAccount account, ServerCertificateCheck certificate, string? userName, bool oauth = false)
        {
            _account = account;
            _certificate = certificate;
            _userName = userName;
            _oauth = oauth;
        }

        /// <summary><c>SmtpAuthenticationNotSupported</c>: an OAuth account, and the server offers no <c>AUTH XOAUTH2</c>.</summary>
        public BackupMailException OAuthUnavailable() =>
            new BackupMailException(ErrorIds.SmtpAuthenticationNotSupported, BackupMailErrorKind.SecurityError,
                DeliveryStrings.Format("ErrorXOAuth2NotOffered", Host, Port, _account.Name), Endpoint) { Recovery = ErrorRecovery.Administrator };

        private string Host => _account.SmtpServer;
        private int Port => _account.Port;
        private string Endpoint => Host + ":" + Port.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The error <paramref name="exception"/> means in <paramref name="phase"/>; null when it is not an
        /// SMTP, TLS or network failure (a bug, which should surface as it is).
        /// </summary>
        /// <param name="exception">What MailKit threw.</param>
        /// <param name="phase">Where it happened.</param>
        /// <param name="timedOut">True when the account's timeout expired (the safety net fired).</param>
        /// <param name="rejected">The recipients refused so far (Send phase).</param>
        /// <param name="maxMessageSize">The server's SIZE limit (Send phase).</param>
        public BackupMailException? Diagnose(Exception exception, SmtpPhase phase, bool timedOut, IReadOnlyList<SmtpRejection>? rejected = null, long? maxMessageSize = null)
        {
            // The guard's verdict comes first: what MailKit made of the aborted read is beside the point.
            var violation = FailureCause.FindInner<SmtpReplyLimitException>(exception);
            if (violation != null)
            {
                return ReplyTooLarge(violation);
            }

            if (timedOut || IsTimeout(exception))
            {
                return Unreachable(phase, DeliveryStrings.Format("CauseTimeout", _account.TimeoutSeconds), exception);
            }

            switch (exception)
            {
                case SslHandshakeException _:
                case System.Security.Authentication.AuthenticationException _:
                    return Handshake(exception);
                case MailKit.Security.AuthenticationException _:
                    // 454 and other 4xx replies to AUTH mean "not now", not "wrong password".
                    return IsTemporaryReply(exception)
                        ? Busy(ServerText(exception), exception, Endpoint)
                        : AuthenticationRefused(ServerText(exception), exception);
                case SmtpCommandException command:
                    return Command(command, phase, rejected, maxMessageSize);
                case ServiceNotAuthenticatedException _:
                    return new BackupMailException(ErrorIds.SmtpAuthenticationFailed, BackupMailErrorKind.AuthenticationError,
                        DeliveryStrings.Format("ErrorAuthenticationRequired", Host, Sentence(exception.Message), _account.Name), _account.Name, exception) { Recovery = ErrorRecovery.Administrator };
                case SmtpProtocolException _:
                    return Unreachable(phase, DeliveryStrings.Format("CauseClosed") + " (" + Sentence(exception.Message) + ")", exception);
                case ServiceNotConnectedException _:
                    return Unreachable(phase, DeliveryStrings.Format("CauseClosed"), exception);
                case NotSupportedException _ when phase == SmtpPhase.Connect && _account.Security == MailSecurity.StartTls:
                    return StartTlsNotOffered(exception);
                case NotSupportedException _ when phase == SmtpPhase.Authenticate:
                    return AuthenticationUnavailable(false, exception);
            }

            var socket = FailureCause.FindInner<SocketException>(exception);
            if (socket != null)
            {
                return Unreachable(phase, FailureCause.Network(socket), exception);
            }

            if (exception is IOException)
            {
                return Unreachable(phase, Sentence(exception.InnerException?.Message ?? exception.Message), exception);
            }

            return null;
        }

        /// <summary><c>SmtpAuthenticationNotSupported</c>: the account has a credential but the server offers no AUTH.</summary>
        public BackupMailException AuthenticationUnavailable(bool encrypted, Exception? inner = null)
        {
            var reason = DeliveryStrings.Format(encrypted ? "AuthNotOfferedTls" : "AuthNotOfferedPlain");
            var message = DeliveryStrings.Format("ErrorAuthenticationNotSupported", Host, Port, reason, _account.Name);
            return new BackupMailException(ErrorIds.SmtpAuthenticationNotSupported, BackupMailErrorKind.SecurityError, message, Endpoint, inner) { Recovery = ErrorRecovery.Administrator };
        }

        /// <summary>
        /// <c>SmtpTlsRequiredForAuthentication</c>: the account has a credential, the connection is not encrypted and the
        /// account does not allow that. Fixed by the administrator, so the message waits in the outbox.
        /// </summary>
        public BackupMailException TlsRequiredForAuthentication() =>
            new BackupMailException(ErrorIds.SmtpTlsRequiredForAuthentication, BackupMailErrorKind.SecurityError,
                DeliveryStrings.Format("ErrorTlsRequiredForAuthentication", Host, Port, _account.Name), Endpoint) { Recovery = ErrorRecovery.Administrator };

        /// <summary><c>SmtpProtocolViolation</c> (transient): the server's reply broke a limit of <see cref="ReplyGuard"/>.</summary>
        private BackupMailException ReplyTooLarge(SmtpReplyLimitException violation)
        {
            var message = violation.TooManyLines
                ? DeliveryStrings.Format("ErrorProtocolViolationLineCount", Host, Port, violation.Limit)
                : DeliveryStrings.Format("ErrorProtocolViolationLineLength", Host, Port, violation.Limit);
            return new BackupMailException(ErrorIds.SmtpProtocolViolation, BackupMailErrorKind.ProtocolError, message, Endpoint, violation)
            {
                Recovery = ErrorRecovery.Retry,
            };
        }

        /// <summary>
        /// <c>SmtpAuthenticationFailed</c>, with the app-password explanation for Gmail, iCloud and Yahoo; or, when
        /// Microsoft's reply says that no password can work (entering it again would not help),
        /// <c>SmtpBasicAuthenticationDisabled</c> or <c>SmtpClientAuthenticationDisabled</c>.
        /// </summary>
        public BackupMailException AuthenticationRefused(string serverText, Exception inner)
        {
            var user = _userName ?? _account.UserName ?? string.Empty;
            var microsoft = MicrosoftRefusal(serverText);
            if (microsoft != null)
            {
                var text = microsoft == ErrorIds.SmtpClientAuthenticationDisabled
                    ? DeliveryStrings.Format("ErrorSmtpClientAuthenticationDisabled", Host, user, serverText, _account.Name)
                    : DeliveryStrings.Format("ErrorBasicAuthenticationDisabled", Host, user, serverText, _account.Name);
                return new BackupMailException(microsoft, BackupMailErrorKind.AuthenticationError, text, _account.Name, inner)
                {
                    Recovery = ErrorRecovery.Administrator,
                };
            }

            var provider = _account.Provider != MailProvider.Custom ? _account.Provider : ProviderPreset.Detect(_account.SmtpServer);
            var preset = ProviderPreset.For(provider);
            string message;
            if (_oauth)
            {
                message = DeliveryStrings.Format("ErrorOAuthTokenRefused", Host, user, serverText, _account.Name);
            }
            else if (preset != null && preset.UsesAppPasswords)
            {
                message = DeliveryStrings.Format("ErrorAuthenticationAppPassword", Host, user, serverText, _account.Name, ProviderName(provider), DeliveryStrings.Format("AppPasswordSteps" + provider));
            }
            else
            {
                message = DeliveryStrings.Format("ErrorAuthenticationFailed", Host, user, serverText, _account.Name);
            }

            return new BackupMailException(ErrorIds.SmtpAuthenticationFailed, BackupMailErrorKind.AuthenticationError, message, _account.Name, inner) { Recovery = ErrorRecovery.Administrator };
        }

        // Exchange Online's documented replies when a password cannot work at all: basic authentication switched off
        // (535 5.7.139 ... basic authentication is disabled; 550 5.7.30 Basic authentication is not supported for Client
        // Submission), or SMTP AUTH switched off for the tenant or mailbox (535 5.7.139 ... SmtpClientAuthentication is
        // disabled). Null for any other reply.
        private static string? MicrosoftRefusal(string? serverText)
        {
            if (Strings.IsNullOrEmpty(serverText))
            {
                return null;
            }

            if (serverText.IndexOf("SmtpClientAuthentication is disabled", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return ErrorIds.SmtpClientAuthenticationDisabled;
            }

            var basicDisabled = serverText.IndexOf("basic authentication is disabled", StringComparison.OrdinalIgnoreCase) >= 0;
            var basicUnsupported = serverText.IndexOf("5.7.30", StringComparison.Ordinal) >= 0
                && serverText.IndexOf("Basic authentication is not supported", StringComparison.OrdinalIgnoreCase) >= 0;
            return basicDisabled || basicUnsupported ? ErrorIds.SmtpBasicAuthenticationDisabled : null;
        }

        private BackupMailException Handshake(Exception exception)
        {
            var certificate = _certificate.Certificate;
            if (certificate != null && (_certificate.Verdict == CertificateVerdict.PinMismatch || _certificate.Verdict == CertificateVerdict.Untrusted))
            {
                var expires = certificate.NotAfter.ToString("u", CultureInfo.InvariantCulture);
                string message;
                if (_certificate.Verdict == CertificateVerdict.PinMismatch)
                {
                    message = DeliveryStrings.Format("ErrorCertificatePinMismatch", Host, Port, _certificate.PinnedThumbprint, certificate.Subject, certificate.Issuer, expires, _certificate.Sha256, _account.Name);
                }
                else
                {
                    message = DeliveryStrings.Format("ErrorCertificateUntrusted", Host, Port, FailureCause.CertificateProblem(_certificate.PolicyErrors, Host), certificate.Subject, certificate.Issuer, expires, _certificate.Sha256, _account.Name);
                }

                return new BackupMailException(ErrorIds.SmtpCertificateUntrusted, BackupMailErrorKind.SecurityError, message, _certificate.Sha256, exception) { Recovery = ErrorRecovery.Administrator };
            }

            var cause = Sentence(exception.InnerException?.Message ?? exception.Message);
            return new BackupMailException(ErrorIds.SmtpTlsFailed, BackupMailErrorKind.SecurityError, DeliveryStrings.Format("ErrorTlsFailed", Host, Port, cause), Endpoint, exception)
            {
                Recovery = ErrorRecovery.Retry,
            };
        }

        private BackupMailException StartTlsNotOffered(Exception exception) =>
            new BackupMailException(ErrorIds.SmtpTlsFailed, BackupMailErrorKind.SecurityError, DeliveryStrings.Format("ErrorStartTlsNotOffered", Host, Port, _account.Name), Endpoint, exception) { Recovery = ErrorRecovery.Administrator };

        private BackupMailException Command(SmtpCommandException exception, SmtpPhase phase, IReadOnlyList<SmtpRejection>? rejected, long? maxMessageSize)
        {
            var code = (int)exception.StatusCode;
            var reply = ServerText(exception);
            var temporary = code >= 400 && code < 500;

            if (phase == SmtpPhase.Authenticate && !temporary)
            {
                return AuthenticationRefused(reply, exception);
            }

            if (exception.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
            {
                var refused = rejected != null && rejected.Count > 0
                    ? rejected
                    : new[] { new SmtpRejection(exception.Mailbox?.Address, code, exception.Message) };
                var addresses = refused.Select(r => r.Address).Where(a => a != null).ToArray();
                var replies = string.Join("; ", refused.Select(r => r.Address + ": " + r.StatusCode.ToString(CultureInfo.InvariantCulture) + " " + Sentence(r.Response)));
                if (refused.Any(r => r.IsTransient))
                {
                    return Busy(replies, exception, addresses);
                }

                var message = DeliveryStrings.Format("ErrorRecipientRejected", Host, string.Join(", ", addresses), replies);
                return new BackupMailException(ErrorIds.SmtpRecipientRejected, BackupMailErrorKind.ProtocolError, message, addresses, exception) { Recovery = ErrorRecovery.Never };
            }

            if (temporary)
            {
                return Busy(reply, exception, Endpoint);
            }

            // 552 to MAIL FROM (SIZE=...) or to DATA: the message is too large, whoever answered.
            if (phase == SmtpPhase.Send && exception.StatusCode == SmtpStatusCode.ExceededStorageAllocation)
            {
                var limit = maxMessageSize.HasValue ? maxMessageSize.Value.ToString(CultureInfo.InvariantCulture) : DeliveryStrings.Format("SizeUnknown");
                return new BackupMailException(ErrorIds.SmtpMessageRejected, BackupMailErrorKind.ProtocolError,
                    DeliveryStrings.Format("ErrorMessageTooLarge", Host, reply, limit), Endpoint, exception) { Recovery = ErrorRecovery.Never };
            }

            switch (exception.ErrorCode)
            {
                case SmtpErrorCode.SenderNotAccepted:
                    return new BackupMailException(ErrorIds.SmtpMessageRejected, BackupMailErrorKind.ProtocolError,
                        DeliveryStrings.Format("ErrorSenderRejected", Host, exception.Mailbox?.Address, reply, _account.Name), exception.Mailbox?.Address, exception) { Recovery = ErrorRecovery.Never };
                case SmtpErrorCode.MessageNotAccepted:
                    return new BackupMailException(ErrorIds.SmtpMessageRejected, BackupMailErrorKind.ProtocolError,
                        DeliveryStrings.Format("ErrorMessageRejected", Host, reply), Endpoint, exception) { Recovery = ErrorRecovery.Never };
            }

            if (phase == SmtpPhase.Send)
            {
                return new BackupMailException(ErrorIds.SmtpMessageRejected, BackupMailErrorKind.ProtocolError,
                    DeliveryStrings.Format("ErrorMessageRejected", Host, reply), Endpoint, exception) { Recovery = ErrorRecovery.Never };
            }

            // A permanent refusal before any message (e.g. a 554 greeting): retrying will not help.
            return new BackupMailException(ErrorIds.SmtpConnectFailed, BackupMailErrorKind.ConnectionError,
                DeliveryStrings.Format("ErrorConnectFailed", Host, Port, reply), Endpoint, exception) { Recovery = ErrorRecovery.Administrator };
        }

        private BackupMailException Busy(string reply, Exception exception, object target) =>
            new BackupMailException(ErrorIds.SmtpServerBusy, BackupMailErrorKind.ResourceUnavailable, DeliveryStrings.Format("ErrorServerBusy", Host, Port, reply), target, exception)
            {
                Recovery = ErrorRecovery.Retry,
            };

        private BackupMailException Unreachable(SmtpPhase phase, string cause, Exception exception)
        {
            if (phase == SmtpPhase.Send)
            {
                return new BackupMailException(ErrorIds.SmtpConnectionLost, BackupMailErrorKind.ConnectionError, DeliveryStrings.Format("ErrorConnectionLost", Host, Port, cause), Endpoint, exception)
                {
                    Recovery = ErrorRecovery.Retry,
                };
            }

            return new BackupMailException(ErrorIds.SmtpConnectFailed, BackupMailErrorKind.ConnectionError, DeliveryStrings.Format("ErrorConnectFailed", Host, Port, cause), Endpoint, exception)
            {
                Recovery = ErrorRecovery.Retry,
            };
        }

        private static string ProviderName(MailProvider provider)
        {
            switch (provider)
            {
                case MailProvider.Gmail: return "Gmail";
                case MailProvider.ICloud: return "iCloud";
                case MailProvider.Yahoo: return "Yahoo";
                default: return provider.ToString();
            }
        }

        private static string ServerText(Exception exception)
        {
            if (exception is SmtpCommandException command)
            {
                return ((int)command.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + Sentence(command.Message);
            }

            return Sentence(exception.Message);
        }

        /// <summary>A text to embed in a sentence: trimmed, without its own final period.</summary>
        private static string Sentence(string text) => (text ?? string.Empty).Trim().TrimEnd('.');

        private static bool IsTemporaryReply(Exception exception)
        {
            var command = FailureCause.FindInner<SmtpCommandException>(exception);
            if (command != null)
            {
                return (int)command.StatusCode >= 400 && (int)command.StatusCode < 500;
            }

            // MailKit words a refused AUTH as "<code>: <server text>".
            var message = exception.Message ?? string.Empty;
            return message.Length >= 4 && message[0] == '4' && char.IsDigit(message[1]) && char.IsDigit(message[2]) && !char.IsDigit(message[3]);
        }

        private static bool IsTimeout(Exception exception)
        {
            if (FailureCause.FindInner<TimeoutException>(exception) != null)
            {
                return true;
            }

            var socket = FailureCause.FindInner<SocketException>(exception);
            return socket != null && socket.SocketErrorCode == SocketError.TimedOut;
        }
    }
}
