using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupMail.OAuthDoubles
{
    /// <summary>Compact JSON Web Token helpers: base64url, RS256 signing, and RS256/PS256 verification.</summary>
    public static class Jwt
    {
        /// <summary>Base64url without padding (RFC 7515, appendix C).</summary>
        public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>Decodes base64url (padding optional); null when it is not base64url.</summary>
        public static byte[] FromBase64Url(string text)
        {
            if (text == null) return null;
            var s = text.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2: s += "=="; break;
                case 3: s += "="; break;
                case 1: return null;
            }
            try { return Convert.FromBase64String(s); } catch (FormatException) { return null; }
        }

        /// <summary>An RS256-signed JWT of <paramref name="payload"/>, header carrying <paramref name="keyId"/> as kid (and x5t).</summary>
        public static string SignRs256(JsonObject payload, RSA key, string keyId)
        {
            var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5t"] = keyId, ["kid"] = keyId };
            var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signingInput + "." + Base64Url(signature);
        }

        /// <summary>An unsigned (alg "none") JWT of <paramref name="payload"/>.</summary>
        public static string Unsigned(JsonObject payload)
        {
            var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "none" };
            return Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".";
        }

        /// <summary>A JWT split into its parsed header and payload, the signing input and signature bytes.</summary>
        public sealed class Parsed
        {
            /// <summary>The JOSE header.</summary>
            public JsonObject Header { get; init; }
            /// <summary>The claims.</summary>
            public JsonObject Payload { get; init; }
            /// <summary>"header.payload" as sent, the bytes the signature covers.</summary>
            public string SigningInput { get; init; }
            /// <summary>The signature bytes.</summary>
            public byte[] Signature { get; init; }

            /// <summary>The header's alg.</summary>
            public string Algorithm => (string)Header["alg"];

            /// <summary>A string claim, or null.</summary>
            public string Claim(string name) => Payload[name] is JsonValue v && v.TryGetValue(out string s) ? s : null;

            /// <summary>A numeric (seconds since the epoch) claim, or null.</summary>
            public long? NumericClaim(string name)
            {
                if (Payload[name] is not JsonValue v) return null;
                if (v.TryGetValue(out long l)) return l;
                if (v.TryGetValue(out double d)) return (long)d;
                if (v.TryGetValue(out string s) && long.TryParse(s, out l)) return l;
                return null;
            }

            /// <summary>
            /// Whether the signature verifies with <paramref name="key"/>: RS256 (PKCS#1 v1.5) or PS256 (PSS), SHA-256.
            /// Any other alg fails.
            /// </summary>
            public bool VerifyWith(RSA key)
            {
                if (key == null || Signature == null) return false;
                RSASignaturePadding padding;
                switch (Algorithm)
                {
                    case "RS256": padding = RSASignaturePadding.Pkcs1; break;
                    case "PS256": padding = RSASignaturePadding.Pss; break;
                    default: return false;
                }
                return key.VerifyData(Encoding.ASCII.GetBytes(SigningInput), Signature, HashAlgorithmName.SHA256, padding);
            }
        }

        /// <summary>Splits and parses a compact JWT; null when it is not one.</summary>
        public static Parsed Parse(string token)
        {
            if (string.IsNullOrEmpty(token) || token.Length > 64 * 1024) return null;
            var parts = token.Split('.');
            if (parts.Length != 3) return null;
            try
            {
                var header = JsonNode.Parse(FromBase64Url(parts[0]) ?? Array.Empty<byte>()) as JsonObject;
                var payload = JsonNode.Parse(FromBase64Url(parts[1]) ?? Array.Empty<byte>()) as JsonObject;
                if (header == null || payload == null) return null;
                return new Parsed { Header = header, Payload = payload, SigningInput = parts[0] + "." + parts[1], Signature = FromBase64Url(parts[2]) };
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>Seconds since the Unix epoch.</summary>
        public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }
}
