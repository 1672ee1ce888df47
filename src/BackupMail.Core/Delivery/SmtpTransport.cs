using System;
using System.Linq;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Resources;

namespace BackupMail.Delivery
{
    /// <summary>
    /// SMTP as an <see cref="IMailTransport"/>: the account's password from its vault (through
    /// <see cref="AccountService.GetCredential"/>), or an OAuth 2.0 token (through <see cref="IAccessTokenSource"/>) for
    /// <c>AUTH XOAUTH2</c>; then <see cref="SmtpConnector"/>.
    /// </summary>
    public sealed class SmtpTransport : IMailTransport
    {
        private readonly AccountService _accounts;
        private readonly SmtpConnector _connector;
        private readonly IAccessTokenSource? _tokens;

        /// <summary>Creates the SMTP transport.</summary>
        /// <param name="accounts">Reads passwords from the vault.</param>
        /// <param name="connector">Opens the SMTP sessions.</param>
        /// <param name="tokens">Gives OAuth 2.0 tokens; null when no account uses OAuth (one that does then fails with <c>OAuthSettingRequired</c>).</param>
        /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or <paramref name="connector"/> is null.</exception>
        public SmtpTransport(AccountService accounts, SmtpConnector connector, IAccessTokenSource? tokens = null)
        {
            _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
            _connector = connector ?? throw new ArgumentNullException(nameof(connector));
            _tokens = tokens;
        }

        /// <inheritdoc/>
        public IMailTransportSession Open(MailAccount account, CancellationToken cancellationToken = default)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            return account.UsesOAuth
                ? OpenWithToken(account, cancellationToken, out _)
                : _connector.Connect(account, _accounts.GetCredential(account), cancellationToken);
        }

        /// <inheritdoc/>
        public AccountTestResult Test(MailAccount account, CancellationToken cancellationToken = default)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            if (!account.UsesOAuth)
            {
                return _connector.Test(account, _accounts.GetCredential(account), cancellationToken);
            }

            var session = OpenWithToken(account, cancellationToken, out var token);
            var result = SmtpConnector.Describe(account, session, OAuthUser(account));
            result.TokenExpiresOn = token.ExpiresOn;
            result.TokenPermissions = token.Permissions.ToArray();
            result.TokenFromCache = token.FromCache;
            return result;
        }

        /// <summary>The user XOAUTH2 authenticates as: the signed-in user, else the sender mailbox.</summary>
        internal static string? OAuthUser(MailAccount account) => !string.IsNullOrEmpty(account.UserName) ? account.UserName : account.From;

        // A cached token the server refuses (revoked, or its permissions changed) is dropped and fetched again, once.
        private SmtpSession OpenWithToken(MailAccount account, CancellationToken cancellationToken, out AccessToken token)
        {
            if (_tokens == null)
            {
                throw new BackupMailException(
                    ErrorIds.OAuthSettingRequired, BackupMailErrorKind.NotSpecified, DeliveryStrings.Format("ErrorNoTokenSource", account.Name), account.Name);
            }

            // AccountService insists on a sender for an OAuth account; a hand-edited config.json may have none.
            var user = OAuthUser(account) ?? throw new BackupMailException(
                ErrorIds.OAuthSettingRequired, BackupMailErrorKind.InvalidArgument,
                ConfigStrings.Format("OAuthSettingMissing", "From", account.Name, account.Authentication), account.Name);
            token = _tokens.GetToken(account, TokenAudience.Smtp, false, cancellationToken);
            try
            {
                return _connector.ConnectWithToken(account, user, token, cancellationToken);
            }
            catch (BackupMailException error) when (error.ErrorId == ErrorIds.SmtpAuthenticationFailed && token.FromCache)
            {
                _connector.Output.WriteVerbose(DeliveryStrings.Get("VerboseTokenRefused"));
                token = _tokens.GetToken(account, TokenAudience.Smtp, true, cancellationToken);
                return _connector.ConnectWithToken(account, user, token, cancellationToken);
            }
        }
    }
}
