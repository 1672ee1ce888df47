using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace BackupMail.OAuthDoubles
{
    /// <summary>What a resource (Graph, SMTP) concluded from a bearer token.</summary>
    internal sealed class TokenCheck
    {
        public string Failure;
        public Jwt.Parsed Jwt;
        public bool IsApp;
        public List<string> Roles = new List<string>();
        public List<string> Scopes = new List<string>();
        public string TenantId;
        public string ClientId;
        public string UserPrincipalName;
        public string ObjectId;

        public bool Ok => Failure == null;
        public bool Has(string permission) => Roles.Contains(permission, StringComparer.OrdinalIgnoreCase) || Scopes.Contains(permission, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Validates the identity provider double's access tokens as a resource server would.</summary>
    internal static class AccessTokens
    {
        /// <summary>Signature (the double's key, RS256), issuer (the double's authority and the token's tid), lifetime and audience.</summary>
        public static TokenCheck Check(DoublesState state, string token, IEnumerable<string> audiences)
        {
            var result = new TokenCheck();
            if (string.IsNullOrEmpty(token)) { result.Failure = "Access token is empty."; return result; }
            var jwt = Jwt.Parse(token);
            if (jwt == null) { result.Failure = "IDX14100: JWT is not well formed, there are no dots (.)."; return result; }
            result.Jwt = jwt;
            if (jwt.Algorithm != "RS256" || !jwt.VerifyWith(state.SigningKey)) { result.Failure = "Access token validation failure. Invalid signature."; return result; }
            var tid = jwt.Claim("tid");
            if (tid == null || jwt.Claim("iss") != $"{state.AuthorityHost}/{tid}/v2.0" || state.FindTenant(tid) == null)
            {
                result.Failure = "Access token validation failure. Invalid issuer."; return result;
            }
            var now = Jwt.Now;
            var exp = jwt.NumericClaim("exp");
            var nbf = jwt.NumericClaim("nbf");
            if (exp == null || exp <= now || (nbf != null && nbf > now + 300)) { result.Failure = "Lifetime validation failed, the token is expired."; return result; }
            var aud = jwt.Claim("aud")?.TrimEnd('/');
            if (aud == null || !audiences.Any(a => string.Equals(a.TrimEnd('/'), aud, StringComparison.OrdinalIgnoreCase)))
            {
                result.Failure = "Access token validation failure. Invalid audience."; return result;
            }
            result.TenantId = tid;
            result.ClientId = jwt.Claim("appid") ?? jwt.Claim("azp");
            result.ObjectId = jwt.Claim("oid");
            if (jwt.Payload["roles"] is JsonArray roles) result.Roles = roles.Select(r => r?.GetValue<string>()).Where(r => r != null).ToList();
            var scp = jwt.Claim("scp");
            result.IsApp = scp == null;
            if (scp != null) result.Scopes = scp.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            result.UserPrincipalName = jwt.Claim("upn") ?? jwt.Claim("preferred_username");
            return result;
        }
    }
}
