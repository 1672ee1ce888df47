using System;
using System.Collections.Generic;
using System.Net;
using BackupMail.Accounts;

namespace BackupMail.Tests.Accounts
{
    /// <summary>A vault in a dictionary, failing the way the SecretManagement-backed source is documented to.</summary>
    internal sealed class InMemoryCredentialSource : ICredentialSource
    {
        private readonly Dictionary<string, NetworkCredential> _secrets = new Dictionary<string, NetworkCredential>(StringComparer.OrdinalIgnoreCase);

        public int SetCalls { get; private set; }

        public int RemoveCalls { get; private set; }

        /// <summary>When set, every call throws it (a locked vault, say).</summary>
        public BackupMailException Failure { get; set; }

        public IReadOnlyCollection<string> Keys => _secrets.Keys;

        public static string Key(string vault, string secretName) => (vault ?? "<default>") + "/" + secretName;

        public NetworkCredential Get(string vault, string secretName)
        {
            ThrowIfFailing();
            if (_secrets.TryGetValue(Key(vault, secretName), out var credential))
            {
                return new NetworkCredential(credential.UserName, credential.Password);
            }

            throw new BackupMailException("SecretNotFound", BackupMailErrorKind.ObjectNotFound, $"Get-Secret: secret {secretName} was not found.", secretName)
            {
                Recovery = ErrorRecovery.Administrator, // as the SecretManagement source classifies it
            };
        }

        public void Set(string vault, string secretName, NetworkCredential credential)
        {
            ThrowIfFailing();
            SetCalls++;
            _secrets[Key(vault, secretName)] = new NetworkCredential(credential.UserName, credential.Password);
        }

        public void Remove(string vault, string secretName)
        {
            ThrowIfFailing();
            RemoveCalls++;
            _secrets.Remove(Key(vault, secretName));
        }

        public bool TryPeek(string vault, string secretName, out NetworkCredential credential) =>
            _secrets.TryGetValue(Key(vault, secretName), out credential);

        /// <summary>What moving to a new computer does: the configuration comes along, the vault does not.</summary>
        public void Clear() => _secrets.Clear();

        private void ThrowIfFailing()
        {
            if (Failure != null)
            {
                throw Failure;
            }
        }
    }
}
