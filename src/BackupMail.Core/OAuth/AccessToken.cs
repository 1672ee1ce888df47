using System;
using System.Collections.Generic;

namespace BackupMail.OAuth
{
    /// <summary>
    /// An OAuth 2.0 access token and what is known about it. <see cref="ToString"/> never shows the token itself, so it
    /// cannot reach a log, an error or the output by accident.
    /// </summary>
    public sealed class AccessToken
    {
        /// <summary>Creates a token.</summary>
        /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
        public AccessToken(string value, DateTimeOffset expiresOn, IReadOnlyList<string> roles, IReadOnlyList<string> scopes, bool fromCache)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("An access token cannot be empty.", nameof(value));
            }

            Value = value;
            ExpiresOn = expiresOn;
            Roles = roles ?? Array.Empty<string>();
            Scopes = scopes ?? Array.Empty<string>();
            FromCache = fromCache;
        }

        /// <summary>The bearer token. Goes only into the authentication of a request; never into text anyone reads.</summary>
        public string Value { get; }

        /// <summary>When the token stops being accepted.</summary>
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>The application permissions the token carries (its <c>roles</c> claim), e.g. <c>SMTP.SendAsApp</c>.</summary>
        public IReadOnlyList<string> Roles { get; }

        /// <summary>The delegated permissions the token carries (its <c>scp</c> claim), e.g. <c>SMTP.Send</c>.</summary>
        public IReadOnlyList<string> Scopes { get; }

        /// <summary>What the token may do: its roles for an application, else its scopes for a signed-in user.</summary>
        public IReadOnlyList<string> Permissions => Roles.Count > 0 ? Roles : Scopes;

        /// <summary>True when the token came from the cache, without asking the identity provider.</summary>
        public bool FromCache { get; }

        /// <summary>A description without the token.</summary>
        public override string ToString() => "AccessToken (expires " + ExpiresOn.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
