using System;

namespace BackupMail.OAuth
{
    /// <summary>What <c>Connect-BackupMailAccount</c> reports after a sign-in: never a token.</summary>
    public sealed class OAuthSignInResult
    {
        /// <summary>The account's name.</summary>
        public string? Account { get; set; }

        /// <summary>How it signed in: DeviceCode or RefreshToken.</summary>
        public string? Method { get; set; }

        /// <summary>When the access token obtained expires (later runs renew it silently with the refresh token).</summary>
        public DateTimeOffset ExpiresOn { get; set; }

        /// <summary>The delegated permissions granted (the token's scopes).</summary>
        public string[]? Scopes { get; set; }

        /// <summary>The vault secret that now keeps the refresh token.</summary>
        public string? TokenSecretName { get; set; }
    }
}
