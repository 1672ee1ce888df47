using System;
using System.Globalization;
using System.Net;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Resources;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Opens authenticated SMTP sessions for an account: security mode, certificate pinning or skipping,
    /// timeouts, and MailKit's exceptions turned into <see cref="BackupMailException"/>s that say what to do.
    /// </summary>
    public sealed class SmtpConnector
    {
        private const int DefaultTimeoutSeconds = 30;

        /// <summary>Creates a connector.</summary>
        /// <param name="factory">Makes the MailKit clients (<see cref="SmtpClientFactory.Default"/> outside tests).</param>
        /// <param name="output">Receives verbose messages and warnings; null discards them.</param>
        /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
        public SmtpConnector(ISmtpClientFactory factory, IOutputWriter output)
        {
            Factory = factory ?? throw new ArgumentNullException(nameof(factory));
            Output = output ?? NullOutputWriter.Instance;
        }

        /// <summary>Creates a connector with the default factory.</summary>
        /// <param name="output">Receives verbose messages and warnings; null discards them.</param>
        public SmtpConnector(IOutputWriter output)
            : this(SmtpClientFactory.Default, output)
        {
        }

        internal ISmtpClientFactory Factory { get; }
        internal IOutputWriter Output { get; }

        /// <summary>Connects, secures and authenticates (when <paramref name="credential"/> is not null).</summary>
        /// <remarks>
        /// The account's <see cref="MailAccount.TimeoutSeconds"/> bounds the whole connect (TCP, TLS, greeting, EHLO), and
        /// then the whole authentication, not only each read; every server reply is bounded in size (<see cref="ReplyGuard"/>).
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// <c>SmtpConnectFailed</c> (transient), <c>SmtpCertificateUntrusted</c>, <c>SmtpTlsFailed</c>,
        /// <c>SmtpServerBusy</c> (transient), <c>SmtpAuthenticationFailed</c>, <c>SmtpAuthenticationNotSupported</c>,
        /// <c>SmtpTlsRequiredForAuthentication</c> (a credential, no TLS, and no <see cref="MailAccount.AllowInsecureAuthentication"/>;
        /// nothing of the credential was sent), <c>SmtpProtocolViolation</c> (transient: a reply line or a reply too long).
        /// </exception>
        public SmtpSession Connect(MailAccount account, NetworkCredential? credential, CancellationToken cancellationToken = default) =>
            Open(account, credential, null, cancellationToken);

        /// <summary>Connects, secures and authenticates as <paramref name="userName"/> with an OAuth 2.0 token (<c>AUTH XOAUTH2</c>).</summary>
        /// <remarks>The token goes only into the AUTH command, over TLS: never without it, whatever the account allows.</remarks>
        /// <exception cref="ArgumentNullException"><paramref name="account"/>, <paramref name="userName"/> or <paramref name="token"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// As <see cref="Connect"/>; <c>SmtpAuthenticationFailed</c> says what the
        /// token lacks, and <c>SmtpAuthenticationNotSupported</c> that the server offers no XOAUTH2.
        /// </exception>
        public SmtpSession ConnectWithToken(MailAccount account, string userName, AccessToken token, CancellationToken cancellationToken = default)
        {
            if (userName == null)
            {
                throw new ArgumentNullException(nameof(userName));
            }

            if (token == null)
            {
                throw new ArgumentNullException(nameof(token));
            }

            return Open(account, new NetworkCredential(userName, string.Empty), token, cancellationToken);
        }

        // With a token, credential carries the user name alone.
        private SmtpSession Open(MailAccount account, NetworkCredential? credential, AccessToken? token, CancellationToken cancellationToken)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            var timeout = TimeSpan.FromSeconds(account.TimeoutSeconds > 0 ? account.TimeoutSeconds : DefaultTimeoutSeconds);
            var certificate = new ServerCertificateCheck(account);
            var diagnosis = new SmtpErrorDiagnosis(account, certificate, credential?.UserName, token != null);
            var client = Factory.Create();
            var phase = SmtpPhase.Connect;
            var timedOut = false;
            System.Net.Sockets.Socket? socket = null;
            try
            {
                client.Timeout = (int)timeout.TotalMilliseconds;

                // Revocation lookups go to the internet and hang or fail offline; trust is decided by the
                // pin or the system's chain check.
                client.CheckCertificateRevocation = false;
                client.ServerCertificateValidationCallback = certificate.Validate;

                var options = SecurityOptions(account.Security);
                Output.WriteVerbose(DeliveryStrings.Format("VerboseConnecting", account.SmtpServer, account.Port, account.Security, timeout.TotalSeconds));
                try
                {
                    Bounded.Run(client, timeout, cancellationToken, token => socket = ConnectClient(client, account, options, token), out timedOut);
                }
                finally
                {
                    WarnIfSkipped(account, certificate);
                }

                ReportSecurity(account, client, certificate);

                if (credential != null)
                {
                    phase = SmtpPhase.Authenticate;
                    if ((client.Capabilities & SmtpCapabilities.Authentication) == 0)
                    {
                        throw diagnosis.AuthenticationUnavailable(client.IsEncrypted);
                    }

                    // Auto and StartTlsWhenAvailable fall back to plain text when STARTTLS is missing, which a man in
                    // the middle can arrange: the password goes only over TLS unless the account asks otherwise by name.
                    if (!client.IsEncrypted)
                    {
                        if (!account.AllowInsecureAuthentication || token != null)
                        {
                            throw diagnosis.TlsRequiredForAuthentication();
                        }

                        Output.WriteVerbose(DeliveryStrings.Format("VerboseInsecureAuthentication", account.Name, account.SmtpServer));
                    }

                    if (token == null)
                    {
                        Bounded.Run(client, timeout, cancellationToken, cancel => client.Authenticate(credential, cancel), out timedOut, null, socket);
                        Output.WriteVerbose(DeliveryStrings.Format("VerboseAuthenticated", credential.UserName));
                    }
                    else
                    {
                        if (!client.AuthenticationMechanisms.Contains("XOAUTH2"))
                        {
                            throw diagnosis.OAuthUnavailable();
                        }

                        var mechanism = new SaslMechanismOAuth2(credential.UserName, token.Value);
                        Bounded.Run(client, timeout, cancellationToken, cancel => client.Authenticate(mechanism, cancel), out timedOut, null, socket);
                        Output.WriteVerbose(DeliveryStrings.Format("VerboseAuthenticatedOAuth", credential.UserName, token.ExpiresOn));
                    }
                }
                else
                {
                    Output.WriteVerbose(DeliveryStrings.Format("VerboseAnonymous"));
                }

                return new SmtpSession(client, socket, account, Output, timeout, certificate, diagnosis, credential?.UserName);
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the socket was shut down to stop at once, so what MailKit threw may be an I/O error (or its
                // diagnosis); it means cancelled, as in SmtpSession.Send.
                client.Dispose();
                if (exception is OperationCanceledException)
                {
                    throw;
                }

                throw new OperationCanceledException(exception.Message, exception, cancellationToken);
            }
            catch (BackupMailException)
            {
                client.Dispose();
                throw;
            }
            catch (Exception exception)
            {
                client.Dispose();
                var error = diagnosis.Diagnose(exception, phase, timedOut);
                if (error == null)
                {
                    throw;
                }

                throw error;
            }
        }

        /// <summary>Connects, secures, authenticates and says QUIT, reporting what it saw; sends nothing.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">As <see cref="Connect"/>.</exception>
        public AccountTestResult Test(MailAccount account, NetworkCredential? credential, CancellationToken cancellationToken = default) =>
            Describe(account, Connect(account, credential, cancellationToken), credential?.UserName);

        /// <summary>What <paramref name="session"/> saw of the server, for <c>Test-BackupMailAccount</c>; closes the session (QUIT).</summary>
        internal static AccountTestResult Describe(MailAccount account, SmtpSession session, string? userName)
        {
            using (session)
            {
                var certificate = session.ServerCertificate;
                return new AccountTestResult
                {
                    Account = account.Name,
                    SmtpServer = account.SmtpServer,
                    Port = account.Port,
                    TlsProtocol = session.TlsProtocol,
                    CertificateSubject = certificate?.Subject,
                    CertificateIssuer = certificate?.Issuer,
                    CertificateThumbprint = session.ServerCertificateSha256,
                    CertificateExpires = certificate?.NotAfter,
                    Authenticated = userName != null ? true : (bool?)null,
                    UserName = userName,
                    MaxMessageSize = session.MaxMessageSize,
                    Greeting = session.Greeting,
                    Transport = MailTransportKind.Smtp,
                    Authentication = account.Authentication,
                };
            }
        }

        // TCP in blocking mode (see TcpConnection), then MailKit: greeting, TLS, EHLO. Returns the socket, which the
        // deadlines of the later phases shut down.
        private static System.Net.Sockets.Socket ConnectClient(ISmtpClient client, MailAccount account, SecureSocketOptions options, CancellationToken token)
        {
            var socket = TcpConnection.Connect(account.SmtpServer, account.Port, token);
            try
            {
                // A TLS handshake does not watch the token, and closing a blocking socket does not wake a blocked
                // read on Unix; shutting it down does.
                using (token.Register(() => TcpConnection.Abort(socket)))
                {
                    client.Connect(socket, account.SmtpServer, account.Port, options, token);
                }

                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>The MailKit option for a <see cref="MailSecurity"/> mode.</summary>
        internal static SecureSocketOptions SecurityOptions(MailSecurity security)
        {
            switch (security)
            {
                case MailSecurity.None: return SecureSocketOptions.None;
                case MailSecurity.StartTls: return SecureSocketOptions.StartTls;
                case MailSecurity.StartTlsWhenAvailable: return SecureSocketOptions.StartTlsWhenAvailable;
                case MailSecurity.SslOnConnect: return SecureSocketOptions.SslOnConnect;
                default: return SecureSocketOptions.Auto;
            }
        }

        private void WarnIfSkipped(MailAccount account, ServerCertificateCheck certificate)
        {
            // Written here, on the caller's thread, rather than in the validation callback.
            if (certificate.Verdict == CertificateVerdict.Skipped)
            {
                Output.WriteWarning(DeliveryStrings.Format("WarningSkipCertificateValidation", account.Name, account.SmtpServer, certificate.Certificate?.Subject, certificate.Sha256));
            }
        }

        private void ReportSecurity(MailAccount account, ISmtpClient client, ServerCertificateCheck certificate)
        {
            if (!client.IsEncrypted)
            {
                Output.WriteVerbose(DeliveryStrings.Format("VerbosePlainConnection", account.SmtpServer));
                return;
            }

            string? cipher;
            int strength;
            try
            {
                cipher = client.SslCipherAlgorithm?.ToString();
                strength = client.SslCipherStrength ?? 0;
            }
            catch (Exception exception) when (exception is NotSupportedException || exception is PlatformNotSupportedException)
            {
                cipher = "?";
                strength = 0;
            }

            Output.WriteVerbose(DeliveryStrings.Format("VerboseTlsNegotiated", account.SmtpServer, client.SslProtocol, cipher, strength.ToString(CultureInfo.CurrentCulture)));
            if (certificate.Verdict == CertificateVerdict.Pinned)
            {
                Output.WriteVerbose(DeliveryStrings.Format("VerboseCertificatePinned", certificate.Sha256));
            }
        }
    }
}
