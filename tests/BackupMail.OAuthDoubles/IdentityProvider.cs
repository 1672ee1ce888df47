using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// The Entra-shaped identity provider: instance discovery, OpenID configuration, keys, device code and token endpoints
    /// (client_credentials with secret or certificate assertion, refresh_token, device_code).
    /// </summary>
    internal sealed class IdentityProvider
    {
        private const string JwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
        private static readonly HashSet<string> OidcScopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "openid", "profile", "offline_access", "email" };
        private readonly DoublesState state;
        private long sequence;

        public IdentityProvider(DoublesState state) => this.state = state;

        /// <summary>Handles the request when it is one of the provider's routes; false otherwise.</summary>
        public async Task<bool> TryHandle(HttpContext context)
        {
            var segments = context.Request.Path.Value.Trim('/').Split('/');
            var method = context.Request.Method;
            if (segments.Length == 3 && segments[1] == "discovery" && segments[2] == "instance" && method == "GET")
            {
                state.Count("discovery");
                await InstanceDiscovery(context, segments[0]);
                return true;
            }
            if (segments.Length == 4 && segments[1] == "v2.0" && segments[2] == ".well-known" && segments[3] == "openid-configuration" && method == "GET")
            {
                state.Count("openid-configuration");
                await OpenIdConfiguration(context, segments[0]);
                return true;
            }
            if (segments.Length == 4 && segments[1] == "discovery" && segments[2] == "v2.0" && segments[3] == "keys" && method == "GET")
            {
                await Http.Json(context, 200, Keys());
                return true;
            }
            if (segments.Length == 4 && segments[1] == "oauth2" && segments[2] == "v2.0" && method == "POST")
            {
                if (segments[3] == "token") { await Token(context, segments[0]); return true; }
                if (segments[3] == "devicecode") { state.Count("devicecode"); await DeviceCode(context, segments[0]); return true; }
            }
            return false;
        }

        private string Authority => state.AuthorityHost;
        private string AuthorityAuthority => new Uri(state.AuthorityHost).Authority;

        private static bool IsMultiTenantAlias(string tenant) =>
            tenant.Equals("common", StringComparison.OrdinalIgnoreCase) || tenant.Equals("organizations", StringComparison.OrdinalIgnoreCase) || tenant.Equals("consumers", StringComparison.OrdinalIgnoreCase);

        private Task InstanceDiscovery(HttpContext context, string tenantSegment)
        {
            // MSAL asks .../common/discovery/instance?api-version=1.1&authorization_endpoint=https://host/{tenant}/oauth2/v2.0/authorize
            var tenant = "common";
            var authorize = context.Request.Query["authorization_endpoint"].ToString();
            if (Uri.TryCreate(authorize, UriKind.Absolute, out var uri))
            {
                var first = uri.AbsolutePath.Trim('/').Split('/')[0];
                if (first.Length > 0) tenant = first;
            }
            var host = AuthorityAuthority;
            var body = new JsonObject
            {
                ["tenant_discovery_endpoint"] = $"{Authority}/{tenant}/v2.0/.well-known/openid-configuration",
                ["api-version"] = "1.1",
                ["metadata"] = new JsonArray(new JsonObject
                {
                    ["preferred_network"] = host,
                    ["preferred_cache"] = host,
                    ["aliases"] = new JsonArray(host),
                }),
            };
            return Http.Json(context, 200, body);
        }

        private Task OpenIdConfiguration(HttpContext context, string tenantSegment)
        {
            string tid;
            if (IsMultiTenantAlias(tenantSegment)) tid = "{tenantid}";
            else
            {
                var tenant = state.FindTenant(tenantSegment);
                if (tenant == null) return Fail(context, EntraErrors.Create(90002, new EntraErrors.Context { Tenant = tenantSegment }));
                tid = tenant.Id;
            }
            var baseUrl = $"{Authority}/{tenantSegment}";
            var body = new JsonObject
            {
                ["token_endpoint"] = $"{baseUrl}/oauth2/v2.0/token",
                ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
                ["jwks_uri"] = $"{baseUrl}/discovery/v2.0/keys",
                ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
                ["subject_types_supported"] = new JsonArray("pairwise"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
                ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
                ["issuer"] = $"{Authority}/{tid}/v2.0",
                ["request_uri_parameter_supported"] = false,
                ["userinfo_endpoint"] = $"{state.GraphEndpoint}/oidc/userinfo",
                ["authorization_endpoint"] = $"{baseUrl}/oauth2/v2.0/authorize",
                ["device_authorization_endpoint"] = $"{baseUrl}/oauth2/v2.0/devicecode",
                ["http_logout_supported"] = true,
                ["frontchannel_logout_supported"] = true,
                ["end_session_endpoint"] = $"{baseUrl}/oauth2/v2.0/logout",
                ["claims_supported"] = new JsonArray("sub", "iss", "aud", "exp", "iat", "nbf", "name", "oid", "preferred_username", "tid", "ver"),
                ["tenant_region_scope"] = "WW",
                ["cloud_instance_name"] = AuthorityAuthority,
                ["cloud_graph_host_name"] = new Uri(state.GraphEndpoint).Authority,
                ["msgraph_host"] = new Uri(state.GraphEndpoint).Authority,
            };
            return Http.Json(context, 200, body);
        }

        private JsonObject Keys()
        {
            var p = state.SigningKey.ExportParameters(false);
            return new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = state.SigningKeyId, ["x5t"] = state.SigningKeyId,
                    ["n"] = Jwt.Base64Url(p.Modulus), ["e"] = Jwt.Base64Url(p.Exponent),
                }),
            };
        }

        private Task Fail(HttpContext context, EntraError error)
        {
            var correlation = context.Request.Headers["client-request-id"].ToString();
            return Http.Json(context, error.Status, error.ToJson(correlation, Authority));
        }

        private async Task DeviceCode(HttpContext context, string tenantSegment)
        {
            var form = await context.Request.ReadFormAsync();
            var clientId = form["client_id"].ToString();
            if (!IsMultiTenantAlias(tenantSegment) && state.FindTenant(tenantSegment) == null)
            {
                await Fail(context, EntraErrors.Create(90002, new EntraErrors.Context { Tenant = tenantSegment }));
                return;
            }
            if (string.IsNullOrEmpty(clientId)) { await Fail(context, EntraErrors.Create(900144, new EntraErrors.Context { Detail = "client_id" })); return; }
            var app = state.FindApp(clientId);
            if (app == null) { await Fail(context, EntraErrors.Create(700016, new EntraErrors.Context { Client = clientId, Tenant = tenantSegment })); return; }
            var record = new DeviceCodeRecord
            {
                DeviceCode = Jwt.Base64Url(RandomNumberGenerator.GetBytes(48)),
                UserCode = NewUserCode(),
                Sequence = System.Threading.Interlocked.Increment(ref sequence),
                ClientId = app.ClientId,
                TenantPath = tenantSegment,
                Scope = form["scope"].ToString(),
                ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(900),
                Status = DeviceCodeStatus.Pending,
            };
            lock (state.Gate) state.DeviceCodes.Add(record);
            var verification = $"{Authority}/devicelogin";
            await Http.Json(context, 200, new JsonObject
            {
                ["user_code"] = record.UserCode,
                ["device_code"] = record.DeviceCode,
                ["verification_uri"] = verification,
                ["expires_in"] = 900,
                ["interval"] = state.DeviceCodeIntervalSeconds,
                ["message"] = $"To sign in, use a web browser to open the page {verification} and enter the code {record.UserCode} to authenticate.",
            });
        }

        private static string NewUserCode()
        {
            const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            var chars = new char[9];
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return new string(chars);
        }

        private async Task Token(HttpContext context, string tenantSegment)
        {
            var form = await context.Request.ReadFormAsync();
            var grant = form["grant_type"].ToString();
            var clientId = form["client_id"].ToString();
            // client_secret_basic: the client id and secret may come in an Authorization: Basic header instead.
            var secret = form.ContainsKey("client_secret") ? form["client_secret"].ToString() : null;
            var basic = context.Request.Headers.Authorization.ToString();
            if (basic.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic.Substring(6).Trim()));
                    var colon = pair.IndexOf(':');
                    if (colon > 0)
                    {
                        clientId = Uri.UnescapeDataString(pair.Substring(0, colon));
                        secret = Uri.UnescapeDataString(pair.Substring(colon + 1));
                    }
                }
                catch (FormatException) { }
            }
            state.CountTokenRequest(grant, clientId);

            ForcedIdentityError forced = null;
            lock (state.Gate)
            {
                if (state.ForcedTokenErrors.Count > 0) forced = state.ForcedTokenErrors.Dequeue();
            }
            var app = string.IsNullOrEmpty(clientId) ? null : state.FindApp(clientId);
            if (forced != null)
            {
                var ctx = new EntraErrors.Context { Client = clientId, Tenant = tenantSegment, App = app?.DisplayName, Detail = DateTime.UtcNow.ToString("u") };
                var error = EntraErrors.IsKnown(forced.Code) ? EntraErrors.Create(forced.Code, ctx) : null;
                error = new EntraError
                {
                    Code = forced.Code,
                    Status = forced.Status ?? error.Status,
                    Error = forced.Error ?? error.Error,
                    Text = forced.Description ?? error?.Text ?? "Forced error.",
                };
                await Fail(context, error);
                return;
            }

            TenantRegistration tenant = null;
            if (!IsMultiTenantAlias(tenantSegment))
            {
                tenant = state.FindTenant(tenantSegment);
                if (tenant == null) { await Fail(context, EntraErrors.Create(90002, new EntraErrors.Context { Tenant = tenantSegment })); return; }
            }
            if (string.IsNullOrEmpty(grant)) { await Fail(context, EntraErrors.Create(900144, new EntraErrors.Context { Detail = "grant_type" })); return; }
            if (string.IsNullOrEmpty(clientId)) { await Fail(context, EntraErrors.Create(900144, new EntraErrors.Context { Detail = "client_id" })); return; }
            var tenantName = tenant?.DisplayName ?? tenantSegment;
            if (app == null || (tenant != null && !string.Equals(app.TenantId, tenant.Id, StringComparison.OrdinalIgnoreCase)))
            {
                await Fail(context, EntraErrors.Create(700016, new EntraErrors.Context { Client = clientId, Tenant = tenantName }));
                return;
            }
            var errorContext = new EntraErrors.Context { Client = app.ClientId, Tenant = tenant?.Id ?? app.TenantId, App = app.DisplayName };
            if (!app.ServicePrincipal) { await Fail(context, EntraErrors.Create(7000229, errorContext)); return; }

            // Client authentication.
            var assertionType = form["client_assertion_type"].ToString();
            var assertion = form["client_assertion"].ToString();
            var authenticated = false;
            if (secret != null)
            {
                if (!app.Secrets.Contains(secret, StringComparer.Ordinal)) { await Fail(context, EntraErrors.Create(7000215, errorContext)); return; }
                authenticated = true;
            }
            else if (!string.IsNullOrEmpty(assertion) || !string.IsNullOrEmpty(assertionType))
            {
                if (assertionType != JwtBearerAssertion) { await Fail(context, EntraErrors.Create(900144, new EntraErrors.Context { Detail = "client_assertion_type" })); return; }
                var endpoint = $"{Authority}{context.Request.Path.Value}";
                var failure = CheckAssertion(assertion, app, endpoint);
                if (failure != null) { await Fail(context, failure); return; }
                authenticated = true;
            }
            if (!authenticated && (grant == "client_credentials" || !app.PublicClient))
            {
                await Fail(context, EntraErrors.Create(7000218, errorContext));
                return;
            }
            if (!app.Consent) { await Fail(context, EntraErrors.Create(65001, errorContext)); return; }

            switch (grant)
            {
                case "client_credentials":
                    await ClientCredentials(context, tenant, app, form["scope"].ToString(), errorContext);
                    return;
                case "refresh_token":
                    await RefreshToken(context, app, form["refresh_token"].ToString(), form["scope"].ToString(), errorContext);
                    return;
                case DeviceCodeGrant:
                case "device_code": // what MSAL.NET sends; Entra accepts both spellings
                    await DeviceCodeToken(context, app, form.ContainsKey("device_code") ? form["device_code"].ToString() : form["code"].ToString(), errorContext);
                    return;
                default:
                    await Fail(context, EntraErrors.Create(70003, new EntraErrors.Context { Detail = grant }));
                    return;
            }
        }

        private EntraError CheckAssertion(string assertion, AppRegistration app, string tokenEndpoint)
        {
            var context = new EntraErrors.Context { Client = app.ClientId, App = app.DisplayName };
            var jwt = Jwt.Parse(assertion);
            if (jwt == null) return EntraErrors.Create(700027, new EntraErrors.Context { Detail = "The client assertion is not a JSON Web Token." });
            var x5t = jwt.Header["x5t"]?.GetValue<string>();
            var x5tS256 = jwt.Header["x5t#S256"]?.GetValue<string>();
            var certificate = app.Certificates.FirstOrDefault(c =>
                (x5t != null && x5t == Jwt.Base64Url(c.GetCertHash(HashAlgorithmName.SHA1))) ||
                (x5tS256 != null && x5tS256 == Jwt.Base64Url(c.GetCertHash(HashAlgorithmName.SHA256))));
            state.Count($"assertion.{jwt.Algorithm}.{(x5tS256 != null ? "x5t#S256" : "x5t")}");
            if (certificate == null)
            {
                return EntraErrors.Create(700027, new EntraErrors.Context { Detail = $"The key was not found., Thumbprint of key used by client: '{x5t ?? x5tS256}'" });
            }
            using (var key = certificate.GetRSAPublicKey())
            {
                if (!jwt.VerifyWith(key))
                {
                    return EntraErrors.Create(700027, new EntraErrors.Context { Detail = $"The signature does not verify ({jwt.Algorithm}), Thumbprint of key used by client: '{x5t ?? x5tS256}'" });
                }
            }
            if (!string.Equals(jwt.Claim("iss"), app.ClientId, StringComparison.OrdinalIgnoreCase) || !string.Equals(jwt.Claim("sub"), app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                return EntraErrors.Create(700021, new EntraErrors.Context { Detail = $"iss '{jwt.Claim("iss")}', sub '{jwt.Claim("sub")}'." });
            }
            var aud = jwt.Claim("aud") ?? (jwt.Payload["aud"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
            if (!string.Equals(aud?.TrimEnd('/'), tokenEndpoint.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return EntraErrors.Create(50012, new EntraErrors.Context { Detail = $"aud '{aud}', expected '{tokenEndpoint}'." });
            }
            var now = Jwt.Now;
            var exp = jwt.NumericClaim("exp");
            var nbf = jwt.NumericClaim("nbf");
            if (exp == null || exp < now - 300 || (nbf != null && nbf > now + 300))
            {
                return EntraErrors.Create(700024, new EntraErrors.Context { Detail = $"Current time: {DateTime.UtcNow:u}, assertion valid from {Epoch(nbf)}, expiry time of assertion {Epoch(exp)}." });
            }
            return null;
        }

        private static string Epoch(long? seconds) => seconds == null ? "(none)" : DateTimeOffset.FromUnixTimeSeconds(seconds.Value).UtcDateTime.ToString("u");

        private async Task ClientCredentials(HttpContext context, TenantRegistration tenant, AppRegistration app, string scope, EntraErrors.Context errorContext)
        {
            if (tenant == null) { await Fail(context, EntraErrors.Create(50194, errorContext)); return; }
            if (string.IsNullOrWhiteSpace(scope)) { await Fail(context, EntraErrors.Create(900144, new EntraErrors.Context { Detail = "scope" })); return; }
            var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !OidcScopes.Contains(s)).ToList();
            if (scopes.Count != 1 || !scopes[0].EndsWith("/.default", StringComparison.Ordinal))
            {
                await Fail(context, EntraErrors.Create(1002012, new EntraErrors.Context { Detail = scope }));
                return;
            }
            var resource = scopes[0].Substring(0, scopes[0].Length - "/.default".Length);
            var roles = app.Roles.TryGetValue(state.CanonicalResource(resource), out var granted) ? granted : (app.Roles.TryGetValue(resource, out granted) ? granted : new List<string>());
            var accessToken = IssueAccessToken(tenant.Id, app, resource, roles, null, null);
            await Http.Json(context, 200, new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = state.TokenLifetimeSeconds,
                ["ext_expires_in"] = state.TokenLifetimeSeconds,
                ["access_token"] = accessToken,
            });
        }

        private async Task RefreshToken(HttpContext context, AppRegistration app, string refreshToken, string scope, EntraErrors.Context errorContext)
        {
            if (string.IsNullOrEmpty(refreshToken)) { await Fail(context, EntraErrors.Create(900144, new EntraErrors.Context { Detail = "refresh_token" })); return; }
            RefreshTokenRecord record;
            lock (state.Gate) state.RefreshTokens.TryGetValue(refreshToken, out record);
            if (record == null || !string.Equals(record.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                await Fail(context, EntraErrors.Create(9002313, errorContext));
                return;
            }
            var issued = new EntraErrors.Context { Client = app.ClientId, App = app.DisplayName, Detail = record.IssuedAt.UtcDateTime.ToString("u") };
            if (record.RevokedCode != null) { await Fail(context, EntraErrors.Create(record.RevokedCode.Value, issued)); return; }
            if (record.IssuedAt.AddSeconds(state.RefreshTokenLifetimeSeconds) < DateTimeOffset.UtcNow) { await Fail(context, EntraErrors.Create(700082, issued)); return; }
            var user = state.FindUser(record.UserObjectId);
            if (user == null) { await Fail(context, EntraErrors.Create(70008, issued)); return; }
            await Delegated(context, app, user, scope, errorContext);
        }

        private async Task DeviceCodeToken(HttpContext context, AppRegistration app, string deviceCode, EntraErrors.Context errorContext)
        {
            DeviceCodeRecord record;
            lock (state.Gate) record = state.DeviceCodes.FirstOrDefault(d => d.DeviceCode == deviceCode && string.Equals(d.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase));
            if (record == null || record.Status == DeviceCodeStatus.Redeemed) { await Fail(context, EntraErrors.Create(9002313, errorContext)); return; }
            if (record.ExpiresAt < DateTimeOffset.UtcNow) { await Fail(context, EntraErrors.Create(70019, errorContext)); return; }
            if (record.Status == DeviceCodeStatus.Pending) { await Fail(context, EntraErrors.Create(70016, errorContext)); return; }
            if (record.Status == DeviceCodeStatus.Denied) { await Fail(context, EntraErrors.Create(70000, errorContext)); return; }
            lock (state.Gate) record.Status = DeviceCodeStatus.Redeemed;
            var user = state.FindUser(record.UserObjectId);
            await Delegated(context, app, user, record.Scope, errorContext);
        }

        private async Task Delegated(HttpContext context, AppRegistration app, UserRegistration user, string scope, EntraErrors.Context errorContext)
        {
            var requested = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            var resourceScopes = requested.Where(s => !OidcScopes.Contains(s)).ToList();
            var byResource = resourceScopes.Select(s => SplitScope(s)).ToList();
            var resources = byResource.Select(r => state.CanonicalResource(r.Resource)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (resources.Count > 1) { await Fail(context, EntraErrors.Create(28000, new EntraErrors.Context { Detail = scope })); return; }
            var resource = byResource.Count > 0 ? byResource[0].Resource : DoublesState.GraphResource;
            List<string> scp;
            List<string> responseScopes;
            if (byResource.Count == 0 || byResource.Any(r => r.Name == ".default"))
            {
                scp = app.DelegatedScopes.TryGetValue(state.CanonicalResource(resource), out var granted) ? granted.ToList() : new List<string> { "User.Read" };
                var prefix = resource == DoublesState.GraphResource && byResource.Count == 0 ? "" : resource + "/";
                responseScopes = scp.Select(s => prefix + s).ToList();
            }
            else
            {
                scp = byResource.Select(r => r.Name).ToList();
                responseScopes = resourceScopes;
            }
            var tenantId = user.TenantId;
            var accessToken = IssueAccessToken(tenantId, app, resource, null, scp, user);
            var refresh = Jwt.Base64Url(RandomNumberGenerator.GetBytes(64));
            lock (state.Gate)
            {
                state.RefreshTokens[refresh] = new RefreshTokenRecord
                {
                    Token = refresh, Sequence = System.Threading.Interlocked.Increment(ref sequence), ClientId = app.ClientId,
                    TenantId = tenantId, UserObjectId = user.ObjectId, IssuedAt = DateTimeOffset.UtcNow,
                };
            }
            var now = Jwt.Now;
            var idToken = Jwt.SignRs256(new JsonObject
            {
                ["aud"] = app.ClientId,
                ["iss"] = $"{Authority}/{tenantId}/v2.0",
                ["iat"] = now, ["nbf"] = now, ["exp"] = now + state.TokenLifetimeSeconds,
                ["name"] = user.DisplayName,
                ["oid"] = user.ObjectId,
                ["preferred_username"] = user.Username,
                ["sub"] = Jwt.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(user.ObjectId + "|" + app.ClientId))),
                ["tid"] = tenantId,
                ["ver"] = "2.0",
            }, state.SigningKey, state.SigningKeyId);
            var clientInfo = Jwt.Base64Url(Encoding.UTF8.GetBytes(new JsonObject { ["uid"] = user.ObjectId, ["utid"] = tenantId }.ToJsonString()));
            await Http.Json(context, 200, new JsonObject
            {
                ["token_type"] = "Bearer",
                ["scope"] = string.Join(" ", responseScopes),
                ["expires_in"] = state.TokenLifetimeSeconds,
                ["ext_expires_in"] = state.TokenLifetimeSeconds,
                ["access_token"] = accessToken,
                ["refresh_token"] = refresh,
                ["id_token"] = idToken,
                ["client_info"] = clientInfo,
            });
        }

        private static (string Resource, string Name) SplitScope(string scope)
        {
            var scheme = scope.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return (DoublesState.GraphResource, scope);
            var slash = scope.LastIndexOf('/');
            if (slash <= scheme + 2) return (scope.TrimEnd('/'), ".default");
            return (scope.Substring(0, slash), scope.Substring(slash + 1));
        }

        /// <summary>An RS256 access token: aud, iss, tid, appid/azp, oid, roles (app) or scp/upn (delegated).</summary>
        internal string IssueAccessToken(string tenantId, AppRegistration app, string resource, IList<string> roles, IList<string> scp, UserRegistration user)
        {
            var now = Jwt.Now;
            var payload = new JsonObject
            {
                ["aud"] = resource,
                ["iss"] = $"{Authority}/{tenantId}/v2.0",
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + state.TokenLifetimeSeconds,
                ["app_displayname"] = app.DisplayName,
                ["appid"] = app.ClientId,
                ["azp"] = app.ClientId,
                ["appidacr"] = "1",
                ["idtyp"] = user == null ? "app" : "user",
                ["tid"] = tenantId,
                ["uti"] = Jwt.Base64Url(RandomNumberGenerator.GetBytes(16)),
                ["ver"] = "1.0",
            };
            if (user == null)
            {
                payload["oid"] = app.ServicePrincipalObjectId;
                payload["sub"] = app.ServicePrincipalObjectId;
                if (roles != null && roles.Count > 0) payload["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray());
            }
            else
            {
                payload["oid"] = user.ObjectId;
                payload["sub"] = Jwt.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(user.ObjectId + "|" + resource)));
                payload["scp"] = string.Join(" ", scp);
                payload["upn"] = user.Username;
                payload["unique_name"] = user.Username;
                payload["preferred_username"] = user.Username;
                payload["name"] = user.DisplayName;
            }
            return Jwt.SignRs256(payload, state.SigningKey, state.SigningKeyId);
        }
    }
}
