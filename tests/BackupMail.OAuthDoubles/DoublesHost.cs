using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// Runs the three doubles on free loopback ports: the identity provider (HTTPS, with the control API under
    /// <c>/_test/</c>), Graph (HTTPS) and SMTP (STARTTLS), all with server certificates from the test CA.
    /// <c>Dispose</c> stops them.
    /// </summary>
    public sealed class DoublesHost : IDisposable
    {
        private readonly WebApplication web;
        private readonly SmtpDouble smtp;
        private readonly IdentityProvider identity;
        private X509Certificate2 serverCertificate;
        private readonly bool ownsAuthority;

        private DoublesHost(TestCertificateAuthority authority, bool ownsAuthority)
        {
            CertificateAuthority = authority;
            this.ownsAuthority = ownsAuthority;
            State = new DoublesState();
            identity = new IdentityProvider(State);
            var graph = new GraphDouble(State);
            var control = new ControlApi(this);
            var crl = authority.CreateCrl();

            Exception last = null;
            for (var attempt = 0; attempt < 5 && web == null; attempt++)
            {
                var idpPort = FreePort();
                var graphPort = FreePort();
                var crlPort = FreePort();
                // The certificate names the CRL served below (plain HTTP, as CRLs are), so revocation checks succeed.
                serverCertificate?.Dispose();
                serverCertificate = authority.IssueServerCertificate($"http://127.0.0.1:{crlPort}/ca.crl");
                var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ApplicationName = typeof(DoublesHost).Assembly.GetName().Name });
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(options =>
                {
                    options.Limits.MaxRequestBodySize = 80L * 1024 * 1024;
                    options.ListenLocalhost(idpPort, listen => listen.UseHttps(serverCertificate));
                    options.ListenLocalhost(graphPort, listen => listen.UseHttps(serverCertificate));
                    options.Listen(IPAddress.Loopback, crlPort);
                });
                var app = builder.Build();
                app.Run(async context =>
                {
                    var port = context.Connection.LocalPort;
                    if (port == crlPort)
                    {
                        State.Count("crl");
                        if (context.Request.Path == "/ca.crl")
                        {
                            context.Response.ContentType = "application/pkix-crl";
                            await context.Response.Body.WriteAsync(crl);
                        }
                        else context.Response.StatusCode = 404;
                        return;
                    }
                    State.LogRequest($"{context.Request.Method} {(port == graphPort ? "graph" : "idp")} {context.Request.Path}");
                    bool handled;
                    if (port == graphPort) handled = await graph.TryHandle(context);
                    else handled = await control.TryHandle(context) || await identity.TryHandle(context);
                    if (!handled)
                    {
                        if (port == graphPort) await GraphDouble.Error(context, 400, "BadRequest", $"Resource not found for the segment '{context.Request.Path}'.");
                        else await Http.Json(context, 404, new JsonObject { ["error"] = "not_found", ["error_description"] = $"No route '{context.Request.Method} {context.Request.Path}'." });
                    }
                });
                try
                {
                    app.StartAsync().GetAwaiter().GetResult();
                    web = app;
                    State.AuthorityHost = $"https://localhost:{idpPort}";
                    State.GraphEndpoint = $"https://localhost:{graphPort}";
                    CrlUri = $"http://127.0.0.1:{crlPort}/ca.crl";
                }
                catch (IOException e)
                {
                    last = e;
                    ((IDisposable)app).Dispose();
                }
            }
            if (web == null) throw new InvalidOperationException("The doubles could not bind loopback ports.", last);
            smtp = new SmtpDouble(State, serverCertificate, 0);
        }

        /// <summary>
        /// Starts the doubles with server certificates from <paramref name="authority"/>, or else the CA in the directory
        /// named by <c>BACKUPMAIL_TEST_CA</c>.
        /// </summary>
        /// <exception cref="InvalidOperationException">No CA was given and BACKUPMAIL_TEST_CA is not set.</exception>
        public static DoublesHost Start(TestCertificateAuthority authority = null)
        {
            if (authority != null) return new DoublesHost(authority, false);
            var fromEnvironment = TestCertificateAuthority.FromEnvironment()
                ?? throw new InvalidOperationException(
                    $"No test CA: set {TestCertificateAuthority.DirectoryVariable} to a directory made by 'dotnet BackupMail.OAuthDoubles.dll --make-ca <dir>' " +
                    "(and SSL_CERT_FILE to its trust.pem), or pass a TestCertificateAuthority.");
            return new DoublesHost(fromEnvironment, true);
        }

        /// <summary>Starts the doubles with the CA in <paramref name="caDirectory"/> (made there if missing).</summary>
        public static DoublesHost Start(string caDirectory) => new DoublesHost(TestCertificateAuthority.CreateOrLoad(caDirectory), true);

        /// <summary>The registrations, settings, received messages and counters; change them directly in process.</summary>
        public DoublesState State { get; }

        /// <summary>The CA the server certificates come from (also issues client certificates).</summary>
        public TestCertificateAuthority CertificateAuthority { get; }

        /// <summary>"https://localhost:port" of the identity provider; an authority is AuthorityHost + "/" + tenant.</summary>
        public string AuthorityHost => State.AuthorityHost;

        /// <summary>"https://localhost:port" of the Graph double (requests go to GraphEndpoint + "/v1.0/...").</summary>
        public string GraphEndpoint => State.GraphEndpoint;

        /// <summary>The SMTP double's host name (its certificate names localhost, 127.0.0.1 and ::1).</summary>
        public string SmtpHost => "localhost";

        /// <summary>The SMTP double's port (STARTTLS).</summary>
        public int SmtpPort => smtp.Port;

        /// <summary>Where the CA's (empty) CRL is served, as named in the server certificate.</summary>
        public string CrlUri { get; private set; }

        /// <summary>The control API's base ("https://localhost:port/_test").</summary>
        public string ControlUri => AuthorityHost + "/_test";

        /// <summary>The CA certificate file (ca.pem), or null for an in-memory CA.</summary>
        public string CaFile => CertificateAuthority.Directory == null ? null : Path.Combine(CertificateAuthority.Directory, TestCertificateAuthority.CertificateFileName);

        /// <summary>The authority URL of a tenant: AuthorityHost/tenant.</summary>
        public string AuthorityFor(string tenant) => $"{AuthorityHost}/{tenant}";

        /// <summary>The token endpoint of a tenant (what a client assertion's aud must be).</summary>
        public string TokenEndpoint(string tenant) => $"{AuthorityHost}/{tenant}/oauth2/v2.0/token";

        /// <summary>The endpoints as written to endpoints.json.</summary>
        public JsonObject EndpointsJson() => new JsonObject
        {
            ["AuthorityHost"] = AuthorityHost,
            ["GraphEndpoint"] = GraphEndpoint,
            ["SmtpHost"] = SmtpHost,
            ["SmtpPort"] = SmtpPort,
            ["ControlUri"] = ControlUri,
            ["CaFile"] = CaFile,
            ["ProcessId"] = Environment.ProcessId,
        };

        /// <summary>
        /// An access token as the identity provider would issue it, without a token request (not counted): for tests of
        /// Graph and SMTP alone. App token when <paramref name="username"/> is null (roles), else delegated (scp).
        /// </summary>
        /// <exception cref="ArgumentException">The app or user is unknown.</exception>
        public string MintAccessToken(string clientId, string resource, IList<string> roles = null, IList<string> scopes = null, string username = null, int? lifetimeSeconds = null)
        {
            var app = State.FindApp(clientId) ?? throw new ArgumentException($"Unknown app '{clientId}'.");
            UserRegistration user = null;
            if (!string.IsNullOrEmpty(username)) user = State.FindUser(username) ?? throw new ArgumentException($"Unknown user '{username}'.");
            var saved = State.TokenLifetimeSeconds;
            lock (State.Gate)
            {
                if (lifetimeSeconds != null) State.TokenLifetimeSeconds = lifetimeSeconds.Value;
                try
                {
                    return identity.IssueAccessToken(user?.TenantId ?? app.TenantId, app, resource, user == null ? (roles ?? new List<string>()) : null,
                        user == null ? null : (scopes ?? new List<string>()), user);
                }
                finally { State.TokenLifetimeSeconds = saved; }
            }
        }

        /// <summary>
        /// Makes one HTTPS request to the identity provider with default certificate validation; throws with what to do
        /// when this process does not trust the test CA (SSL_CERT_FILE must name its trust.pem before the process starts).
        /// </summary>
        /// <exception cref="InvalidOperationException">The CA is not trusted (or the double does not answer).</exception>
        public void EnsureTrusted()
        {
            using (var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(20) })
            {
                try
                {
                    using (var response = http.GetAsync(ControlUri + "/endpoints").GetAwaiter().GetResult())
                    {
                        response.EnsureSuccessStatusCode();
                    }
                }
                catch (System.Net.Http.HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException)
                {
                    var trust = CertificateAuthority.Directory == null ? "<ca dir>/trust.pem" : Path.Combine(CertificateAuthority.Directory, TestCertificateAuthority.TrustFileName);
                    throw new InvalidOperationException(
                        $"This process does not trust the test CA, so the OAuth doubles cannot be reached over HTTPS ({e.InnerException.Message}). " +
                        $"SSL_CERT_FILE is '{Environment.GetEnvironmentVariable("SSL_CERT_FILE")}'; it must name '{trust}' when the process starts. " +
                        "Run the tests through 'dotnet pwsh ./build.ps1 -Task Test', or see tests/BackupMail.OAuthDoubles/README.md.", e);
                }
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
            finally { listener.Stop(); }
        }

        /// <summary>Stops the servers.</summary>
        public void Dispose()
        {
            smtp?.Dispose();
            if (web != null)
            {
                web.StopAsync(new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(5)).Token).GetAwaiter().GetResult();
                web.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            serverCertificate.Dispose();
            if (ownsAuthority) CertificateAuthority.Dispose();
        }
    }
}
