using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BackupMail.OAuth
{
    /// <summary>
    /// What an access token says about itself: its expiry, audience and permissions, read from the payload of a JSON Web
    /// Token (base64url JSON, not verified: the identity provider and the service check it, this only describes it).
    /// Holds no part of the token itself. A token that is not a JWT (Google's, say) has no claims: empty lists.
    /// </summary>
    public sealed class AccessTokenClaims
    {
        private static readonly AccessTokenClaims None = new AccessTokenClaims(false, null, null, Array.Empty<string>(), Array.Empty<string>());

        private AccessTokenClaims(bool isJwt, DateTimeOffset? expiresOn, string? audience, IReadOnlyList<string> roles, IReadOnlyList<string> scopes)
        {
            IsJwt = isJwt;
            ExpiresOn = expiresOn;
            Audience = audience;
            Roles = roles;
            Scopes = scopes;
        }

        /// <summary>True when the token is a JWT whose payload could be read.</summary>
        public bool IsJwt { get; }

        /// <summary>The <c>exp</c> claim; null when the token has none (or is not a JWT).</summary>
        public DateTimeOffset? ExpiresOn { get; }

        /// <summary>The <c>aud</c> claim (the resource the token is for); null when absent.</summary>
        public string? Audience { get; }

        /// <summary>The <c>roles</c> claim: application permissions such as <c>SMTP.SendAsApp</c>; empty when absent.</summary>
        public IReadOnlyList<string> Roles { get; }

        /// <summary>The <c>scp</c> claim split at spaces: delegated permissions such as <c>SMTP.Send</c>; empty when absent.</summary>
        public IReadOnlyList<string> Scopes { get; }

        /// <summary>Reads the claims of <paramref name="token"/>; never throws for a malformed token (empty claims instead).</summary>
        public static AccessTokenClaims Read(AccessToken? token) => token == null ? None : Read(token.Value);

        /// <summary>Reads the claims of the bearer token <paramref name="token"/>; never throws for a malformed token (empty claims instead).</summary>
        public static AccessTokenClaims Read(string? token)
        {
            if (Strings.IsNullOrEmpty(token))
            {
                return None;
            }

            var parts = token.Split('.');
            if (parts.Length != 3 || parts[1].Length == 0)
            {
                return None;
            }

            var payload = DecodeBase64Url(parts[1]);
            if (payload == null)
            {
                return None;
            }

            try
            {
                using (var document = JsonDocument.Parse(payload))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        return None;
                    }

                    return new AccessTokenClaims(true, ReadExpiry(root), ReadAudience(root), ReadList(root, "roles"), ReadList(root, "scp"));
                }
            }
            catch (JsonException)
            {
                return None;
            }
        }

        /// <summary>A description without any part of the token.</summary>
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "aud={0} exp={1:u} roles=[{2}] scp=[{3}]", Audience, ExpiresOn, string.Join(" ", Roles), string.Join(" ", Scopes));

        internal static byte[]? DecodeBase64Url(string text)
        {
            var builder = new StringBuilder(text.Length + 3);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '-': builder.Append('+'); break;
                    case '_': builder.Append('/'); break;
                    default: builder.Append(c); break;
                }
            }

            switch (builder.Length % 4)
            {
                case 1: return null;
                case 2: builder.Append("=="); break;
                case 3: builder.Append('='); break;
            }

            try
            {
                return Convert.FromBase64String(builder.ToString());
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static DateTimeOffset? ReadExpiry(JsonElement root)
        {
            if (!root.TryGetProperty("exp", out var exp))
            {
                return null;
            }

            long seconds;
            if (exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out seconds))
            {
            }
            else if (exp.ValueKind == JsonValueKind.Number && exp.TryGetDouble(out var fractional))
            {
                seconds = (long)fractional;
            }
            else if (exp.ValueKind != JsonValueKind.String || !long.TryParse(exp.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out seconds))
            {
                return null;
            }

            // Beyond year 9999 (or before 1 AD) the claim is nonsense: not an expiry anyone can use.
            return seconds < -62135596800L || seconds > 253402300799L ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        private static string? ReadAudience(JsonElement root)
        {
            if (!root.TryGetProperty("aud", out var aud))
            {
                return null;
            }

            if (aud.ValueKind == JsonValueKind.String)
            {
                return aud.GetString();
            }

            if (aud.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in aud.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        return item.GetString();
                    }
                }
            }

            return null;
        }

        private static IReadOnlyList<string> ReadList(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                return Array.Empty<string>();
            }

            var list = new List<string>();
            if (value.ValueKind == JsonValueKind.String)
            {
                list.AddRange((value.GetString() ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (!Strings.IsNullOrEmpty(text))
                    {
                        list.Add(text);
                    }
                }
            }

            return list;
        }
    }
}
