using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Accounts;
using Microsoft.Identity.Client;

namespace BackupMail.OAuth
{
    /// <summary>
    /// The only class that touches MSAL (Microsoft.Identity.Client): built only when a token must really come from
    /// Microsoft Entra ID, so that a token served from the cache never loads MSAL. Keeps MSAL's serialized user token cache
    /// in <see cref="Cache"/>, and turns MSAL's exceptions into <see cref="BackupMailException"/>s.
    /// </summary>
    internal sealed class MsalTokenClient : IDisposable
    {
        private static readonly HashSet<string> DeviceCodeEndings = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "authorization_declined", "expired_token", "code_expired", "access_denied", "bad_verification_code",
        };

        private static readonly HashSet<string> NetworkErrors = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            MsalError.RequestTimeout, MsalError.ServiceNotAvailable, "network_not_available",
        };

        private readonly TokenRequest _request;
        private readonly HttpClient _http;
        private readonly string?[] _secrets;
        private readonly IConfidentialClientApplication? _confidential;
        private readonly IPublicClientApplication? _public;

        /// <summary>
        /// A confidential client (OAuthApp) that proves itself with <paramref name="clientSecret"/> or <paramref name="certificate"/>.
        /// MSAL's application cache is not kept (the caller keeps the tokens), so this client's <see cref="Cache"/> stays null.
        /// </summary>
        internal MsalTokenClient(TokenRequest request, string? clientSecret, X509Certificate2? certificate, TimeSpan timeout)
        {
            _request = request;
            _secrets = new[] { clientSecret };
            _http = new HttpClient { Timeout = timeout };
            var builder = Configure(ConfidentialClientApplicationBuilder.Create(request.Account.ClientId));
            _confidential = (certificate != null ? builder.WithCertificate(certificate) : builder.WithClientSecret(clientSecret)).Build();
        }

        /// <summary>A public client (OAuthUser with Microsoft Entra ID), over MSAL's serialized user token cache <paramref name="cache"/>.</summary>
        internal MsalTokenClient(TokenRequest request, byte[]? cache, TimeSpan timeout, params string?[] secrets)
        {
            _request = request;
            Cache = cache;
            _secrets = secrets;
            _http = new HttpClient { Timeout = timeout };
            _public = Configure(PublicClientApplicationBuilder.Create(request.Account.ClientId)).Build();
            _public.UserTokenCache.SetBeforeAccess(BeforeAccess);
            _public.UserTokenCache.SetAfterAccess(AfterAccess);
        }

        /// <summary>MSAL's serialized user token cache (MsalV3) as it is now (public client only).</summary>
        internal byte[]? Cache { get; private set; }

        // Each constructor makes one of the two applications, and each Acquire method belongs to one kind of client.
        private IConfidentialClientApplication Confidential => _confidential ?? throw new InvalidOperationException("Not a confidential client.");

        private IPublicClientApplication Public => _public ?? throw new InvalidOperationException("Not a public client.");

        /// <summary>True once MSAL changed its cache.</summary>
        internal bool CacheChanged { get; private set; }

        private MailAccount Account => _request.Account;

        /// <summary>OAuthApp: client credentials.</summary>
        internal Task<IssuedToken> AcquireForClientAsync(bool forceRefresh, CancellationToken cancellationToken) =>
            Execute(() => Confidential.AcquireTokenForClient(_request.Scopes).WithForceRefresh(forceRefresh).ExecuteAsync(cancellationToken), false);

        /// <summary>OAuthUser: a token from MSAL's cache or its refresh token, for the account signed in (matched by ID, else user name).</summary>
        internal async Task<IssuedToken> AcquireSilentAsync(string? accountId, bool forceRefresh, CancellationToken cancellationToken)
        {
            var accounts = (await Public.GetAccountsAsync().ConfigureAwait(false)).ToList();
            var account =
                accounts.FirstOrDefault(a => !string.IsNullOrEmpty(accountId) && string.Equals(a.HomeAccountId?.Identifier, accountId, StringComparison.OrdinalIgnoreCase))
                ?? accounts.FirstOrDefault(a => !string.IsNullOrEmpty(Account.UserName) && string.Equals(a.Username, Account.UserName, StringComparison.OrdinalIgnoreCase))
                ?? (string.IsNullOrEmpty(Account.UserName) && accounts.Count == 1 ? accounts[0] : null);
            if (account == null)
            {
                throw OAuthErrors.NotSignedIn(Account);
            }

            return await Execute(() => Public.AcquireTokenSilent(_request.Scopes, account).WithForceRefresh(forceRefresh).ExecuteAsync(cancellationToken), true)
                .ConfigureAwait(false);
        }

        /// <summary>OAuthUser: the device code flow; <paramref name="showPrompt"/> gets the code.</summary>
        internal Task<IssuedToken> AcquireWithDeviceCodeAsync(Action<DeviceCodePrompt> showPrompt, CancellationToken cancellationToken) =>
            Execute(
                () => Public.AcquireTokenWithDeviceCode(_request.Scopes, result =>
                {
                    showPrompt(new DeviceCodePrompt(result.UserCode, result.VerificationUrl, result.ExpiresOn, result.Message));
                    return Task.CompletedTask;
                }).ExecuteAsync(cancellationToken),
                true,
                deviceCode: true);

        /// <summary>OAuthUser: redeems a refresh token obtained elsewhere.</summary>
        internal Task<IssuedToken> AcquireByRefreshTokenAsync(string refreshToken, CancellationToken cancellationToken) =>
            Execute(() => ((IByRefreshToken)Public).AcquireTokenByRefreshToken(_request.Scopes, refreshToken).ExecuteAsync(cancellationToken), true);

        public void Dispose() => _http.Dispose();

        /// <summary>What both kinds of client share: the account's authority, and every request through <see cref="_http"/>.</summary>
        private T Configure<T>(T builder)
            where T : AbstractApplicationBuilder<T>
        {
            builder = builder
                .WithAuthority(_request.Authority, _request.IsWellKnownAuthority)
                .WithHttpClientFactory(new MsalHttpClientFactory(_http), false);
            return _request.IsWellKnownAuthority ? builder : builder.WithInstanceDiscovery(false);
        }

        private async Task<IssuedToken> Execute(Func<Task<AuthenticationResult>> call, bool userFlow, bool deviceCode = false)
        {
            AuthenticationResult result;
            try
            {
                result = await call().ConfigureAwait(false);
            }
            catch (MsalException e) when (deviceCode && DeviceCodeEndings.Contains(e.ErrorCode ?? string.Empty))
            {
                throw OAuthErrors.DeviceCodeNotCompleted(Account, e.ErrorCode, Description(e), e);
            }
            catch (MsalUiRequiredException e) when (userFlow)
            {
                throw OAuthErrors.SignInRequired(Account, e.ErrorCode, Description(e), e, _secrets);
            }
            catch (MsalServiceException e) when (e.StatusCode >= 500 || e.StatusCode == 429)
            {
                throw OAuthErrors.ServerError(Account, _request.ProviderDisplay, e.StatusCode, e);
            }
            catch (MsalException e) when (NetworkErrors.Contains(e.ErrorCode ?? string.Empty) || NetworkCause(e) != null)
            {
                throw OAuthErrors.Unreachable(Account, _request.ProviderDisplay, Describe(NetworkCause(e) ?? e), e, _secrets);
            }
            catch (MsalServiceException e) when (userFlow && string.Equals(e.ErrorCode, "invalid_grant", StringComparison.Ordinal))
            {
                throw OAuthErrors.SignInRequired(Account, e.ErrorCode, Description(e), e, _secrets);
            }
            catch (MsalException e)
            {
                throw OAuthErrors.TokenFailed(Account, e.ErrorCode, Description(e), e, _secrets);
            }
            catch (HttpRequestException e)
            {
                throw OAuthErrors.Unreachable(Account, _request.ProviderDisplay, Describe(e), e, _secrets);
            }

            return new IssuedToken(result.AccessToken, result.ExpiresOn, null, result.Account?.HomeAccountId?.Identifier);
        }

        /// <summary>The provider's <c>error_description</c> when its answer has one, else MSAL's message.</summary>
        private static string Description(MsalException e)
        {
            if (e is MsalServiceException service && !string.IsNullOrEmpty(service.ResponseBody))
            {
                try
                {
                    using (var document = JsonDocument.Parse(service.ResponseBody))
                    {
                        var description = OAuthJson.String(document.RootElement, "error_description");
                        if (description != null)
                        {
                            return description;
                        }
                    }
                }
                catch (JsonException)
                {
                }
            }

            return e.Message;
        }

        private static Exception? NetworkCause(Exception e)
        {
            for (var current = e.InnerException; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException || current is System.Net.Sockets.SocketException || current is System.IO.IOException
                    || current is System.Security.Authentication.AuthenticationException)
                {
                    return current;
                }
            }

            return null;
        }

        private static string Describe(Exception e)
        {
            var deepest = Delivery.FailureCause.Innermost(e);
            return ReferenceEquals(deepest, e) ? e.Message : e.Message + " (" + deepest.Message + ")";
        }

        private void BeforeAccess(TokenCacheNotificationArgs args)
        {
            if (Cache == null || Cache.Length == 0)
            {
                return;
            }

            try
            {
                args.TokenCache.DeserializeMsalV3(Cache, true);
            }
            catch (MsalClientException)
            {
                // A damaged MSAL cache is an empty one: the next sign-in or token replaces it.
                Cache = null;
            }
        }

        private void AfterAccess(TokenCacheNotificationArgs args)
        {
            if (args.HasStateChanged)
            {
                Cache = args.TokenCache.SerializeMsalV3();
                CacheChanged = true;
            }
        }
    }
}
