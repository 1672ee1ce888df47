using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace BackupMail.OAuthDoubles
{
    /// <summary>The control API under <c>/_test/</c> on the identity provider's port (JSON in, JSON out). See README.md.</summary>
    internal sealed class ControlApi
    {
        private readonly DoublesHost host;
        private DoublesState State => host.State;

        public ControlApi(DoublesHost host) => this.host = host;

        public async Task<bool> TryHandle(HttpContext context)
        {
            var path = context.Request.Path.Value ?? "";
            if (!path.StartsWith("/_test/", StringComparison.Ordinal)) return false;
            var route = context.Request.Method + " " + path.Substring("/_test".Length).TrimEnd('/');
            JsonObject body = null;
            if (context.Request.Method == "POST" || context.Request.Method == "PUT")
            {
                try { body = (await JsonNode.ParseAsync(context.Request.Body)) as JsonObject; }
                catch (JsonException e) { await Http.Json(context, 400, new JsonObject { ["error"] = "The body is not JSON: " + e.Message }); return true; }
                body ??= new JsonObject();
            }
            try
            {
                var answer = Handle(route, body);
                if (answer == null) await Http.Json(context, 404, new JsonObject { ["error"] = $"No control route '{route}'." });
                else await Http.Json(context, answer.Value.Status, answer.Value.Body);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is InvalidOperationException || e is System.Security.Cryptography.CryptographicException)
            {
                await Http.Json(context, 400, new JsonObject { ["error"] = e.Message });
            }
            return true;
        }

        private static string Str(JsonObject o, string name) => o?[name] is JsonValue v && v.TryGetValue(out string s) ? s : o?[name] is JsonValue n ? n.ToString() : null;
        private static bool? Bool(JsonObject o, string name) => o?[name] is JsonValue v && v.TryGetValue(out bool b) ? b : (bool?)null;
        private static int? Int(JsonObject o, string name)
        {
            if (o?[name] is not JsonValue v) return null;
            if (v.TryGetValue(out int i)) return i;
            if (v.TryGetValue(out string s) && int.TryParse(s, out i)) return i;
            return null;
        }
        private static List<string> Strings(JsonObject o, string name)
        {
            var node = o?[name];
            if (node is JsonArray a) return a.Select(x => x?.ToString()).Where(x => x != null).ToList();
            if (node is JsonValue v && v.TryGetValue(out string s)) return s.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            return new List<string>();
        }
        private static Dictionary<string, List<string>> PerResource(JsonObject o, string name)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            if (o?[name] is JsonObject map) foreach (var kv in map) result[kv.Key] = Strings(map, kv.Key);
            return result;
        }

        private static X509Certificate2 Certificate(string text)
        {
            text = text.Trim();
            if (text.StartsWith("-----BEGIN", StringComparison.Ordinal)) return X509Certificate2.CreateFromPem(text);
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
        }

        private (int Status, JsonNode Body)? Handle(string route, JsonObject b)
        {
            switch (route)
            {
                case "GET /endpoints":
                    return (200, host.EndpointsJson());
                case "POST /reset":
                    State.Reset();
                    return (200, new JsonObject { ["reset"] = true });
                case "POST /tenants":
                {
                    var t = State.RegisterTenant(new TenantRegistration { Id = Str(b, "id"), Domains = Strings(b, "domains"), DisplayName = Str(b, "displayName") });
                    return (200, new JsonObject { ["id"] = t.Id, ["domains"] = new JsonArray(t.Domains.Select(d => (JsonNode)d).ToArray()), ["displayName"] = t.DisplayName });
                }
                case "POST /apps":
                {
                    var secrets = Strings(b, "secrets");
                    if (Str(b, "secret") is string one) secrets.Add(one);
                    var certificates = Strings(b, "certificates");
                    if (Str(b, "certificate") is string cert) certificates.Add(cert);
                    var app = State.RegisterApp(new AppRegistration
                    {
                        TenantId = Str(b, "tenantId"),
                        ClientId = Str(b, "clientId"),
                        DisplayName = Str(b, "displayName") ?? "BackupMail Test App",
                        Secrets = secrets,
                        Certificates = certificates.Select(Certificate).ToList(),
                        Roles = PerResource(b, "roles"),
                        DelegatedScopes = PerResource(b, "delegatedScopes"),
                        Consent = Bool(b, "consent") ?? true,
                        ServicePrincipal = Bool(b, "servicePrincipal") ?? true,
                        PublicClient = Bool(b, "publicClient") ?? false,
                    });
                    return (200, new JsonObject { ["clientId"] = app.ClientId, ["tenantId"] = app.TenantId, ["servicePrincipalObjectId"] = app.ServicePrincipalObjectId });
                }
                case "POST /users":
                {
                    var u = State.RegisterUser(new UserRegistration
                    {
                        TenantId = Str(b, "tenantId"), Username = Str(b, "username"), DisplayName = Str(b, "displayName"),
                        ObjectId = Str(b, "objectId"), Mailbox = Bool(b, "mailbox") ?? true,
                    });
                    return (200, new JsonObject { ["username"] = u.Username, ["objectId"] = u.ObjectId, ["tenantId"] = u.TenantId, ["displayName"] = u.DisplayName });
                }
                case "POST /mailboxes":
                {
                    var m = State.RegisterMailbox(new MailboxRegistration
                    {
                        Address = Str(b, "address"), ObjectId = Str(b, "objectId"), DisplayName = Str(b, "displayName"), TenantId = Str(b, "tenantId"),
                        OutsideAccessPolicy = Bool(b, "outsideAccessPolicy") ?? false,
                        RestApiEnabled = Bool(b, "restApiEnabled") ?? true,
                        SmtpAuthEnabled = Bool(b, "smtpAuthEnabled") ?? true,
                    });
                    return (200, new JsonObject { ["address"] = m.Address, ["objectId"] = m.ObjectId, ["tenantId"] = m.TenantId });
                }
                case "GET /devicecodes":
                    return (200, new JsonObject { ["pending"] = new JsonArray(State.PendingUserCodes().Select(c => (JsonNode)c).ToArray()) });
                case "POST /devicecodes/approve":
                {
                    var code = State.ApproveDeviceCode(Str(b, "username"), Str(b, "userCode"));
                    return code == null ? (404, new JsonObject { ["error"] = "No device code is pending." }) : (200, new JsonObject { ["approved"] = true });
                }
                case "POST /devicecodes/deny":
                {
                    var code = State.DenyDeviceCode(Str(b, "userCode"));
                    return code == null ? (404, new JsonObject { ["error"] = "No device code is pending." }) : (200, new JsonObject { ["denied"] = true });
                }
                case "GET /refresh-tokens":
                    return (200, new JsonObject { ["refreshTokens"] = new JsonArray(State.IssuedRefreshTokens().Select(t => (JsonNode)t).ToArray()) });
                case "POST /refresh-tokens/revoke":
                {
                    var code = Int(b, "code") ?? 70008;
                    var n = 0;
                    if (Str(b, "refreshToken") is string token && State.RevokeRefreshToken(token, code)) n++;
                    if (Str(b, "username") is string user) n += State.RevokeUserRefreshTokens(user, code);
                    return (200, new JsonObject { ["revoked"] = n });
                }
                case "POST /settings":
                {
                    if (Int(b, "tokenLifetimeSeconds") is int life) State.TokenLifetimeSeconds = life;
                    if (Int(b, "refreshTokenLifetimeSeconds") is int rt) State.RefreshTokenLifetimeSeconds = rt;
                    if (Int(b, "deviceCodeIntervalSeconds") is int interval) State.DeviceCodeIntervalSeconds = interval;
                    if (Str(b, "smtpPasswordAuth") is string pa) State.Smtp.PasswordAuth = Enum.Parse<SmtpPasswordAnswer>(pa, true);
                    if (Str(b, "smtpOAuth") is string oa) State.Smtp.OAuth = Enum.Parse<SmtpOAuthAnswer>(oa, true);
                    return (200, new JsonObject
                    {
                        ["tokenLifetimeSeconds"] = State.TokenLifetimeSeconds,
                        ["refreshTokenLifetimeSeconds"] = State.RefreshTokenLifetimeSeconds,
                        ["deviceCodeIntervalSeconds"] = State.DeviceCodeIntervalSeconds,
                        ["smtpPasswordAuth"] = State.Smtp.PasswordAuth.ToString(),
                        ["smtpOAuth"] = State.Smtp.OAuth.ToString(),
                    });
                }
                case "POST /identity/errors":
                {
                    var code = Int(b, "code") ?? throw new ArgumentException("'code' (the AADSTS number) is required.");
                    State.ForceTokenError(code, Int(b, "count") ?? 1, Str(b, "error"), Int(b, "status"), Str(b, "description"));
                    return (200, new JsonObject { ["forced"] = code });
                }
                case "POST /graph/responses":
                {
                    var status = Int(b, "status") ?? throw new ArgumentException("'status' is required.");
                    State.ForceGraphResponse(status, Int(b, "count") ?? 1, Int(b, "retryAfter"), Str(b, "code"), Str(b, "message"));
                    return (200, new JsonObject { ["forced"] = status });
                }
                case "POST /tokens":
                {
                    var token = host.MintAccessToken(Str(b, "clientId"), Str(b, "resource"), Strings(b, "roles"), Strings(b, "scopes"), Str(b, "username"), Int(b, "lifetimeSeconds"));
                    return (200, new JsonObject { ["accessToken"] = token });
                }
                case "GET /stats":
                    return (200, State.StatsJson());
                case "GET /graph/messages":
                    return (200, new JsonArray(State.ReceivedGraphMessages().Select(GraphJson).ToArray()));
                case "GET /smtp/messages":
                    return (200, new JsonArray(State.ReceivedSmtpMessages().Select(SmtpJson).ToArray()));
                case "DELETE /messages":
                    State.ClearMessages();
                    return (200, new JsonObject { ["cleared"] = true });
                default:
                    return null;
            }
        }

        private static string Subject(byte[] mime)
        {
            if (mime == null) return null;
            try
            {
                using (var stream = new System.IO.MemoryStream(mime)) return MimeKit.MimeMessage.Load(stream).Subject;
            }
            catch (FormatException) { return null; }
        }

        private static JsonNode GraphJson(GraphMessage m)
        {
            var headers = new JsonObject();
            foreach (var kv in m.Headers) headers[kv.Key] = kv.Value;
            return new JsonObject
            {
                ["receivedAt"] = m.ReceivedAt.ToString("o"),
                ["userInPath"] = m.UserInPath,
                ["mailbox"] = m.Mailbox,
                ["query"] = m.Query,
                ["headers"] = headers,
                ["contentType"] = m.ContentType,
                ["mime"] = m.Mime == null ? null : Encoding.UTF8.GetString(m.Mime),
                ["mimeBase64"] = m.Mime == null ? null : Convert.ToBase64String(m.Mime),
                ["json"] = m.Json,
                ["subject"] = Subject(m.Mime),
                ["appToken"] = m.AppToken,
                ["clientId"] = m.ClientId,
            };
        }

        private static JsonNode SmtpJson(SmtpMessage m) => new JsonObject
        {
            ["receivedAt"] = m.ReceivedAt.ToString("o"),
            ["authenticatedUser"] = m.AuthenticatedUser,
            ["mechanism"] = m.Mechanism,
            ["mailFrom"] = m.MailFrom,
            ["recipients"] = new JsonArray(m.Recipients.Select(r => (JsonNode)r).ToArray()),
            ["tls"] = m.Tls,
            ["raw"] = Encoding.UTF8.GetString(m.Raw),
            ["rawBase64"] = Convert.ToBase64String(m.Raw),
            ["subject"] = Subject(m.Raw),
        };
    }
}
