using System;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using BackupMail.Resources;

namespace BackupMail.Accounts
{
    /// <summary>
    /// The OAuth half of <see cref="AccountService.Set"/>: which authentication an account uses, its tenant, client,
    /// client credential, cloud and endpoints, checked so that a mistake is refused when it is saved rather than at 3 a.m.
    /// </summary>
    internal static class OAuthAccountSetup
    {
        // Tenants a user sign-in may name instead of a directory: any, work or school only, personal only.
        private static readonly string[] UserTenants = { "common", "organizations", "consumers" };

        /// <summary>The authentication the account ends up with: given, implied by what was given, the provider's, or kept.</summary>
        public static MailAuthentication ChooseAuthentication(MailAccount? existing, AccountSettings settings, MailProvider provider)
        {
            if (settings.Authentication.HasValue)
            {
                return settings.Authentication.Value;
            }

            if (settings.Credential != null)
            {
                return MailAuthentication.Password;
            }

            if (settings.ClientCertificatePfx != null || !string.IsNullOrWhiteSpace(settings.ClientCertificateThumbprint) ||
                (settings.ClientSecret != null && existing?.Authentication != MailAuthentication.OAuthUser))
            {
                return MailAuthentication.OAuthApp;
            }

            var preset = ProviderPreset.For(provider);
            if (settings.Provider.HasValue && preset != null)
            {
                return preset.Authentication;
            }

            if (existing != null)
            {
                return existing.Authentication;
            }

            // A provider recognised from the server's name alone does not switch to OAuth: that is asked for by name.
            return settings.Transport == MailTransportKind.Graph ? MailAuthentication.OAuthApp : MailAuthentication.Password;
        }

        /// <summary>
        /// Fills the OAuth settings of <paramref name="account"/> (whose Authentication, Transport and connection are set) and
        /// returns the client secret or certificate to store in the vault, or null. <paramref name="identityChanged"/> says
        /// whether cached tokens belong to another identity now.
        /// </summary>
        /// <exception cref="BackupMailException"><c>OAuthSettingRequired</c>, <c>InvalidOAuthSetting</c>, <c>OAuthRequiresTls</c>.</exception>
        public static NetworkCredential? Apply(MailAccount? existing, AccountSettings settings, MailAccount account, out bool identityChanged)
        {
            var sameKind = existing != null && existing.Authentication == account.Authentication;
            account.Cloud = settings.Cloud ?? existing?.Cloud ?? MicrosoftCloud.Global;
            account.AuthorityHost = Endpoint("AuthorityHost", settings.AuthorityHost, existing?.AuthorityHost);
            account.GraphEndpoint = Endpoint("GraphEndpoint", settings.GraphEndpoint, existing?.GraphEndpoint);
            account.TokenEndpoint = account.Authentication == MailAuthentication.OAuthUser
                ? Endpoint("TokenEndpoint", settings.TokenEndpoint, existing?.TokenEndpoint)
                : RefuseFor("TokenEndpoint", settings.TokenEndpoint, account);
            account.SaveToSentItems = settings.SaveToSentItems ?? existing?.SaveToSentItems ?? false;
            account.TenantId = Text(settings.TenantId) ?? existing?.TenantId;
            account.ClientId = Text(settings.ClientId) ?? existing?.ClientId;

            if (account.Authentication == MailAuthentication.OAuthUser && account.TenantId == null && account.TokenEndpoint == null)
            {
                // A personal Outlook.com account signs in as a consumer; anyone else may come from any directory.
                account.TenantId = account.Provider == MailProvider.Outlook ? "consumers" : "common";
            }

            Require(account.ClientId, "ClientId", account);
            if (account.TokenEndpoint == null)
            {
                Require(account.TenantId, "TenantId", account);
                CheckTenant(account.TenantId, account.Authentication);
                CheckGuid("ClientId", account.ClientId);
            }

            if (account.Transport == MailTransportKind.Smtp && account.Security == MailSecurity.None)
            {
                // A bearer token is as good as a password for its lifetime: never over a connection that is never encrypted.
                throw new BackupMailException(
                    ErrorIds.OAuthRequiresTls, BackupMailErrorKind.SecurityError, ConfigStrings.Format("OAuthRequiresTls", account.Name), account.Name);
            }

            var secret = ApplyClientCredential(existing, settings, account, sameKind);
            account.TokenSecretName = existing?.TokenSecretName ?? "BackupMail-" + account.Name + "-Token";

            identityChanged = existing == null || !sameKind ||
                !Same(existing.TenantId, account.TenantId) || !Same(existing.ClientId, account.ClientId) ||
                existing.Cloud != account.Cloud || !Same(existing.AuthorityHost, account.AuthorityHost) ||
                !Same(existing.TokenEndpoint, account.TokenEndpoint) || secret != null ||
                existing.ClientCredential != account.ClientCredential ||
                !Same(existing.ClientCertificateThumbprint, account.ClientCertificateThumbprint);
            return secret;
        }

        private static NetworkCredential? ApplyClientCredential(MailAccount? existing, AccountSettings settings, MailAccount account, bool sameKind)
        {
            var kept = sameKind ? existing : null;
            var secretName = !Strings.IsNullOrWhiteSpace(settings.SecretName) ? settings.SecretName.Trim() : existing?.SecretName ?? "BackupMail-" + account.Name;
            var given = (settings.ClientSecret != null ? 1 : 0) + (settings.ClientCertificatePfx != null ? 1 : 0) +
                (!string.IsNullOrWhiteSpace(settings.ClientCertificateThumbprint) ? 1 : 0);
            if (given > 1)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("OAuthOneClientCredential", account.Name), account.Name);
            }

            if (account.Authentication == MailAuthentication.OAuthUser)
            {
                if (settings.ClientCertificatePfx != null || !string.IsNullOrWhiteSpace(settings.ClientCertificateThumbprint))
                {
                    throw new BackupMailException(
                        ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("OAuthUserNoCertificate", account.Name), account.Name);
                }

                // Some providers (Google) want the client secret of an installed app with the refresh token.
                account.ClientCredential = OAuthClientCredential.None;
                account.UserName = existing?.UserName;
                if (settings.ClientSecret != null)
                {
                    account.SecretName = secretName;
                    return new NetworkCredential(account.ClientId, settings.ClientSecret);
                }

                account.SecretName = kept?.SecretName;
                return null;
            }

            account.UserName = existing?.UserName;
            if (settings.ClientSecret != null)
            {
                account.ClientCredential = OAuthClientCredential.Secret;
                account.SecretName = secretName;
                return new NetworkCredential(account.ClientId, settings.ClientSecret);
            }

            if (settings.ClientCertificatePfx != null)
            {
                account.ClientCredential = OAuthClientCredential.VaultCertificate;
                account.SecretName = secretName;
                return new NetworkCredential("pfx", Convert.ToBase64String(settings.ClientCertificatePfx));
            }

            if (!string.IsNullOrWhiteSpace(settings.ClientCertificateThumbprint))
            {
                account.ClientCredential = OAuthClientCredential.StoreCertificate;
                account.ClientCertificateThumbprint = CertificateThumbprint.Normalize(settings.ClientCertificateThumbprint);
                account.SecretName = null;
                return null;
            }

            if (kept != null && kept.ClientCredential != OAuthClientCredential.None)
            {
                account.ClientCredential = kept.ClientCredential;
                account.ClientCertificateThumbprint = kept.ClientCertificateThumbprint;
                account.SecretName = kept.SecretName;
                return null;
            }

            throw new BackupMailException(
                ErrorIds.OAuthSettingRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("OAuthClientCredentialRequired", account.Name), account.Name);
        }

        /// <summary>Refuses OAuth-only settings on a password account (they would be silently ignored).</summary>
        /// <exception cref="BackupMailException"><c>OAuthSettingRequired</c> (Graph without OAuth), <c>InvalidOAuthSetting</c>.</exception>
        public static void RefuseOAuthSettings(AccountSettings settings, MailAccount account)
        {
            if (account.Transport == MailTransportKind.Graph)
            {
                throw new BackupMailException(
                    ErrorIds.OAuthSettingRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("GraphNeedsOAuth", account.Name), account.Name);
            }

            var given = settings.TenantId != null ? "TenantId" : settings.ClientId != null ? "ClientId" : settings.ClientSecret != null ? "ClientSecret"
                : settings.ClientCertificatePfx != null ? "ClientCertificate" : settings.ClientCertificateThumbprint != null ? "ClientCertificateThumbprint"
                : settings.TokenEndpoint != null ? "TokenEndpoint" : null;
            if (given != null)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("OAuthSettingOnPasswordAccount", given, account.Name), account.Name);
            }
        }

        /// <summary>An https address, a setting that goes back to the default when empty, or the stored one when not given.</summary>
        internal static string? Endpoint(string parameter, string? given, string? stored)
        {
            if (given == null)
            {
                return stored;
            }

            if (given.Trim().Length == 0)
            {
                return null;
            }

            var problem = EndpointProblem(given.Trim());
            if (problem != null)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidOAuthEndpoint", parameter, given, problem), given);
            }

            return given.Trim().TrimEnd('/');
        }

        /// <summary>Why <paramref name="value"/> is not an absolute https address without query or fragment; null when it is one.</summary>
        internal static string? EndpointProblem(string value)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                return ConfigStrings.Get("EndpointNotAbsolute");
            }

            if (!string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            {
                // Tokens and client secrets travel to it: never in clear text.
                return ConfigStrings.Get("EndpointNotHttps");
            }

            return uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0 ? ConfigStrings.Get("EndpointHasExtras") : null;
        }

        /// <summary>Why <paramref name="tenant"/> is not a tenant: a GUID, a domain name, or (for a user) common/organizations/consumers.</summary>
        internal static string? TenantProblem(string tenant, MailAuthentication authentication)
        {
            if (Guid.TryParse(tenant, out _))
            {
                return null;
            }

            if (Array.Exists(UserTenants, t => string.Equals(t, tenant, StringComparison.OrdinalIgnoreCase)))
            {
                // An application has no "any tenant": its client credentials belong to one directory.
                return authentication == MailAuthentication.OAuthApp ? ConfigStrings.Format("TenantNotForApp", tenant) : null;
            }

            return tenant.IndexOf('.') > 0 && Uri.CheckHostName(tenant) == UriHostNameType.Dns ? null : ConfigStrings.Get("TenantNotGuidOrDomain");
        }

        private static void CheckTenant(string tenant, MailAuthentication authentication)
        {
            var problem = TenantProblem(tenant, authentication);
            if (problem != null)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidTenantId", tenant, problem), tenant);
            }
        }

        private static void CheckGuid(string parameter, string value)
        {
            if (!Guid.TryParse(value, out _))
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidClientId", parameter, value), value);
            }
        }

        private static void Require([NotNull] string? value, string parameter, MailAccount account)
        {
            if (Strings.IsNullOrEmpty(value))
            {
                throw new BackupMailException(
                    ErrorIds.OAuthSettingRequired, BackupMailErrorKind.InvalidArgument,
                    ConfigStrings.Format("OAuthSettingMissing", parameter, account.Name, account.Authentication), account.Name);
            }
        }

        private static string? RefuseFor(string parameter, string? given, MailAccount account)
        {
            if (!string.IsNullOrWhiteSpace(given))
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("OAuthSettingNotFor", parameter, account.Name, account.Authentication), given);
            }

            return null;
        }

        private static string? Text(string? value) => Strings.IsNullOrWhiteSpace(value) ? null : value.Trim();

        private static bool Same(string? a, string? b) => string.Equals(a ?? string.Empty, b ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }
}
