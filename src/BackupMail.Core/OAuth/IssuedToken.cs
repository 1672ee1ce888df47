using System;

namespace BackupMail.OAuth
{
    /// <summary>What the identity provider answered to a token request, without MSAL types.</summary>
    internal sealed class IssuedToken
    {
        internal IssuedToken(string accessToken, DateTimeOffset expiresOn, string? refreshToken, string? accountId)
        {
            AccessToken = accessToken;
            ExpiresOn = expiresOn;
            RefreshToken = refreshToken;
            AccountId = accountId;
        }

        internal string AccessToken { get; }

        internal DateTimeOffset ExpiresOn { get; }

        /// <summary>A provider other than Microsoft Entra: the (possibly rotated) refresh token, or null when it sent none.</summary>
        internal string? RefreshToken { get; }

        /// <summary>MSAL user flows: the signed-in account's home account ID.</summary>
        internal string? AccountId { get; }

        /// <summary>A description without the token.</summary>
        public override string ToString() => "IssuedToken (expires " + ExpiresOn.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
