using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace BackupMail.OAuthDoubles
{
    /// <summary>An error as Entra's token endpoint words it: HTTP status, OAuth error, AADSTS code and text.</summary>
    public sealed class EntraError
    {
        /// <summary>The HTTP status (400 or 401).</summary>
        public int Status { get; init; }
        /// <summary>The OAuth 2.0 error ("invalid_client", "invalid_grant", ...).</summary>
        public string Error { get; init; }
        /// <summary>The AADSTS number.</summary>
        public int Code { get; init; }
        /// <summary>The text after "AADSTSnnnn: " (before the trace/correlation suffix).</summary>
        public string Text { get; init; }

        /// <summary>The JSON body Entra sends, with fresh trace id, the request's correlation id and a timestamp.</summary>
        public JsonObject ToJson(string correlationId, string authorityHost)
        {
            var trace = Guid.NewGuid().ToString();
            var correlation = string.IsNullOrEmpty(correlationId) ? Guid.NewGuid().ToString() : correlationId;
            var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
            return new JsonObject
            {
                ["error"] = Error,
                ["error_description"] = $"AADSTS{Code}: {Text} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}",
                ["error_codes"] = new JsonArray(Code),
                ["timestamp"] = timestamp,
                ["trace_id"] = trace,
                ["correlation_id"] = correlation,
                ["error_uri"] = $"{authorityHost}/error?code={Code}",
            };
        }
    }

    /// <summary>The AADSTS errors the identity provider double produces, with Entra's documented wording.</summary>
    public static class EntraErrors
    {
        /// <summary>Values a text may refer to: {client}, {tenant}, {app}, {resource}, {date}, {param}, {thumbprint}.</summary>
        public sealed class Context
        {
            /// <summary>The client id of the request.</summary>
            public string Client { get; init; }
            /// <summary>The tenant as named in the request.</summary>
            public string Tenant { get; init; }
            /// <summary>The application's display name.</summary>
            public string App { get; init; }
            /// <summary>A parameter name or other detail.</summary>
            public string Detail { get; init; }
        }

        private static readonly Dictionary<int, (int Status, string Error, string Text)> Catalog = new Dictionary<int, (int, string, string)>
        {
            [7000215] = (401, "invalid_client", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client}'."),
            [700016] = (400, "unauthorized_client", "Application with identifier '{client}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
            [90002] = (400, "invalid_request", "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."),
            [65001] = (400, "invalid_grant", "The user or administrator has not consented to use the application with ID '{client}' named '{app}'. Send an interactive authorization request for this user and resource."),
            [7000229] = (400, "invalid_client", "The client application {client} is missing service principal in the tenant {tenant}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119"),
            [70008] = (400, "invalid_grant", "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."),
            [700082] = (400, "invalid_grant", "The refresh token has expired due to inactivity. The token was issued on {detail} and was inactive for 90.00:00:00."),
            [50173] = (400, "invalid_grant", "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{detail}'."),
            [9002313] = (400, "invalid_grant", "Invalid request. Request is malformed or invalid."),
            [7000218] = (401, "invalid_client", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
            [700027] = (401, "invalid_client", "Client assertion contains an invalid signature. [Reason - {detail}]"),
            [700024] = (401, "invalid_client", "Client assertion is not within its valid time range. {detail}"),
            [700021] = (401, "invalid_client", "Client assertion application identifier doesn't match 'client_id' parameter. {detail}"),
            [50012] = (401, "invalid_client", "Client assertion audience claim does not match Realm issuer. {detail}"),
            [900144] = (400, "invalid_request", "The request body must contain the following parameter: '{detail}'."),
            [70003] = (400, "unsupported_grant_type", "The app requested an unsupported grant type '{detail}'."),
            [1002012] = (400, "invalid_scope", "The provided value for scope {detail} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."),
            [28000] = (400, "invalid_scope", "Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {detail} is not valid."),
            [50194] = (400, "invalid_request", "Application '{client}'({app}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant."),
            [70016] = (400, "authorization_pending", "OAuth 2.0 device flow error. Authorization is pending. Continue polling."),
            [70019] = (400, "expired_token", "Verification code expired."),
            [70000] = (400, "authorization_declined", "The user declined the authorization request."),
            [50058] = (400, "invalid_grant", "A silent sign-in request was sent but no user is signed in."),
            [7000222] = (401, "invalid_client", "The provided client secret keys for app '{client}' are expired. Visit the Azure portal to create new keys for your app."),
        };

        /// <summary>The AADSTS codes the catalog knows (a forced error may name any of them).</summary>
        public static IEnumerable<int> Known => Catalog.Keys;

        /// <summary>The error for <paramref name="code"/>, its placeholders filled from <paramref name="context"/>.</summary>
        /// <exception cref="ArgumentException">The code is not in the catalog.</exception>
        public static EntraError Create(int code, Context context)
        {
            if (!Catalog.TryGetValue(code, out var entry)) throw new ArgumentException($"AADSTS{code} is not in the double's catalog.", nameof(code));
            var text = entry.Text
                .Replace("{client}", context?.Client ?? "")
                .Replace("{tenant}", context?.Tenant ?? "")
                .Replace("{app}", context?.App ?? "")
                .Replace("{detail}", context?.Detail ?? "");
            return new EntraError { Status = entry.Status, Error = entry.Error, Code = code, Text = text.TrimEnd() };
        }

        /// <summary>Whether the catalog knows <paramref name="code"/>.</summary>
        public static bool IsKnown(int code) => Catalog.ContainsKey(code);
    }
}
