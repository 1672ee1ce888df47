using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;

namespace BackupMail.Tests.Support
{
    /// <summary>
    /// An <see cref="IAccessTokenSource"/> for transport tests (Graph, SMTP XOAUTH2): hands out the tokens <see cref="Issue"/> makes, and
    /// records every call (its audience and whether a refresh was forced).
    /// </summary>
    internal sealed class FakeTokenSource : IAccessTokenSource
    {
        private readonly object _gate = new object();
        private readonly List<(TokenAudience Audience, bool ForceRefresh)> _calls = new List<(TokenAudience, bool)>();
        private readonly List<string> _issued = new List<string>();

        /// <param name="issue">Makes the token for the n-th call (0-based) and whether it was forced.</param>
        public FakeTokenSource(Func<int, bool, string> issue) => Issue = issue;

        public Func<int, bool, string> Issue { get; }

        public IReadOnlyList<string> Roles { get; set; } = new[] { "Mail.Send" };

        public IReadOnlyList<string> Scopes { get; set; } = Array.Empty<string>();

        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Thrown by the next GetToken instead of a token, when set.</summary>
        public Exception Failure { get; set; }

        public IReadOnlyList<(TokenAudience Audience, bool ForceRefresh)> Calls { get { lock (_gate) { return _calls.ToArray(); } } }

        /// <summary>Every token value handed out: none may appear in any output or message.</summary>
        public IReadOnlyList<string> Issued { get { lock (_gate) { return _issued.ToArray(); } } }

        public AccessToken GetToken(MailAccount account, TokenAudience audience, bool forceRefresh, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n;
            lock (_gate)
            {
                n = _calls.Count;
                _calls.Add((audience, forceRefresh));
            }

            if (Failure != null) throw Failure;
            var value = Issue(n, forceRefresh);
            lock (_gate) { _issued.Add(value); }
            return new AccessToken(value, DateTimeOffset.UtcNow + Lifetime, Roles, Scopes, fromCache: n == 0 && !forceRefresh);
        }

        public AccessToken SignInWithDeviceCode(MailAccount account, Action<DeviceCodePrompt> showPrompt, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public AccessToken SignInWithRefreshToken(MailAccount account, SecureString refreshToken, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public void Forget(MailAccount account)
        {
        }
    }
}
