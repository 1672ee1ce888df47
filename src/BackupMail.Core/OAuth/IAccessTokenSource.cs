using System;
using System.Security;
using System.Threading;
using BackupMail.Accounts;

namespace BackupMail.OAuth
{
    /// <summary>
    /// Gets OAuth 2.0 access tokens for accounts whose <see cref="MailAccount.Authentication"/> is OAuthApp or OAuthUser,
    /// from the token cache in the vault while they are valid, else from the identity provider; never prompts.
    /// </summary>
    public interface IAccessTokenSource
    {
        /// <summary>An access token for <paramref name="account"/> and <paramref name="audience"/>.</summary>
        /// <param name="account">An OAuth account.</param>
        /// <param name="audience">What the token is for.</param>
        /// <param name="forceRefresh">True after the service refused the cached token: drop it and ask the identity provider.</param>
        /// <param name="cancellationToken">Cancels the request.</param>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException">
        /// <c>OAuthTokenFailed</c> (the identity provider refused; the AADSTS code and its fix), <c>OAuthSignInRequired</c> (an
        /// OAuthUser account without a usable refresh token), <c>OAuthProviderUnreachable</c> (transient), secret errors.
        /// </exception>
        AccessToken GetToken(MailAccount account, TokenAudience audience, bool forceRefresh, CancellationToken cancellationToken);

        /// <summary>
        /// Signs an OAuthUser account in with the device code flow: <paramref name="showPrompt"/> receives the address and code,
        /// then the call waits until the user has signed in (or the code expires), and keeps the refresh token in the vault.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException"><c>OAuthTokenFailed</c>, <c>OAuthSignInRequired</c> (declined or expired code), secret errors.</exception>
        AccessToken SignInWithDeviceCode(MailAccount account, Action<DeviceCodePrompt> showPrompt, CancellationToken cancellationToken);

        /// <summary>
        /// Signs an OAuthUser account in with a refresh token obtained elsewhere: redeems it once (checking it works) and keeps
        /// the resulting refresh token in the vault.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="BackupMailException"><c>OAuthTokenFailed</c>, <c>OAuthSignInRequired</c> (the refresh token is not valid), secret errors.</exception>
        AccessToken SignInWithRefreshToken(MailAccount account, SecureString refreshToken, CancellationToken cancellationToken);

        /// <summary>Removes the account's cached tokens (and refresh token) from the vault; nothing when there are none.</summary>
        /// <exception cref="BackupMailException">Secret errors.</exception>
        void Forget(MailAccount account);
    }
}
