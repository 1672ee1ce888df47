using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// The access token a Graph session sends with: asked of the <see cref="IAccessTokenSource"/> once, again shortly
    /// before it expires (a long pipeline outlives a token), and dropped for a fresh one when Graph refuses it.
    /// </summary>
    internal sealed class GraphCredential
    {
        /// <summary>A token this close to its expiry is renewed before a request rather than sent.</summary>
        internal static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(2);

        private readonly IAccessTokenSource _source;
        private readonly MailAccount _account;

        public GraphCredential(IAccessTokenSource source, MailAccount account)
        {
            _source = source;
            _account = account;
        }

        /// <summary>The token last received; null before the first.</summary>
        public AccessToken? Token { get; private set; }

        /// <summary>The current time (replaceable in tests).</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>A token to send: the one held while it is not about to expire, else a new one from the source.</summary>
        public AccessToken Get(CancellationToken cancellationToken)
        {
            if (Token == null || Token.ExpiresOn - Clock() < RenewBefore)
            {
                Token = Ask(forceRefresh: false, cancellationToken);
            }

            return Token;
        }

        /// <summary>After Graph refused the token: drops it and asks the identity provider for a new one.</summary>
        public AccessToken Refresh(CancellationToken cancellationToken)
        {
            Token = Ask(forceRefresh: true, cancellationToken);
            return Token;
        }

        /// <summary>What the token may do: its application roles, or (for a user) its delegated scopes.</summary>
        public static IReadOnlyList<string> Permissions(AccessToken? token) =>
            token == null ? Array.Empty<string>() : token.Roles.Count > 0 ? token.Roles : token.Scopes;

        /// <summary>True when the token carries Mail.Send (as a role or a scope).</summary>
        public static bool CanSendMail(AccessToken? token) =>
            token != null && token.Roles.Concat(token.Scopes).Any(p => string.Equals(p, "Mail.Send", StringComparison.OrdinalIgnoreCase));

        private AccessToken Ask(bool forceRefresh, CancellationToken cancellationToken)
        {
            var token = _source.GetToken(_account, TokenAudience.Graph, forceRefresh, cancellationToken);
            if (token == null)
            {
                throw new InvalidOperationException("The access token source returned no token.");
            }

            return token;
        }
    }
}
