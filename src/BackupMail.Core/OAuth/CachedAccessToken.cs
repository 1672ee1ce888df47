using System;
using System.Collections.Generic;

namespace BackupMail.OAuth
{
    /// <summary>One access token kept in the token cache envelope, with the account settings it was issued for.</summary>
    internal sealed class CachedAccessToken
    {
        internal CachedAccessToken(string? settings, string value, DateTimeOffset expiresOn, IReadOnlyList<string> roles, IReadOnlyList<string> scopes)
        {
            Settings = settings;
            Value = value;
            ExpiresOn = expiresOn;
            Roles = roles ?? Array.Empty<string>();
            Scopes = scopes ?? Array.Empty<string>();
        }

        /// <summary>The account settings the token was issued for (see <see cref="TokenRequest.SettingsKey"/>); a token for other settings is not used.</summary>
        internal string? Settings { get; }

        /// <summary>The bearer token.</summary>
        internal string Value { get; }

        internal DateTimeOffset ExpiresOn { get; }

        internal IReadOnlyList<string> Roles { get; }

        internal IReadOnlyList<string> Scopes { get; }

        /// <summary>True when the token is still good at <paramref name="now"/> plus <paramref name="margin"/>.</summary>
        internal bool IsValidFor(DateTimeOffset now, TimeSpan margin) => ExpiresOn - now > margin;

        internal AccessToken ToAccessToken(bool fromCache) => new AccessToken(Value, ExpiresOn, Roles, Scopes, fromCache);

        internal static CachedAccessToken From(string settings, AccessToken token) =>
            new CachedAccessToken(settings, token.Value, token.ExpiresOn, token.Roles, token.Scopes);

        /// <summary>A description without the token.</summary>
        public override string ToString() => "CachedAccessToken (expires " + ExpiresOn.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
