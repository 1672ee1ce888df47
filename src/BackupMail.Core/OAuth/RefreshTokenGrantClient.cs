using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Accounts;
using BackupMail.Resources;

namespace BackupMail.OAuth
{
    /// <summary>
    /// The refresh token grant of RFC 6749 (section 6) against the token endpoint of a provider other than Microsoft
    /// Entra ID (Google's, say): POST <c>grant_type=refresh_token</c>, <c>refresh_token</c>, <c>client_id</c>, and the
    /// client secret and scope when there are any.
    /// </summary>
    internal sealed class RefreshTokenGrantClient
    {
        private readonly TokenRequest _request;
        private readonly TimeSpan _timeout;

        internal RefreshTokenGrantClient(TokenRequest request, TimeSpan timeout)
        {
            _request = request;
            _timeout = timeout;
        }

        private MailAccount Account => _request.Account;

        /// <summary>Redeems <paramref name="refreshToken"/>; the result carries the new refresh token, or the old one when none came back.</summary>
        internal async Task<IssuedToken> RedeemAsync(string refreshToken, string? clientSecret, string? scope, CancellationToken cancellationToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("grant_type", "refresh_token"),
                new KeyValuePair<string, string>("refresh_token", refreshToken),
                new KeyValuePair<string, string>("client_id", Account.ClientId!), // TokenRequest.For insists on a client ID
            };
            if (!Strings.IsNullOrEmpty(clientSecret))
            {
                form.Add(new KeyValuePair<string, string>("client_secret", clientSecret));
            }

            if (!Strings.IsNullOrEmpty(scope))
            {
                form.Add(new KeyValuePair<string, string>("scope", scope));
            }

            var secrets = new[] { refreshToken, clientSecret };
            int status;
            string body;
            using (var http = new HttpClient { Timeout = _timeout })
            using (var content = new FormUrlEncodedContent(form))
            {
                try
                {
                    using (var response = await http.PostAsync(Account.TokenEndpoint, content, cancellationToken).ConfigureAwait(false))
                    {
                        status = (int)response.StatusCode;
                        body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    }
                }
                catch (HttpRequestException e)
                {
                    throw OAuthErrors.Unreachable(Account, _request.ProviderDisplay, e.InnerException == null ? e.Message : e.Message + " (" + e.InnerException.Message + ")", e, secrets);
                }
            }

            if (status >= 500 || status == 429)
            {
                throw OAuthErrors.ServerError(Account, _request.ProviderDisplay, status, null);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw status >= 200 && status < 300
                    ? OAuthErrors.Unreachable(Account, _request.ProviderDisplay, OAuthStrings.Get("CauseBadResponse"), e)
                    : OAuthErrors.TokenFailed(Account, "HTTP " + status.ToString(CultureInfo.InvariantCulture), null, e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw OAuthErrors.Unreachable(Account, _request.ProviderDisplay, OAuthStrings.Get("CauseBadResponse"), null);
                }

                var error = OAuthJson.String(root, "error");
                if (status < 200 || status >= 300 || error != null)
                {
                    var description = OAuthJson.String(root, "error_description");
                    if (string.Equals(error, "invalid_grant", StringComparison.Ordinal))
                    {
                        throw OAuthErrors.SignInRequired(Account, error, description, null, secrets);
                    }

                    throw OAuthErrors.TokenFailed(Account, error ?? "HTTP " + status.ToString(CultureInfo.InvariantCulture), description, null, secrets);
                }

                var accessToken = OAuthJson.String(root, "access_token");
                if (Strings.IsNullOrEmpty(accessToken))
                {
                    throw OAuthErrors.Unreachable(Account, _request.ProviderDisplay, OAuthStrings.Get("CauseBadResponse"), null);
                }

                var expiresOn = DateTimeOffset.UtcNow.AddSeconds(ExpiresIn(root));
                var rotated = OAuthJson.String(root, "refresh_token");
                return new IssuedToken(accessToken, expiresOn, string.IsNullOrEmpty(rotated) ? refreshToken : rotated, null);
            }
        }

        // expires_in is RECOMMENDED (a number; some providers send a string); without it, assume an hour.
        private static double ExpiresIn(JsonElement root)
        {
            if (root.TryGetProperty("expires_in", out var value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds > 0)
                {
                    return Math.Min(seconds, 366 * 86400.0);
                }

                if (value.ValueKind == JsonValueKind.String
                    && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds > 0)
                {
                    return Math.Min(seconds, 366 * 86400.0);
                }
            }

            return 3600;
        }
    }
}
