using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.Resources;

namespace BackupMail.OAuth
{
    /// <summary>
    /// Gets OAuth 2.0 access tokens for OAuthApp and OAuthUser accounts. A token still valid for more than five minutes
    /// comes from the token cache in the vault (secret <see cref="MailAccount.TokenSecretName"/>), shared by every process
    /// that uses the account, without loading MSAL; otherwise from Microsoft Entra ID through MSAL (client credentials with
    /// a secret or certificate; a signed-in user's refresh token), or from another provider's token endpoint with the
    /// refresh token grant of RFC 6749. Never prompts: the device code sign-in is the only interactive flow.
    /// </summary>
    public sealed class OAuthTokenService : IAccessTokenSource
    {
        /// <summary>A cached token is used while it is valid for more than this.</summary>
        internal static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(5);

        private readonly ICredentialSource _credentials;
        private readonly IOutputWriter _output;
        private readonly TokenCacheStore _store;
        private int _msalClientsCreated;

        /// <summary>Creates the service over a vault.</summary>
        /// <param name="credentials">Where client secrets, certificates and the token cache live.</param>
        /// <param name="output">Receives verbose lines and warnings (never a secret or token); null for none.</param>
        /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
        public OAuthTokenService(ICredentialSource credentials, IOutputWriter output)
        {
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _output = output ?? NullOutputWriter.Instance;
            _store = new TokenCacheStore(_credentials, _output);
        }

        /// <summary>The current time (tests move it).</summary>
        internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>How many MSAL clients this service has built: zero while every token came from the cache.</summary>
        internal int MsalClientsCreated => Volatile.Read(ref _msalClientsCreated);

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="account"/> does not use OAuth.</exception>
        public AccessToken GetToken(MailAccount account, TokenAudience audience, bool forceRefresh, CancellationToken cancellationToken)
        {
            var request = TokenRequest.For(account, audience);
            var envelope = _store.Read(account, out var stored);
            var key = audience.ToString();
            if (envelope.Tokens.TryGetValue(key, out var cached))
            {
                if (!forceRefresh && string.Equals(cached.Settings, request.SettingsKey, StringComparison.Ordinal) && cached.IsValidFor(Clock(), RenewalMargin))
                {
                    _output.WriteVerbose(OAuthStrings.Format("VerboseCachedToken", account.Name, audience, Time(cached.ExpiresOn)));
                    return cached.ToAccessToken(true);
                }

                envelope.Tokens.Remove(key);
            }

            IssuedToken issued;
            if (account.Authentication == MailAuthentication.OAuthApp)
            {
                issued = AcquireForApplication(request, envelope, forceRefresh, cancellationToken);
            }
            else if (request.IsGenericProvider)
            {
                if (Strings.IsNullOrEmpty(envelope.RefreshToken))
                {
                    throw OAuthErrors.NotSignedIn(account);
                }

                issued = RedeemRefreshToken(request, envelope.RefreshToken, cancellationToken);
                envelope.RefreshToken = issued.RefreshToken;
            }
            else
            {
                if (envelope.MsalCache == null || envelope.MsalCache.Length == 0)
                {
                    throw OAuthErrors.NotSignedIn(account);
                }

                issued = AcquireSilent(request, envelope, forceRefresh, cancellationToken);
            }

            return Keep(request, envelope, stored, issued);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="account"/> or <paramref name="showPrompt"/> is null.</exception>
        public AccessToken SignInWithDeviceCode(MailAccount account, Action<DeviceCodePrompt> showPrompt, CancellationToken cancellationToken)
        {
            if (showPrompt == null)
            {
                throw new ArgumentNullException(nameof(showPrompt));
            }

            var request = UserRequest(account);
            if (request.IsGenericProvider)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument,
                    OAuthStrings.Format("DeviceCodeNeedsEntra", account.Name, account.TokenEndpoint), account.Name)
                {
                    Recovery = ErrorRecovery.Administrator,
                };
            }

            _store.Read(account, out var stored);
            var envelope = new TokenCacheEnvelope();
            var issued = SignInWithDeviceCode(request, envelope, prompt =>
            {
                _output.WriteVerbose(OAuthStrings.Format("VerboseDeviceCode", account.Name, prompt.VerificationUri, Time(prompt.ExpiresOn)));
                showPrompt(prompt);
            }, cancellationToken);
            return Keep(request, envelope, stored, issued);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="account"/> or <paramref name="refreshToken"/> is null.</exception>
        public AccessToken SignInWithRefreshToken(MailAccount account, SecureString refreshToken, CancellationToken cancellationToken)
        {
            if (refreshToken == null)
            {
                throw new ArgumentNullException(nameof(refreshToken));
            }

            var request = UserRequest(account);
            var token = new NetworkCredential(string.Empty, refreshToken).Password;
            if (string.IsNullOrWhiteSpace(token))
            {
                throw OAuthErrors.NotSignedIn(account);
            }

            _store.Read(account, out var stored);
            var envelope = new TokenCacheEnvelope();
            IssuedToken issued;
            if (request.IsGenericProvider)
            {
                issued = RedeemRefreshToken(request, token.Trim(), cancellationToken);
                envelope.RefreshToken = issued.RefreshToken;
            }
            else
            {
                issued = RedeemWithMsal(request, envelope, token.Trim(), cancellationToken);
            }

            return Keep(request, envelope, stored, issued);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        public void Forget(MailAccount account)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            if (string.IsNullOrEmpty(account.TokenSecretName))
            {
                return;
            }

            _store.Remove(account);
            _output.WriteVerbose(OAuthStrings.Format("VerboseForgotten", account.Name, account.TokenSecretName));
        }

        private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);

        private static TimeSpan Timeout(MailAccount account) => TimeSpan.FromSeconds(account.TimeoutSeconds > 0 ? account.TimeoutSeconds : 30);

        private static TokenRequest UserRequest(MailAccount account)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            if (account.Authentication != MailAuthentication.OAuthUser)
            {
                throw new BackupMailException(
                    ErrorIds.AccountNotOAuthUser, BackupMailErrorKind.InvalidArgument,
                    OAuthStrings.Format("NotOAuthUser", account.Name, account.Authentication), account.Name);
            }

            return TokenRequest.For(account, TokenRequest.AudienceOf(account));
        }

        /// <summary>Describes <paramref name="issued"/> as an <see cref="AccessToken"/>, keeps it in the envelope and stores the envelope if it changed.</summary>
        private AccessToken Keep(TokenRequest request, TokenCacheEnvelope envelope, string? stored, IssuedToken issued)
        {
            var claims = AccessTokenClaims.Read(issued.AccessToken);
            var token = new AccessToken(issued.AccessToken, issued.ExpiresOn, claims.Roles, claims.Scopes, false);
            envelope.Tokens[request.Audience.ToString()] = CachedAccessToken.From(request.SettingsKey, token);
            if (!string.IsNullOrEmpty(issued.AccountId))
            {
                envelope.MsalAccount = issued.AccountId;
            }

            var permissions = claims.Roles.Concat(claims.Scopes).ToArray();
            _output.WriteVerbose(OAuthStrings.Format(
                "VerboseReceivedToken", request.Account.Name, request.Audience, Time(token.ExpiresOn),
                permissions.Length == 0 ? OAuthStrings.Get("VerboseNoPermissions") : string.Join(", ", permissions)));
            _store.Write(request.Account, envelope, stored);
            return token;
        }

        private void Asking(TokenRequest request) =>
            _output.WriteVerbose(OAuthStrings.Format("VerboseRequestingToken", request.Account.Name, request.ProviderDisplay, request.Audience));

        private IssuedToken RedeemRefreshToken(TokenRequest request, string refreshToken, CancellationToken cancellationToken)
        {
            var account = request.Account;
            var clientSecret = Strings.IsNullOrEmpty(account.SecretName) ? null : _credentials.Get(account.Vault, account.SecretName)?.Password;
            Asking(request);
            var client = new RefreshTokenGrantClient(request, Timeout(account));
            return ProviderCall.Run(account, request.ProviderDisplay, Timeout(account), cancellationToken,
                token => client.RedeemAsync(refreshToken, clientSecret, null, token));
        }

        // Everything below builds MSAL clients. Each method is kept out of line, so that compiling GetToken never loads MSAL.

        [MethodImpl(MethodImplOptions.NoInlining)]
        private IssuedToken AcquireForApplication(TokenRequest request, TokenCacheEnvelope envelope, bool forceRefresh, CancellationToken cancellationToken)
        {
            var account = request.Account;
            string? secret = null;
            X509Certificate2? certificate = null;

            // TokenRequest.For made sure the account names the secret or certificate its client credential needs.
            switch (account.ClientCredential)
            {
                case OAuthClientCredential.Secret:
                    secret = _credentials.Get(account.Vault, account.SecretName!)?.Password;
                    if (string.IsNullOrEmpty(secret))
                    {
                        throw OAuthErrors.SettingRequired(account, "ClientSecret");
                    }

                    break;
                case OAuthClientCredential.VaultCertificate:
                    certificate = ClientCertificateLoader.FromVault(account, _credentials.Get(account.Vault, account.SecretName!));
                    break;
                default:
                    certificate = ClientCertificateLoader.FromStore(account, account.ClientCertificateThumbprint!, _output);
                    break;
            }

            try
            {
                Asking(request);
                // MSAL's own cache of application tokens holds nothing the envelope's tokens do not (an application has no
                // refresh token), so it is not kept: the envelope every scheduled run reads from the vault stays small.
                envelope.MsalCache = null;
                using (var client = CreateMsalClient(() => new MsalTokenClient(request, secret, certificate, Timeout(account))))
                {
                    return ProviderCall.Run(account, request.ProviderDisplay, Timeout(account), cancellationToken,
                        token => client.AcquireForClientAsync(forceRefresh, token));
                }
            }
            finally
            {
                certificate?.Dispose();
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private IssuedToken AcquireSilent(TokenRequest request, TokenCacheEnvelope envelope, bool forceRefresh, CancellationToken cancellationToken)
        {
            var account = request.Account;
            Asking(request);
            using (var client = CreateMsalClient(() => new MsalTokenClient(request, envelope.MsalCache, Timeout(account))))
            {
                var issued = ProviderCall.Run(account, request.ProviderDisplay, Timeout(account), cancellationToken,
                    token => client.AcquireSilentAsync(envelope.MsalAccount, forceRefresh, token));
                if (client.CacheChanged)
                {
                    envelope.MsalCache = client.Cache;
                }

                return issued;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private IssuedToken SignInWithDeviceCode(TokenRequest request, TokenCacheEnvelope envelope, Action<DeviceCodePrompt> showPrompt, CancellationToken cancellationToken)
        {
            var account = request.Account;
            using (var client = CreateMsalClient(() => new MsalTokenClient(request, null, Timeout(account))))
            {
                // Bounded by the code's own expiry (MSAL stops polling then) and the caller; each request by the account's timeout.
                var issued = ProviderCall.Run(account, request.ProviderDisplay, null, cancellationToken,
                    token => client.AcquireWithDeviceCodeAsync(showPrompt, token));
                envelope.MsalCache = client.Cache;
                return issued;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private IssuedToken RedeemWithMsal(TokenRequest request, TokenCacheEnvelope envelope, string refreshToken, CancellationToken cancellationToken)
        {
            var account = request.Account;
            Asking(request);
            using (var client = CreateMsalClient(() => new MsalTokenClient(request, null, Timeout(account), refreshToken)))
            {
                var issued = ProviderCall.Run(account, request.ProviderDisplay, Timeout(account), cancellationToken,
                    token => client.AcquireByRefreshTokenAsync(refreshToken, token));
                envelope.MsalCache = client.Cache;
                return issued;
            }
        }

        private MsalTokenClient CreateMsalClient(Func<MsalTokenClient> create)
        {
            Interlocked.Increment(ref _msalClientsCreated);
            return create();
        }
    }
}
