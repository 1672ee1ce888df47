using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// The Microsoft Graph double: <c>POST /v1.0/users/{id | userPrincipalName | me}/sendMail</c> (MIME in base64 as
    /// text/plain, or the JSON form) and <c>GET /v1.0/users/{id}</c>, with Graph-shaped errors.
    /// </summary>
    internal sealed class GraphDouble
    {
        /// <summary>Graph's documented limit of a sendMail request: 4 MB.</summary>
        public const int MaxRequestBytes = 4 * 1024 * 1024;
        private const int DrainLimit = 64 * 1024 * 1024;
        private readonly DoublesState state;

        public GraphDouble(DoublesState state) => this.state = state;

        private IEnumerable<string> Audiences => new[] { state.GraphEndpoint, DoublesState.GraphResource, DoublesState.GraphAppId };

        public async Task<bool> TryHandle(HttpContext context)
        {
            var segments = context.Request.Path.Value.Trim('/').Split('/');
            var method = context.Request.Method;
            if (segments.Length == 4 && segments[0] == "v1.0" && segments[1].Equals("users", StringComparison.OrdinalIgnoreCase) && segments[3].Equals("sendMail", StringComparison.OrdinalIgnoreCase) && method == "POST")
            {
                state.Count("graph.sendMail");
                await SendMail(context, Uri.UnescapeDataString(segments[2]));
                return true;
            }
            if (segments.Length == 3 && segments[0] == "v1.0" && segments[1].Equals("users", StringComparison.OrdinalIgnoreCase) && method == "GET")
            {
                state.Count("graph.users");
                await GetUser(context, Uri.UnescapeDataString(segments[2]));
                return true;
            }
            if (segments.Length == 2 && segments[0] == "v1.0" && segments[1].Equals("me", StringComparison.OrdinalIgnoreCase) && method == "GET")
            {
                state.Count("graph.users");
                await GetUser(context, "me");
                return true;
            }
            if (segments.Length == 3 && segments[0] == "v1.0" && segments[1].Equals("me", StringComparison.OrdinalIgnoreCase) && segments[2].Equals("sendMail", StringComparison.OrdinalIgnoreCase) && method == "POST")
            {
                state.Count("graph.sendMail");
                await SendMail(context, "me");
                return true;
            }
            return false;
        }

        /// <summary>A Graph error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.</summary>
        public static Task Error(HttpContext context, int status, string code, string message, int? retryAfter = null)
        {
            var requestId = Guid.NewGuid().ToString();
            var clientRequestId = context.Request.Headers["client-request-id"].ToString();
            if (string.IsNullOrEmpty(clientRequestId)) clientRequestId = requestId;
            context.Response.Headers["request-id"] = requestId;
            context.Response.Headers["client-request-id"] = clientRequestId;
            if (retryAfter != null) context.Response.Headers.RetryAfter = retryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status == 401) context.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
            return Http.Json(context, status, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["innerError"] = new JsonObject
                    {
                        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss"),
                        ["request-id"] = requestId,
                        ["client-request-id"] = clientRequestId,
                    },
                },
            });
        }

        private static (int, string, string) DefaultsFor(int status) => status switch
        {
            400 => (400, "ErrorInvalidRequest", "The request is invalid."),
            401 => (401, "InvalidAuthenticationToken", "Access token validation failure."),
            403 => (403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
            404 => (404, "ErrorInvalidUser", "The requested user is invalid."),
            413 => (413, "RequestBodyTooLarge", "The maximum request length supported is 4MB."),
            429 => (429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit."),
            500 => (500, "InternalServerError", "An internal server error occurred."),
            502 => (502, "BadGateway", "Bad gateway."),
            503 => (503, "ServiceUnavailable", "Service unavailable. Try again later."),
            504 => (504, "GatewayTimeout", "The gateway timed out."),
            _ => (status, "UnknownError", "An error occurred."),
        };

        private TokenCheck Authenticate(HttpContext context)
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.Substring(7).Trim() : null;
            return AccessTokens.Check(state, token, Audiences);
        }

        /// <summary>Reads the body up to the 4 MB limit (and drains the rest, so the client sees the answer); null when larger.</summary>
        private static async Task<byte[]> ReadBody(HttpContext context)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk)) > 0)
            {
                total += read;
                if (total <= MaxRequestBytes) buffer.Write(chunk, 0, read);
                if (total > DrainLimit) break;
            }
            return total > MaxRequestBytes ? null : buffer.ToArray();
        }

        private async Task SendMail(HttpContext context, string userInPath)
        {
            // The body is read first: Graph answers 413 for an oversized request whatever else is wrong.
            var body = await ReadBody(context);
            if (body == null) { await Error(context, 413, "RequestBodyTooLarge", "The maximum request length supported is 4MB."); return; }

            ForcedGraphResponse forced = null;
            lock (state.Gate) { if (state.ForcedGraph.Count > 0) forced = state.ForcedGraph.Dequeue(); }
            if (forced != null)
            {
                if (forced.Status >= 200 && forced.Status < 300) { context.Response.StatusCode = forced.Status; return; }
                var (_, code, message) = DefaultsFor(forced.Status);
                if (forced.Status == 429 && forced.Code == null && forced.RetryAfter == null) forced.RetryAfter = 1;
                await Error(context, forced.Status, forced.Code ?? code, forced.Message ?? message, forced.RetryAfter);
                return;
            }

            var token = Authenticate(context);
            if (!token.Ok) { await Error(context, 401, "InvalidAuthenticationToken", token.Failure); return; }
            if (!token.Has("Mail.Send"))
            {
                await Error(context, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
                return;
            }
            var mailbox = ResolveMailbox(userInPath, token, out var badRequest);
            if (badRequest != null) { await Error(context, 400, "BadRequest", badRequest); return; }
            if (mailbox == null) { await Error(context, 404, "ErrorInvalidUser", $"The requested user '{userInPath}' is invalid."); return; }
            if (!mailbox.RestApiEnabled) { await Error(context, 404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise."); return; }
            if (token.IsApp && mailbox.OutsideAccessPolicy) { await Error(context, 403, "ErrorAccessDenied", "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings."); return; }
            if (!token.IsApp && !string.Equals(token.ObjectId, mailbox.ObjectId, StringComparison.OrdinalIgnoreCase))
            {
                await Error(context, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
                return;
            }

            var contentType = context.Request.ContentType ?? "";
            byte[] mime = null;
            string json = null;
            if (contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                var text = Encoding.ASCII.GetString(body).Trim();
                try { mime = Convert.FromBase64String(text); }
                catch (FormatException) { mime = null; }
                if (mime == null || mime.Length == 0)
                {
                    await Error(context, 400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.");
                    return;
                }
                if (!LooksLikeMime(mime))
                {
                    await Error(context, 400, "ErrorMimeContentInvalid", "The MIME content is invalid.");
                    return;
                }
            }
            else if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Encoding.UTF8.GetString(body);
                try
                {
                    if (JsonNode.Parse(json)?["message"] == null)
                    {
                        await Error(context, 400, "ErrorInvalidRequest", "The request body must contain a 'message'.");
                        return;
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    await Error(context, 400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
                    return;
                }
            }
            else
            {
                await Error(context, 415, "UnsupportedMediaType", $"Content type '{contentType}' is not supported; send MIME as base64 in text/plain or a JSON message.");
                return;
            }

            var headers = context.Request.Headers
                .Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            lock (state.Gate)
            {
                state.GraphMessages.Add(new GraphMessage
                {
                    ReceivedAt = DateTimeOffset.UtcNow,
                    UserInPath = userInPath,
                    Mailbox = mailbox.Address,
                    Query = context.Request.QueryString.Value ?? "",
                    Headers = headers,
                    ContentType = contentType,
                    Mime = mime,
                    Json = json,
                    AppToken = token.IsApp,
                    ClientId = token.ClientId,
                });
            }
            context.Response.Headers["request-id"] = Guid.NewGuid().ToString();
            context.Response.StatusCode = 202;
            context.Response.ContentLength = 0;
        }

        private static bool LooksLikeMime(byte[] mime)
        {
            try
            {
                using (var stream = new MemoryStream(mime))
                {
                    var message = MimeKit.MimeMessage.Load(stream);
                    return message.Headers.Count > 0;
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private MailboxRegistration ResolveMailbox(string userInPath, TokenCheck token, out string badRequest)
        {
            badRequest = null;
            if (userInPath.Equals("me", StringComparison.OrdinalIgnoreCase))
            {
                if (token.IsApp) { badRequest = "/me request is only valid with delegated authentication flow."; return null; }
                return state.FindMailbox(token.ObjectId) ?? state.FindMailbox(token.UserPrincipalName);
            }
            var mailbox = state.FindMailbox(userInPath);
            if (mailbox != null && mailbox.TenantId != null && !string.Equals(mailbox.TenantId, token.TenantId, StringComparison.OrdinalIgnoreCase)) return null;
            return mailbox;
        }

        private async Task GetUser(HttpContext context, string userInPath)
        {
            var token = Authenticate(context);
            if (!token.Ok) { await Error(context, 401, "InvalidAuthenticationToken", token.Failure); return; }
            var mailbox = ResolveMailbox(userInPath, token, out var badRequest);
            if (badRequest != null) { await Error(context, 400, "BadRequest", badRequest); return; }
            if (mailbox == null)
            {
                await Error(context, 404, "Request_ResourceNotFound", $"Resource '{userInPath}' does not exist or one of its queried reference-property objects are not present.");
                return;
            }
            await Http.Json(context, 200, new JsonObject
            {
                ["@odata.context"] = $"{state.GraphEndpoint}/v1.0/$metadata#users/$entity",
                ["id"] = mailbox.ObjectId,
                ["displayName"] = mailbox.DisplayName,
                ["mail"] = mailbox.Address,
                ["userPrincipalName"] = mailbox.Address,
            });
        }
    }
}
