using System;
using System.Collections.Concurrent;
using System.Net;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Passwords read from a vault, kept in memory for the rest of the process, so that a vault is asked once per
    /// account per process (a pipeline of notifications, a scheduled script with several calls). Kept apart by scope
    /// (the configuration directory), vault and secret name; every caller gets a copy of its own.
    /// </summary>
    internal sealed class CredentialCache
    {
        // Separates the key's parts: it appears in no path, vault or secret name.
        private const char Separator = '\u001f';

        private readonly ConcurrentDictionary<string, NetworkCredential> _kept =
            new ConcurrentDictionary<string, NetworkCredential>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The one every credential source of this process shares.</summary>
        public static CredentialCache Process { get; } = new CredentialCache();

        /// <summary>How many passwords are kept.</summary>
        public int Count => _kept.Count;

        /// <summary>A copy of the password kept for this secret, if any.</summary>
        public bool TryGet(string scope, string vault, string secretName, out NetworkCredential credential)
        {
            if (_kept.TryGetValue(Key(scope, vault, secretName), out var kept))
            {
                credential = Copy(kept);
                return true;
            }

            credential = null;
            return false;
        }

        /// <summary>Keeps a copy of <paramref name="credential"/> (later changes to it do not reach the kept one).</summary>
        public void Keep(string scope, string vault, string secretName, NetworkCredential credential)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            _kept[Key(scope, vault, secretName)] = Copy(credential);
        }

        /// <summary>Forgets the kept password (the secret is being stored anew or removed).</summary>
        public void Forget(string scope, string vault, string secretName) => _kept.TryRemove(Key(scope, vault, secretName), out _);

        // Names compare as SecretManagement compares them (case-insensitively); no vault means the default vault.
        private static string Key(string scope, string vault, string secretName) =>
            string.Join(Separator.ToString(), scope ?? string.Empty, vault ?? string.Empty, secretName ?? string.Empty);

        private static NetworkCredential Copy(NetworkCredential credential) =>
            new NetworkCredential(credential.UserName, credential.SecurePassword);
    }
}
