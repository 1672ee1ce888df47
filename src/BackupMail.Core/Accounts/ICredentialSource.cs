using System.Net;

namespace BackupMail.Accounts
{
    /// <summary>
    /// Where account passwords live. The PowerShell layer implements it with SecretManagement's
    /// Get-Secret / Set-Secret / Remove-Secret; tests may use an in-memory one.
    /// </summary>
    public interface ICredentialSource
    {
        /// <summary>Reads the credential stored under <paramref name="secretName"/>.</summary>
        /// <param name="vault">The vault, or null for the default vault.</param>
        /// <param name="secretName">The secret's name.</param>
        /// <exception cref="BackupMailException">
        /// <c>SecretNotFound</c>, <c>SecretManagementNotInstalled</c>, <c>SecretVaultLocked</c> or <c>SecretVaultError</c>.
        /// </exception>
        NetworkCredential? Get(string? vault, string secretName);

        /// <summary>Stores (or replaces) the credential under <paramref name="secretName"/>.</summary>
        /// <exception cref="BackupMailException"><c>SecretManagementNotInstalled</c>, <c>SecretVaultLocked</c> or <c>SecretVaultError</c>.</exception>
        void Set(string? vault, string secretName, NetworkCredential credential);

        /// <summary>Removes the secret; does nothing when it does not exist.</summary>
        /// <exception cref="BackupMailException"><c>SecretManagementNotInstalled</c>, <c>SecretVaultLocked</c> or <c>SecretVaultError</c>.</exception>
        void Remove(string? vault, string secretName);
    }
}
