using System;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Resources;

namespace BackupMail.OAuth
{
    /// <summary>
    /// Reads and writes an account's <see cref="TokenCacheEnvelope"/> in the vault (secret <c>TokenSecretName</c>). A
    /// missing secret is an empty cache; a damaged one is ignored with a warning (and overwritten by the next write).
    /// </summary>
    internal sealed class TokenCacheStore
    {
        private readonly ICredentialSource _credentials;
        private readonly IOutputWriter _output;

        internal TokenCacheStore(ICredentialSource credentials, IOutputWriter output)
        {
            _credentials = credentials;
            _output = output;
        }

        /// <summary>The account's envelope and the text it was read from (null when there was none).</summary>
        /// <exception cref="BackupMailException">Vault errors other than a missing secret.</exception>
        internal TokenCacheEnvelope Read(MailAccount account, out string? storedText)
        {
            storedText = null;
            NetworkCredential? credential;
            try
            {
                credential = _credentials.Get(account.Vault, SecretNameOf(account));
            }
            catch (BackupMailException e) when (e.ErrorId == ErrorIds.SecretNotFound)
            {
                return new TokenCacheEnvelope();
            }

            if (credential == null)
            {
                return new TokenCacheEnvelope();
            }

            storedText = credential.Password;
            var envelope = TokenCacheEnvelope.Parse(storedText, out var damaged);
            if (damaged || !string.Equals(credential.UserName, TokenCacheEnvelope.CredentialUserName, StringComparison.Ordinal) && !string.IsNullOrEmpty(storedText))
            {
                _output.WriteWarning(OAuthStrings.Format("WarningCacheDamaged", account.Name, account.TokenSecretName));
            }

            return envelope;
        }

        /// <summary>Stores <paramref name="envelope"/> unless it reads the same as <paramref name="storedText"/>; returns the text now stored.</summary>
        /// <exception cref="BackupMailException">Vault errors.</exception>
        internal string Write(MailAccount account, TokenCacheEnvelope envelope, string? storedText)
        {
            var text = envelope.Serialize();
            if (string.Equals(text, storedText, StringComparison.Ordinal))
            {
                return text;
            }

            _credentials.Set(account.Vault, SecretNameOf(account), new NetworkCredential(TokenCacheEnvelope.CredentialUserName, text));
            _output.WriteVerbose(OAuthStrings.Format("VerboseCacheSaved", account.Name, account.TokenSecretName));
            return text;
        }

        /// <summary>Removes the account's token cache; nothing when there is none.</summary>
        internal void Remove(MailAccount account) => _credentials.Remove(account.Vault, SecretNameOf(account));

        // Every OAuth account names its token secret (TokenRequest.For, and the configuration's check, insist on it).
        private static string SecretNameOf(MailAccount account) =>
            account.TokenSecretName ?? throw OAuthErrors.SettingRequired(account, "TokenSecretName");
    }
}
