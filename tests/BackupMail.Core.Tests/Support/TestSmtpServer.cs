using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Accounts;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace BackupMail.Tests.Support
{
    /// <summary>
    /// An in-process SMTP server (the SmtpServer package) on a free loopback port: plain, STARTTLS or
    /// implicit TLS, optional AUTH with one user/password, SIZE, scripted refusals of recipients or DATA.
    /// It keeps every accepted message in <see cref="Messages"/>. Dispose stops it.
    /// </summary>
    /// <example>
    /// <code>
    /// using var server = TestSmtpServer.Start(new TestSmtpServerOptions { Tls = TestSmtpTls.StartTls, UserName = "u", Password = "p" });
    /// var account = server.CreateAccount(MailSecurity.StartTls);
    /// account.CertificateThumbprint = server.CertificateSha256;
    /// </code>
    /// </example>
    public sealed class TestSmtpServer : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

        private readonly object _gate = new object();
        private readonly List<ReceivedMessage> _messages = new List<ReceivedMessage>();
        private readonly List<string> _authenticationAttempts = new List<string>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TestSmtpServerOptions _options;
        private SmtpServer.SmtpServer _server;
        private Task _running;

        private TestSmtpServer(TestSmtpServerOptions options)
        {
            _options = options;
            if (options.Tls != TestSmtpTls.None)
            {
                Certificate = options.Certificate ?? TestCertificates.CreateSelfSigned();
            }
        }

        /// <summary>The host to connect to.</summary>
        public string Host => "127.0.0.1";

        /// <summary>The port it listens on.</summary>
        public int Port { get; private set; }

        /// <summary>The server certificate, or null for a plain server.</summary>
        public X509Certificate2 Certificate { get; }

        /// <summary>The certificate's SHA-256 thumbprint (upper-case hex), or null.</summary>
        public string CertificateSha256 => Certificate == null ? null : TestCertificates.Sha256(Certificate);

        /// <summary>The certificate's SHA-1 thumbprint (upper-case hex), or null.</summary>
        public string CertificateSha1 => Certificate == null ? null : TestCertificates.Sha1(Certificate);

        /// <summary>The user name and password the server accepts, or null when it offers no AUTH.</summary>
        public NetworkCredential Credential =>
            _options.UserName == null ? null : new NetworkCredential(_options.UserName, _options.Password);

        /// <summary>Every message accepted so far.</summary>
        public IReadOnlyList<ReceivedMessage> Messages { get { lock (_gate) { return _messages.ToArray(); } } }

        /// <summary>The user names of every AUTH attempt (never the passwords).</summary>
        public IReadOnlyList<string> AuthenticationAttempts { get { lock (_gate) { return _authenticationAttempts.ToArray(); } } }

        /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="count"/> messages have arrived; returns them all.</summary>
        /// <exception cref="TimeoutException">Fewer arrived in time.</exception>
        public IReadOnlyList<ReceivedMessage> WaitForMessages(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (_messages.Count < count)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        throw new TimeoutException($"{_messages.Count} of {count} messages arrived within {timeout}.");
                    }

                    Monitor.Wait(_gate, left);
                }

                return _messages.ToArray();
            }
        }

        /// <summary>Starts a server and waits until it listens.</summary>
        public static TestSmtpServer Start(TestSmtpServerOptions options = null)
        {
            var server = new TestSmtpServer(options ?? new TestSmtpServerOptions());
            try
            {
                server.Listen();
                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }

        /// <summary>A <see cref="MailAccount"/> pointing at this server, with a short timeout.</summary>
        public MailAccount CreateAccount(MailSecurity security = MailSecurity.None, string name = "Test") => new MailAccount
        {
            Name = name,
            SmtpServer = Host,
            Port = Port,
            Security = security,
            From = "backup@example.com",
            UserName = _options.UserName,
            TimeoutSeconds = 10,
        };

        /// <summary>Stops listening and ends every session.</summary>
        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _server?.Shutdown();
                _running?.Wait(StopTimeout);
            }
            catch (AggregateException)
            {
                // Cancelled sessions end with exceptions; the server is stopped either way.
            }

            _stop.Dispose();
        }

        private void Listen()
        {
            var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var builder = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(endpoint =>
                {
                    endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                        .IsSecure(_options.Tls == TestSmtpTls.ImplicitTls)
                        .AuthenticationRequired(_options.AuthenticationRequired)
                        .AllowUnsecureAuthentication(_options.AllowAuthenticationWithoutTls)
                        .SessionTimeout(TimeSpan.FromSeconds(30));
                    if (Certificate != null)
                    {
                        endpoint.Certificate(Certificate);
                    }
                });
            if (_options.MaxMessageSize.HasValue)
            {
                builder.MaxMessageSize(_options.MaxMessageSize.Value, MaxMessageSizeHandling.Strict);
            }

            var listeners = new EndpointListenerFactory();
            listeners.EndpointStarted += (sender, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

            var services = new ServiceProvider();
            services.Add(listeners);
            services.Add(new Store(this));
            services.Add(new Filter(_options));
            if (_options.UserName != null)
            {
                services.Add(new DelegatingUserAuthenticator((user, password) =>
                {
                    lock (_gate)
                    {
                        _authenticationAttempts.Add(user);
                    }

                    return user == _options.UserName && password == _options.Password;
                }));
            }

            _server = new SmtpServer.SmtpServer(builder.Build(), services);
            _running = _server.StartAsync(_stop.Token);
            if (!listening.Task.Wait(StartTimeout))
            {
                throw new TimeoutException("The test SMTP server did not start listening.");
            }

            Port = listening.Task.Result;
        }

        private void Keep(ReceivedMessage message)
        {
            lock (_gate)
            {
                _messages.Add(message);
                Monitor.PulseAll(_gate);
            }
        }

        private sealed class Store : MessageStore
        {
            private readonly TestSmtpServer _owner;

            public Store(TestSmtpServer owner) => _owner = owner;

            public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
            {
                if (_owner._options.DataReply != null)
                {
                    return Task.FromResult(_owner._options.DataReply);
                }

                var raw = buffer.ToArray();
                MimeMessage parsed;
                using (var stream = new MemoryStream(raw))
                {
                    parsed = MimeMessage.Load(stream);
                }

                var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
                _owner.Keep(new ReceivedMessage(
                    transaction.From.AsAddress(),
                    transaction.To.Select(mailbox => mailbox.AsAddress()).ToArray(),
                    raw,
                    parsed,
                    user,
                    context.Pipe.IsSecure));
                return Task.FromResult(SmtpResponse.Ok);
            }
        }

        private sealed class Filter : MailboxFilter
        {
            private readonly TestSmtpServerOptions _options;

            public Filter(TestSmtpServerOptions options) => _options = options;

            public override Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
            {
                if (_options.SenderReply != null)
                {
                    throw new SmtpResponseException(_options.SenderReply);
                }

                return Task.FromResult(true);
            }

            public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
            {
                if (_options.RecipientReplies.TryGetValue(to.AsAddress(), out var reply))
                {
                    // Thrown, the reply goes to the client as it is (code and text).
                    throw new SmtpResponseException(reply);
                }

                return Task.FromResult(true);
            }
        }
    }
}
