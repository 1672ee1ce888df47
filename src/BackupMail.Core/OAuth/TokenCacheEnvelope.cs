using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace BackupMail.OAuth
{
    /// <summary>
    /// What an OAuth account keeps in the vault under its <c>TokenSecretName</c> (as the password of a credential named
    /// <see cref="CredentialUserName"/>): the last access token per audience, MSAL's own serialized token cache (with the
    /// refresh token of a signed-in user) and, for a provider other than Microsoft Entra, the refresh token. JSON:
    /// <code>
    /// { "format": 1,
    ///   "tokens": { "Smtp": { "settings": "...", "accessToken": "...", "expiresOn": "2030-01-01T00:00:00+00:00", "roles": [], "scopes": [] } },
    ///   "msalCache": "base64 of MSAL's cache (SerializeMsalV3)", "msalAccount": "home account id",
    ///   "refreshToken": "..." }
    /// </code>
    /// Anything that does not read as that shape is treated as an empty cache: it is never fatal, and is overwritten.
    /// </summary>
    internal sealed class TokenCacheEnvelope
    {
        /// <summary>The user name of the credential the envelope is stored in.</summary>
        internal const string CredentialUserName = "BackupMail-OAuth-Tokens";

        private const int Format = 1;

        /// <summary>The last access token per audience (<see cref="TokenAudience"/> name).</summary>
        internal Dictionary<string, CachedAccessToken> Tokens { get; } = new Dictionary<string, CachedAccessToken>(StringComparer.Ordinal);

        /// <summary>MSAL's serialized token cache (MsalV3), or null.</summary>
        internal byte[]? MsalCache { get; set; }

        /// <summary>The MSAL account (home account ID) that signed in, or null.</summary>
        internal string? MsalAccount { get; set; }

        /// <summary>A provider other than Microsoft Entra: the refresh token, or null.</summary>
        internal string? RefreshToken { get; set; }

        /// <summary>Reads an envelope; <paramref name="damaged"/> is true (and the envelope empty) when <paramref name="text"/> is not one.</summary>
        internal static TokenCacheEnvelope Parse(string text, out bool damaged)
        {
            damaged = false;
            var envelope = new TokenCacheEnvelope();
            if (string.IsNullOrEmpty(text))
            {
                return envelope;
            }

            try
            {
                using (var document = JsonDocument.Parse(text))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object
                        || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version) || version != Format)
                    {
                        damaged = true;
                        return new TokenCacheEnvelope();
                    }

                    if (root.TryGetProperty("tokens", out var tokens))
                    {
                        if (tokens.ValueKind != JsonValueKind.Object)
                        {
                            damaged = true;
                            return new TokenCacheEnvelope();
                        }

                        foreach (var property in tokens.EnumerateObject())
                        {
                            var token = ReadToken(property.Value);
                            if (token == null)
                            {
                                damaged = true;
                                continue;
                            }

                            envelope.Tokens[property.Name] = token;
                        }
                    }

                    var msal = ReadString(root, "msalCache", ref damaged);
                    if (!string.IsNullOrEmpty(msal))
                    {
                        try
                        {
                            envelope.MsalCache = Convert.FromBase64String(msal);
                        }
                        catch (FormatException)
                        {
                            damaged = true;
                        }
                    }

                    envelope.MsalAccount = ReadString(root, "msalAccount", ref damaged);
                    envelope.RefreshToken = ReadString(root, "refreshToken", ref damaged);
                    return envelope;
                }
            }
            catch (JsonException)
            {
                damaged = true;
                return new TokenCacheEnvelope();
            }
        }

        /// <summary>The envelope as JSON (its members in a fixed order, so that an unchanged envelope gives the same text).</summary>
        internal string Serialize()
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("format", Format);
                    writer.WriteStartObject("tokens");
                    var names = new List<string>(Tokens.Keys);
                    names.Sort(StringComparer.Ordinal);
                    foreach (var name in names)
                    {
                        var token = Tokens[name];
                        writer.WriteStartObject(name);
                        writer.WriteString("settings", token.Settings);
                        writer.WriteString("accessToken", token.Value);
                        writer.WriteString("expiresOn", token.ExpiresOn.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                        WriteList(writer, "roles", token.Roles);
                        WriteList(writer, "scopes", token.Scopes);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                    if (MsalCache != null && MsalCache.Length > 0)
                    {
                        writer.WriteString("msalCache", Convert.ToBase64String(MsalCache));
                    }

                    if (!string.IsNullOrEmpty(MsalAccount))
                    {
                        writer.WriteString("msalAccount", MsalAccount);
                    }

                    if (!string.IsNullOrEmpty(RefreshToken))
                    {
                        writer.WriteString("refreshToken", RefreshToken);
                    }

                    writer.WriteEndObject();
                }

                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        /// <summary>A description without any token.</summary>
        public override string ToString() => "TokenCacheEnvelope (" + Tokens.Count.ToString(CultureInfo.InvariantCulture) + " access tokens)";

        private static CachedAccessToken? ReadToken(JsonElement element)
        {
            var value = OAuthJson.String(element, "accessToken");
            if (Strings.IsNullOrEmpty(value)
                || !DateTimeOffset.TryParse(OAuthJson.String(element, "expiresOn"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresOn))
            {
                return null;
            }

            return new CachedAccessToken(OAuthJson.String(element, "settings"), value, expiresOn, ReadList(element, "roles"), ReadList(element, "scopes"));
        }

        private static string? ReadString(JsonElement root, string name, ref bool damaged)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                damaged = true;
                return null;
            }

            return value.GetString();
        }

        private static IReadOnlyList<string> ReadList(JsonElement element, string name)
        {
            var list = new List<string>();
            if (element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (text != null)
                    {
                        list.Add(text);
                    }
                }
            }

            return list;
        }

        private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> items)
        {
            writer.WriteStartArray(name);
            foreach (var item in items)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }
    }
}
