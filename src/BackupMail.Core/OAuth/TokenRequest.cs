using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using BackupMail.Accounts;

namespace BackupMail.OAuth
{
    /// <summary>
    /// What a token for one account and audience is asked with: the flow, the authority or token endpoint, the scopes and
    /// a key of the settings it depends on. Checks the account's OAuth settings (no MSAL involved).
    /// </summary>
    internal sealed class TokenRequest
    {
        private static readonly HashSet<string> KnownAuthorityHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
            "login.microsoftonline.us", "login.usgovcloudapi.net", "login-us.microsoftonline.com",
            "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
        };

        private TokenRequest(MailAccount account, TokenAudience audience)
        {
            Account = account;
            Audience = audience;
        }

        internal MailAccount Account { get; }

        internal TokenAudience Audience { get; }

        /// <summary>True for OAuthUser with a provider other than Microsoft Entra (<see cref="MailAccount.TokenEndpoint"/>).</summary>
        internal bool IsGenericProvider => Account.Authentication == MailAuthentication.OAuthUser && !string.IsNullOrEmpty(Account.TokenEndpoint);

        /// <summary>The Entra authority, <c>{host}/{tenant}</c>; null for a generic provider.</summary>
        internal string? Authority { get; private set; }

        /// <summary>True when the authority host is one of Microsoft's own: MSAL may validate it (instance discovery).</summary>
        internal bool IsWellKnownAuthority { get; private set; }

        /// <summary>Where the token comes from (the authority or the token endpoint), for messages.</summary>
        internal string ProviderDisplay { get; private set; } = string.Empty;

        /// <summary>The scopes asked for.</summary>
        internal string[] Scopes { get; private set; } = Array.Empty<string>();

        /// <summary>The account settings a cached token depends on (no secret in it); a token cached for other settings is not used.</summary>
        internal string SettingsKey { get; private set; } = string.Empty;

        /// <summary>A checked request for <paramref name="account"/> and <paramref name="audience"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="account"/> does not use OAuth.</exception>
        /// <exception cref="BackupMailException"><c>OAuthSettingRequired</c>, <c>InvalidOAuthSetting</c>.</exception>
        internal static TokenRequest For(MailAccount account, TokenAudience audience)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            if (!account.UsesOAuth)
            {
                throw new ArgumentException("The account does not use OAuth.", nameof(account));
            }

            var request = new TokenRequest(account, audience);
            Require(account, "ClientId", account.ClientId);
            Require(account, "TokenSecretName", account.TokenSecretName);
            if (account.Authentication == MailAuthentication.OAuthApp)
            {
                Require(account, "TenantId", account.TenantId);
                switch (account.ClientCredential)
                {
                    case OAuthClientCredential.Secret:
                        Require(account, "ClientSecret", account.SecretName);
                        break;
                    case OAuthClientCredential.VaultCertificate:
                        Require(account, "ClientCertificate", account.SecretName);
                        break;
                    case OAuthClientCredential.StoreCertificate:
                        Require(account, "ClientCertificateThumbprint", account.ClientCertificateThumbprint);
                        break;
                    default:
                        throw OAuthErrors.SettingRequired(account, "ClientSecret");
                }
            }

            if (request.IsGenericProvider)
            {
                CheckHttps(account, "TokenEndpoint", account.TokenEndpoint);
                request.ProviderDisplay = account.TokenEndpoint;
                request.Scopes = Array.Empty<string>();
            }
            else
            {
                var host = CheckHttps(account, "AuthorityHost", account.EffectiveAuthorityHost);
                var tenant = string.IsNullOrEmpty(account.TenantId) ? "organizations" : account.TenantId;
                request.Authority = request.ProviderDisplay = account.EffectiveAuthorityHost.TrimEnd('/') + "/" + tenant;
                request.IsWellKnownAuthority = KnownAuthorityHosts.Contains(host.Host) && host.IsDefaultPort;
                request.Scopes = ScopesFor(account, audience);
            }

            request.SettingsKey = string.Join("|", account.Authentication, request.ProviderDisplay, account.ClientId,
                account.ClientCredential, account.ClientCertificateThumbprint, account.UserName, string.Join(" ", request.Scopes));
            return request;
        }

        /// <summary>The scopes of a token for <paramref name="audience"/>.</summary>
        internal static string[] ScopesFor(MailAccount account, TokenAudience audience)
        {
            var cloud = CloudEndpoints.For(account.Cloud);
            if (account.Authentication == MailAuthentication.OAuthApp)
            {
                return audience == TokenAudience.Graph
                    ? new[] { account.EffectiveGraphEndpoint.TrimEnd('/') + "/.default" }
                    : new[] { cloud.SmtpAppResource.TrimEnd('/') + "/.default" };
            }

            return audience == TokenAudience.Graph
                ? new[] { account.EffectiveGraphEndpoint.TrimEnd('/') + "/Mail.Send", "offline_access" }
                : new[] { cloud.SmtpUserResource.TrimEnd('/') + "/SMTP.Send", "offline_access" };
        }

        /// <summary>The audience a user signs in for: the one the account's transport sends with.</summary>
        internal static TokenAudience AudienceOf(MailAccount account) =>
            account.Transport == MailTransportKind.Graph ? TokenAudience.Graph : TokenAudience.Smtp;

        private static void Require(MailAccount account, string setting, [NotNull] string? value)
        {
            if (Strings.IsNullOrWhiteSpace(value))
            {
                throw OAuthErrors.SettingRequired(account, setting);
            }
        }

        private static Uri CheckHttps(MailAccount account, string setting, [NotNull] string? value)
        {
            if (value == null || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw OAuthErrors.InvalidSetting(account, setting, value);
            }

            return uri;
        }
    }
}
