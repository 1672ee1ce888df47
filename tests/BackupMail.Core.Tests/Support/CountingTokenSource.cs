using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;

namespace BackupMail.Tests.Support
{
    /// <summary>
    /// An <see cref="IAccessTokenSource"/> for transport tests that are about what a transport does with a token, not
    /// how it is obtained: it hands out the tokens it is given, in order, and records each request.
    /// </summary>
    public sealed class CountingTokenSource : IAccessTokenSource
    {
        private readonly Queue<AccessToken> _tokens = new Queue<AccessToken>();

        /// <summary>Creates a source that hands out <paramref name="tokens"/>, then repeats the last one.</summary>
        public CountingTokenSource(params AccessToken[] tokens)
        {
            foreach (var token in tokens)
            {
                _tokens.Enqueue(token);
            }
        }

        /// <summary>What each call asked for: (audience, forceRefresh).</summary>
        public List<(TokenAudience Audience, bool ForceRefresh)> Requests { get; } = new List<(TokenAudience, bool)>();

        /// <summary>A JWT-shaped token whose text is <paramref name="marker"/> (so tests can look for it anywhere it must not be).</summary>
        public static AccessToken Token(string marker, bool fromCache, params string[] roles) =>
            new AccessToken(marker, DateTimeOffset.UtcNow.AddHours(1), roles, Array.Empty<string>(), fromCache);

        /// <inheritdoc/>
        public AccessToken GetToken(MailAccount account, TokenAudience audience, bool forceRefresh, CancellationToken cancellationToken)
        {
            Requests.Add((audience, forceRefresh));
            return _tokens.Count > 1 ? _tokens.Dequeue() : _tokens.Peek();
        }

        /// <inheritdoc/>
        public AccessToken SignInWithDeviceCode(MailAccount account, Action<DeviceCodePrompt> showPrompt, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        /// <inheritdoc/>
        public AccessToken SignInWithRefreshToken(MailAccount account, SecureString refreshToken, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        /// <inheritdoc/>
        public void Forget(MailAccount account)
        {
        }
    }
}
