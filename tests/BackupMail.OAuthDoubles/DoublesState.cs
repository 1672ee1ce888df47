using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// Everything the three doubles share: the directory (tenants, apps, users, mailboxes), issued refresh tokens and
    /// device codes, forced errors, settings, received messages and counters. Thread-safe (one lock).
    /// </summary>
    public sealed class DoublesState
    {
        /// <summary>The Microsoft Graph resource (application ID URI).</summary>
        public const string GraphResource = "https://graph.microsoft.com";
        /// <summary>Microsoft Graph's application id, also a valid audience.</summary>
        public const string GraphAppId = "00000003-0000-0000-c000-000000000000";
        /// <summary>The Exchange Online resource that SMTP AUTH XOAUTH2 tokens are for.</summary>
        public const string OutlookResource = "https://outlook.office365.com";
        /// <summary>Exchange Online's application id.</summary>
        public const string OutlookAppId = "00000002-0000-0ff1-ce00-000000000000";

        internal readonly object Gate = new object();
        private readonly List<TenantRegistration> tenants = new List<TenantRegistration>();
        private readonly List<AppRegistration> apps = new List<AppRegistration>();
        private readonly List<UserRegistration> users = new List<UserRegistration>();
        private readonly List<MailboxRegistration> mailboxes = new List<MailboxRegistration>();
        internal readonly Dictionary<string, RefreshTokenRecord> RefreshTokens = new Dictionary<string, RefreshTokenRecord>(StringComparer.Ordinal);
        internal readonly List<DeviceCodeRecord> DeviceCodes = new List<DeviceCodeRecord>();
        internal readonly Queue<ForcedIdentityError> ForcedTokenErrors = new Queue<ForcedIdentityError>();
        internal readonly Queue<ForcedGraphResponse> ForcedGraph = new Queue<ForcedGraphResponse>();
        private readonly Dictionary<string, int> tokenRequests = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> counters = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> requestLog = new List<string>();
        internal readonly List<GraphMessage> GraphMessages = new List<GraphMessage>();
        internal readonly List<SmtpMessage> SmtpMessages = new List<SmtpMessage>();

        /// <summary>Creates the state with a fresh RSA 2048 token-signing key.</summary>
        public DoublesState()
        {
            SigningKey = RSA.Create(2048);
            SigningKeyId = Jwt.Base64Url(SHA1.HashData(SigningKey.ExportSubjectPublicKeyInfo()));
            Reset();
        }

        /// <summary>The key the identity provider signs tokens with (published at /{tenant}/discovery/v2.0/keys).</summary>
        public RSA SigningKey { get; }
        /// <summary>The signing key's kid.</summary>
        public string SigningKeyId { get; }

        /// <summary>"https://localhost:port" of the identity provider (set by the host).</summary>
        public string AuthorityHost { get; internal set; }
        /// <summary>"https://localhost:port" of the Graph double (set by the host); also a valid Graph audience.</summary>
        public string GraphEndpoint { get; internal set; }

        /// <summary>Access (and id) token lifetime in seconds; default 3600.</summary>
        public int TokenLifetimeSeconds { get; set; }
        /// <summary>Refresh token inactivity lifetime in seconds (AADSTS700082 after it); default 90 days.</summary>
        public int RefreshTokenLifetimeSeconds { get; set; }
        /// <summary>Polling interval a device code response announces; default 1 s (Entra says 5).</summary>
        public int DeviceCodeIntervalSeconds { get; set; }
        /// <summary>How SMTP answers AUTH LOGIN/PLAIN and XOAUTH2.</summary>
        public SmtpSettings Smtp { get; private set; }

        /// <summary>Forgets everything: directory, tokens, device codes, forced errors, messages, counters, settings.</summary>
        public void Reset()
        {
            lock (Gate)
            {
                tenants.Clear(); apps.Clear(); users.Clear(); mailboxes.Clear();
                RefreshTokens.Clear(); DeviceCodes.Clear(); ForcedTokenErrors.Clear(); ForcedGraph.Clear();
                tokenRequests.Clear(); counters.Clear(); requestLog.Clear(); GraphMessages.Clear(); SmtpMessages.Clear();
                TokenLifetimeSeconds = 3600;
                RefreshTokenLifetimeSeconds = 90 * 24 * 3600;
                DeviceCodeIntervalSeconds = 1;
                Smtp = new SmtpSettings();
            }
        }

        #region Directory

        /// <summary>Registers (or replaces) a tenant; returns it with its id filled in.</summary>
        public TenantRegistration RegisterTenant(TenantRegistration tenant)
        {
            if (tenant == null) throw new ArgumentNullException(nameof(tenant));
            if (string.IsNullOrEmpty(tenant.Id)) tenant.Id = Guid.NewGuid().ToString();
            tenant.Domains ??= new List<string>();
            tenant.DisplayName ??= tenant.Domains.FirstOrDefault() ?? tenant.Id;
            lock (Gate)
            {
                tenants.RemoveAll(t => string.Equals(t.Id, tenant.Id, StringComparison.OrdinalIgnoreCase));
                tenants.Add(tenant);
            }
            return tenant;
        }

        /// <summary>Registers (or replaces) an application; its tenant must exist. Returns it with its client id filled in.</summary>
        /// <exception cref="ArgumentException">The tenant is unknown.</exception>
        public AppRegistration RegisterApp(AppRegistration app)
        {
            if (app == null) throw new ArgumentNullException(nameof(app));
            var tenant = FindTenant(app.TenantId) ?? throw new ArgumentException($"Unknown tenant '{app.TenantId}'.");
            app.TenantId = tenant.Id;
            if (string.IsNullOrEmpty(app.ClientId)) app.ClientId = Guid.NewGuid().ToString();
            app.Roles = new Dictionary<string, List<string>>(app.Roles ?? new Dictionary<string, List<string>>(), StringComparer.OrdinalIgnoreCase);
            app.DelegatedScopes = new Dictionary<string, List<string>>(app.DelegatedScopes ?? new Dictionary<string, List<string>>(), StringComparer.OrdinalIgnoreCase);
            app.Secrets ??= new List<string>();
            app.Certificates ??= new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
            lock (Gate)
            {
                apps.RemoveAll(a => string.Equals(a.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase));
                apps.Add(app);
            }
            return app;
        }

        /// <summary>Registers (or replaces) a user (and, unless told not to, a mailbox of the same address and object id).</summary>
        /// <exception cref="ArgumentException">The tenant is unknown or the user name is empty.</exception>
        public UserRegistration RegisterUser(UserRegistration user)
        {
            if (user == null) throw new ArgumentNullException(nameof(user));
            if (string.IsNullOrEmpty(user.Username)) throw new ArgumentException("A user needs a username.");
            var tenant = FindTenant(user.TenantId) ?? throw new ArgumentException($"Unknown tenant '{user.TenantId}'.");
            user.TenantId = tenant.Id;
            if (string.IsNullOrEmpty(user.ObjectId)) user.ObjectId = Guid.NewGuid().ToString();
            user.DisplayName ??= user.Username.Split('@')[0];
            lock (Gate)
            {
                users.RemoveAll(u => string.Equals(u.Username, user.Username, StringComparison.OrdinalIgnoreCase));
                users.Add(user);
            }
            if (user.Mailbox)
            {
                RegisterMailbox(new MailboxRegistration { Address = user.Username, ObjectId = user.ObjectId, DisplayName = user.DisplayName, TenantId = tenant.Id });
            }
            return user;
        }

        /// <summary>Registers (or replaces) a mailbox.</summary>
        /// <exception cref="ArgumentException">The address is empty.</exception>
        public MailboxRegistration RegisterMailbox(MailboxRegistration mailbox)
        {
            if (mailbox == null) throw new ArgumentNullException(nameof(mailbox));
            if (string.IsNullOrEmpty(mailbox.Address)) throw new ArgumentException("A mailbox needs an address.");
            if (string.IsNullOrEmpty(mailbox.ObjectId)) mailbox.ObjectId = Guid.NewGuid().ToString();
            mailbox.DisplayName ??= mailbox.Address.Split('@')[0];
            if (mailbox.TenantId != null) mailbox.TenantId = FindTenant(mailbox.TenantId)?.Id ?? mailbox.TenantId;
            lock (Gate)
            {
                mailboxes.RemoveAll(m => string.Equals(m.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase));
                mailboxes.Add(mailbox);
            }
            return mailbox;
        }

        /// <summary>The tenant named by id or domain, or null.</summary>
        public TenantRegistration FindTenant(string idOrDomain)
        {
            if (string.IsNullOrEmpty(idOrDomain)) return null;
            lock (Gate)
            {
                return tenants.FirstOrDefault(t => string.Equals(t.Id, idOrDomain, StringComparison.OrdinalIgnoreCase)
                    || t.Domains.Any(d => string.Equals(d, idOrDomain, StringComparison.OrdinalIgnoreCase)));
            }
        }

        /// <summary>The application with this client id, or null.</summary>
        public AppRegistration FindApp(string clientId)
        {
            lock (Gate) return apps.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The user with this user name or object id, or null.</summary>
        public UserRegistration FindUser(string usernameOrId)
        {
            lock (Gate)
            {
                return users.FirstOrDefault(u => string.Equals(u.Username, usernameOrId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(u.ObjectId, usernameOrId, StringComparison.OrdinalIgnoreCase));
            }
        }

        /// <summary>The mailbox with this address or object id, or null.</summary>
        public MailboxRegistration FindMailbox(string addressOrId)
        {
            lock (Gate)
            {
                return mailboxes.FirstOrDefault(m => string.Equals(m.Address, addressOrId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(m.ObjectId, addressOrId, StringComparison.OrdinalIgnoreCase));
            }
        }

        /// <summary>
        /// The canonical form of a resource for role lookups: the Graph double's own endpoint and Graph's app id are Graph,
        /// outlook.office.com and Exchange's app id are outlook.office365.com.
        /// </summary>
        public string CanonicalResource(string resource)
        {
            var r = (resource ?? "").TrimEnd('/');
            if (string.Equals(r, GraphEndpoint, StringComparison.OrdinalIgnoreCase) || string.Equals(r, GraphAppId, StringComparison.OrdinalIgnoreCase)) return GraphResource;
            if (string.Equals(r, "https://outlook.office.com", StringComparison.OrdinalIgnoreCase) || string.Equals(r, OutlookAppId, StringComparison.OrdinalIgnoreCase)) return OutlookResource;
            return r;
        }

        #endregion

        #region Tokens, device codes, forced errors

        /// <summary>Revokes one refresh token; the next use gets <paramref name="code"/> (70008 unless told otherwise). False when unknown.</summary>
        public bool RevokeRefreshToken(string refreshToken, int code = 70008)
        {
            lock (Gate)
            {
                if (refreshToken == null || !RefreshTokens.TryGetValue(refreshToken, out var record)) return false;
                record.RevokedCode = code;
                return true;
            }
        }

        /// <summary>Revokes every refresh token of a user (name or object id); returns how many.</summary>
        public int RevokeUserRefreshTokens(string username, int code = 70008)
        {
            lock (Gate)
            {
                var user = FindUser(username);
                var n = 0;
                foreach (var record in RefreshTokens.Values.Where(r => user != null && r.UserObjectId == user.ObjectId))
                {
                    record.RevokedCode = code;
                    n++;
                }
                return n;
            }
        }

        /// <summary>Every refresh token issued so far (newest last).</summary>
        public IReadOnlyList<string> IssuedRefreshTokens()
        {
            lock (Gate) return RefreshTokens.Values.OrderBy(r => r.Sequence).Select(r => r.Token).ToList();
        }

        /// <summary>
        /// Approves a pending device code: by user code, or the newest pending one when null. The user must be registered.
        /// Returns the device code approved, or null when there was none pending.
        /// </summary>
        /// <exception cref="ArgumentException">The user is unknown.</exception>
        public string ApproveDeviceCode(string username, string userCode = null) => DecideDeviceCode(username, userCode, DeviceCodeStatus.Approved);

        /// <summary>Denies a pending device code (the client then gets authorization_declined). Returns the device code, or null.</summary>
        public string DenyDeviceCode(string userCode = null) => DecideDeviceCode(null, userCode, DeviceCodeStatus.Denied);

        private string DecideDeviceCode(string username, string userCode, DeviceCodeStatus status)
        {
            UserRegistration user = null;
            if (status == DeviceCodeStatus.Approved)
            {
                user = FindUser(username) ?? throw new ArgumentException($"Unknown user '{username}'.");
            }
            lock (Gate)
            {
                var record = DeviceCodes.Where(d => d.Status == DeviceCodeStatus.Pending && (userCode == null || string.Equals(d.UserCode, userCode, StringComparison.OrdinalIgnoreCase)))
                    .OrderByDescending(d => d.Sequence).FirstOrDefault();
                if (record == null) return null;
                record.Status = status;
                record.UserObjectId = user?.ObjectId;
                return record.DeviceCode;
            }
        }

        /// <summary>The user codes of device codes still pending (newest last).</summary>
        public IReadOnlyList<string> PendingUserCodes()
        {
            lock (Gate) return DeviceCodes.Where(d => d.Status == DeviceCodeStatus.Pending).OrderBy(d => d.Sequence).Select(d => d.UserCode).ToList();
        }

        /// <summary>Makes the next <paramref name="count"/> token responses the AADSTS error <paramref name="code"/>.</summary>
        /// <exception cref="ArgumentException">The code is not in the catalog and no error/status is given.</exception>
        public void ForceTokenError(int code, int count = 1, string error = null, int? status = null, string description = null)
        {
            if (!EntraErrors.IsKnown(code) && (error == null || status == null)) throw new ArgumentException($"AADSTS{code} is not in the catalog; give error and status too.");
            lock (Gate)
            {
                for (var i = 0; i < count; i++) ForcedTokenErrors.Enqueue(new ForcedIdentityError { Code = code, Error = error, Status = status, Description = description });
            }
        }

        /// <summary>Makes the next <paramref name="count"/> Graph sendMail responses <paramref name="status"/> (Graph-shaped body).</summary>
        public void ForceGraphResponse(int status, int count = 1, int? retryAfterSeconds = null, string code = null, string message = null)
        {
            lock (Gate)
            {
                for (var i = 0; i < count; i++) ForcedGraph.Enqueue(new ForcedGraphResponse { Status = status, RetryAfter = retryAfterSeconds, Code = code, Message = message });
            }
        }

        #endregion

        #region Counters and messages

        internal void CountTokenRequest(string grantType, string clientId)
        {
            lock (Gate)
            {
                var key = (grantType ?? "") + "|" + (clientId ?? "");
                tokenRequests[key] = tokenRequests.TryGetValue(key, out var n) ? n + 1 : 1;
            }
        }

        internal void Count(string name)
        {
            lock (Gate) counters[name] = counters.TryGetValue(name, out var n) ? n + 1 : 1;
        }

        internal void LogRequest(string line)
        {
            lock (Gate)
            {
                if (requestLog.Count < 10_000) requestLog.Add(line);
            }
        }

        /// <summary>How many token requests (POST .../oauth2/v2.0/token) came for a grant type and/or client (null: any).</summary>
        public int TokenRequestCount(string grantType = null, string clientId = null)
        {
            lock (Gate)
            {
                return tokenRequests.Where(kv =>
                {
                    var parts = kv.Key.Split('|');
                    return (grantType == null || parts[0] == grantType) && (clientId == null || string.Equals(parts[1], clientId, StringComparison.OrdinalIgnoreCase));
                }).Sum(kv => kv.Value);
            }
        }

        /// <summary>A named counter: "discovery", "openid-configuration", "devicecode", "graph.sendMail", "graph.users", "smtp.connections", "smtp.auth", "smtp.messages".</summary>
        public int Counter(string name)
        {
            lock (Gate) return counters.TryGetValue(name, out var n) ? n : 0;
        }

        /// <summary>Every HTTP request the doubles served, "METHOD /path" (no query), oldest first.</summary>
        public IReadOnlyList<string> RequestLog()
        {
            lock (Gate) return requestLog.ToList();
        }

        /// <summary>The messages Graph accepted (sendMail), oldest first.</summary>
        public IReadOnlyList<GraphMessage> ReceivedGraphMessages()
        {
            lock (Gate) return GraphMessages.ToList();
        }

        /// <summary>The messages the SMTP double accepted, oldest first.</summary>
        public IReadOnlyList<SmtpMessage> ReceivedSmtpMessages()
        {
            lock (Gate) return SmtpMessages.ToList();
        }

        /// <summary>Forgets received messages (both doubles).</summary>
        public void ClearMessages()
        {
            lock (Gate) { GraphMessages.Clear(); SmtpMessages.Clear(); }
        }

        /// <summary>The counters as JSON: tokenRequests [{grantType, clientId, count}], total, counters {...}, requests [...].</summary>
        public JsonObject StatsJson()
        {
            lock (Gate)
            {
                var list = new JsonArray();
                foreach (var kv in tokenRequests.OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    var parts = kv.Key.Split('|');
                    list.Add(new JsonObject { ["grantType"] = parts[0], ["clientId"] = parts[1], ["count"] = kv.Value });
                }
                var named = new JsonObject();
                foreach (var kv in counters.OrderBy(k => k.Key, StringComparer.Ordinal)) named[kv.Key] = kv.Value;
                return new JsonObject
                {
                    ["tokenRequests"] = list,
                    ["totalTokenRequests"] = tokenRequests.Values.Sum(),
                    ["counters"] = named,
                    ["requests"] = new JsonArray(requestLog.Select(r => (JsonNode)r).ToArray()),
                };
            }
        }

        #endregion
    }

    /// <summary>How the SMTP double answers authentication.</summary>
    public sealed class SmtpSettings
    {
        /// <summary>The answer to AUTH LOGIN / PLAIN (password authentication).</summary>
        public SmtpPasswordAnswer PasswordAuth { get; set; } = SmtpPasswordAnswer.BasicAuthDisabled;
        /// <summary>The answer to AUTH XOAUTH2 with a valid token.</summary>
        public SmtpOAuthAnswer OAuth { get; set; } = SmtpOAuthAnswer.Accept;
    }

    /// <summary>Exchange Online's answers to password authentication.</summary>
    public enum SmtpPasswordAnswer
    {
        /// <summary>535 5.7.139 Authentication unsuccessful, basic authentication is disabled.</summary>
        BasicAuthDisabled,
        /// <summary>550 5.7.30 Basic authentication is not supported for Client Submission.</summary>
        BasicAuthNotSupported,
        /// <summary>535 5.7.139 ... SmtpClientAuthentication is disabled for the Tenant.</summary>
        SmtpAuthDisabledTenant,
        /// <summary>535 5.7.139 ... SmtpClientAuthentication is disabled for the Mailbox.</summary>
        SmtpAuthDisabledMailbox,
        /// <summary>535 5.7.3 Authentication unsuccessful (a wrong password).</summary>
        Unsuccessful,
        /// <summary>235 2.7.0: any password is taken (not Exchange Online's behaviour; for benchmarks).</summary>
        Accept,
    }

    /// <summary>Answers to AUTH XOAUTH2 with an otherwise valid token.</summary>
    public enum SmtpOAuthAnswer
    {
        /// <summary>235 2.7.0 Authentication successful (when the token and mailbox check out).</summary>
        Accept,
        /// <summary>535 5.7.139 ... SmtpClientAuthentication is disabled for the Tenant.</summary>
        SmtpAuthDisabledTenant,
        /// <summary>535 5.7.139 ... SmtpClientAuthentication is disabled for the Mailbox.</summary>
        SmtpAuthDisabledMailbox,
    }

    internal sealed class RefreshTokenRecord
    {
        public string Token;
        public long Sequence;
        public string ClientId;
        public string TenantId;
        public string UserObjectId;
        public DateTimeOffset IssuedAt;
        public int? RevokedCode;
    }

    internal enum DeviceCodeStatus { Pending, Approved, Denied, Redeemed }

    internal sealed class DeviceCodeRecord
    {
        public string DeviceCode;
        public string UserCode;
        public long Sequence;
        public string ClientId;
        public string TenantPath;
        public string Scope;
        public DateTimeOffset ExpiresAt;
        public DeviceCodeStatus Status;
        public string UserObjectId;
    }

    internal sealed class ForcedIdentityError
    {
        public int Code;
        public string Error;
        public int? Status;
        public string Description;
    }

    internal sealed class ForcedGraphResponse
    {
        public int Status;
        public int? RetryAfter;
        public string Code;
        public string Message;
    }

    /// <summary>A message Graph's sendMail accepted.</summary>
    public sealed class GraphMessage
    {
        /// <summary>When it arrived.</summary>
        public DateTimeOffset ReceivedAt { get; init; }
        /// <summary>The {id | userPrincipalName} of the URL as sent ("me" stays "me").</summary>
        public string UserInPath { get; init; }
        /// <summary>The mailbox it was sent from (resolved).</summary>
        public string Mailbox { get; init; }
        /// <summary>The request's query string (e.g. "?saveToSentItems=false"), "" when none.</summary>
        public string Query { get; init; }
        /// <summary>The request headers (Authorization left out).</summary>
        public Dictionary<string, string> Headers { get; init; }
        /// <summary>The Content-Type sent.</summary>
        public string ContentType { get; init; }
        /// <summary>The decoded MIME message (text/plain form), or null for a JSON request.</summary>
        public byte[] Mime { get; init; }
        /// <summary>The JSON body (application/json form), or null.</summary>
        public string Json { get; init; }
        /// <summary>Whether the token was an app token (roles) rather than delegated (scp).</summary>
        public bool AppToken { get; init; }
        /// <summary>The client id of the token.</summary>
        public string ClientId { get; init; }
    }

    /// <summary>A message the SMTP double accepted.</summary>
    public sealed class SmtpMessage
    {
        /// <summary>When it arrived.</summary>
        public DateTimeOffset ReceivedAt { get; init; }
        /// <summary>The user authenticated as (XOAUTH2's user=), or null.</summary>
        public string AuthenticatedUser { get; init; }
        /// <summary>The SASL mechanism used, or null.</summary>
        public string Mechanism { get; init; }
        /// <summary>MAIL FROM's address.</summary>
        public string MailFrom { get; init; }
        /// <summary>RCPT TO addresses.</summary>
        public List<string> Recipients { get; init; }
        /// <summary>Whether STARTTLS was on.</summary>
        public bool Tls { get; init; }
        /// <summary>The message as received (dot-unstuffed, CRLF line ends).</summary>
        public byte[] Raw { get; init; }
    }
}
