using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net;
using System.Security;
using BackupMail.Accounts;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Keeps account passwords in a SecretManagement vault by running
    /// <c>Microsoft.PowerShell.SecretManagement\Get-Secret</c>, <c>Set-Secret</c>, <c>Get-SecretInfo</c> and
    /// <c>Remove-Secret</c> (module-qualified) in the caller's process. Written against the module's documented
    /// contract; no reference to its assembly, and nothing runs until a password is needed.
    /// </summary>
    /// <remarks>
    /// The coordinator of four concerns, each in a class of its own: whether someone can answer a prompt
    /// (<see cref="PromptAvailability"/>) decides where the commands run, nested in the caller's runspace
    /// (<see cref="VaultCommand.RunNested"/>: a SecretStore configured to prompt asks for its password) or in the private
    /// runspace whose host refuses every prompt (<see cref="VaultRunspace"/>: a locked vault is reported at once);
    /// <see cref="VaultAnswer"/> classifies what the vault answered; <see cref="CredentialCache"/> keeps a password read
    /// for the rest of the process, so a vault is asked once per account per process (storing or removing a secret
    /// forgets the kept copy). This class turns the answers into the engine's errors.
    /// Must be called on the pipeline thread of the cmdlet that created it (it may run nested commands).
    /// </remarks>
    internal sealed class SecretManagementCredentialSource : ICredentialSource
    {
        private const string SecretNamePrefix = "BackupMail-";

        private readonly string _scope;
        private readonly IOutputWriter _output;
        private readonly PSHost _host;
        private readonly bool _canPrompt;
        private readonly CredentialCache _cache;
        private readonly VaultRunspace _runspace;

        /// <param name="scope">What keeps kept passwords apart besides vault and secret name (the configuration directory).</param>
        /// <param name="output">Receives verbose messages (names only, never a secret).</param>
        /// <param name="host">The caller's host. When nobody can answer it (see <see cref="PromptAvailability.CanPrompt"/>), the vault commands
        /// run in a private runspace whose host refuses every prompt, so a locked vault fails at once instead of waiting.</param>
        public SecretManagementCredentialSource(string scope, IOutputWriter output, PSHost host)
            : this(scope, output, host, CredentialCache.Process, VaultRunspace.Process)
        {
        }

        /// <summary>As the public constructor, with the cache and the private runspace given (tests give their own).</summary>
        internal SecretManagementCredentialSource(string scope, IOutputWriter output, PSHost host, CredentialCache cache, VaultRunspace runspace)
        {
            _scope = scope ?? string.Empty;
            _output = output ?? NullOutputWriter.Instance;
            _host = host;
            _canPrompt = PromptAvailability.CanPrompt(host);
            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
            _runspace = runspace ?? throw new ArgumentNullException(nameof(runspace));
        }

        /// <inheritdoc />
        public NetworkCredential Get(string vault, string secretName)
        {
            if (_cache.TryGet(_scope, vault, secretName, out var kept))
            {
                _output.WriteVerbose(CmdletStrings.Format("VerboseSecretFromCache", secretName));
                return kept;
            }

            _output.WriteVerbose(CmdletStrings.Format("VerboseReadingSecret", secretName, DescribeVault(vault)));
            var parameters = new Dictionary<string, object> { ["Name"] = secretName };
            if (!string.IsNullOrEmpty(vault))
            {
                parameters["Vault"] = vault;
            }

            var outcome = Run("Get-Secret", parameters);
            var secret = outcome.Results.Select(r => r?.BaseObject).FirstOrDefault(r => r != null);
            if (secret == null)
            {
                if (outcome.IsLocked)
                {
                    throw Locked(vault, secretName);
                }

                if (outcome.IsVaultUnknown)
                {
                    throw VaultUnknown(vault, secretName);
                }

                if (outcome.IsNotFound || outcome.Errors.Count == 0)
                {
                    throw NotFound(vault, secretName);
                }

                throw Failure("SecretReadFailed", vault, secretName, outcome.FirstMessage);
            }

            var credential = ToNetworkCredential(secret, vault, secretName);
            _cache.Keep(_scope, vault, secretName, credential);
            return credential;
        }

        /// <inheritdoc />
        public void Set(string vault, string secretName, NetworkCredential credential)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            _cache.Forget(_scope, vault, secretName);
            if (string.IsNullOrEmpty(vault) && !HasDefaultVault())
            {
                throw new BackupMailException(ErrorIds.SecretVaultNotRegistered, BackupMailErrorKind.ObjectNotFound,
                    CmdletStrings.Format("NoDefaultVault", secretName), secretName);
            }

            _output.WriteVerbose(CmdletStrings.Format("VerboseStoringSecret", secretName, DescribeVault(vault)));
            object secret = string.IsNullOrEmpty(credential.UserName)
                ? (object)credential.SecurePassword
                : new PSCredential(credential.UserName, credential.SecurePassword);
            var parameters = new Dictionary<string, object>
            {
                ["Name"] = secretName,
                ["Secret"] = secret,
                ["Confirm"] = false,
                ["WhatIf"] = false,
            };
            if (!string.IsNullOrEmpty(vault))
            {
                parameters["Vault"] = vault;
            }

            var outcome = Run("Set-Secret", parameters);
            if (outcome.IsLocked)
            {
                throw Locked(vault, secretName);
            }

            if (outcome.IsVaultUnknown)
            {
                throw VaultUnknown(vault, secretName);
            }

            if (outcome.Errors.Count > 0)
            {
                throw Failure("SecretWriteFailed", vault, secretName, outcome.FirstMessage);
            }
        }

        /// <inheritdoc />
        public void Remove(string vault, string secretName)
        {
            _cache.Forget(_scope, vault, secretName);

            // Remove-Secret needs the vault's name, and fails for a secret that is not there: find it first,
            // in the order Get-Secret reads (the default vault first).
            var infoParameters = new Dictionary<string, object> { ["Name"] = WildcardPattern.Escape(secretName) };
            if (!string.IsNullOrEmpty(vault))
            {
                infoParameters["Vault"] = vault;
            }

            var info = Run("Get-SecretInfo", infoParameters);
            var holder = info.Results
                .Where(r => r != null && string.Equals(PropertyOf(r, "Name"), secretName, StringComparison.OrdinalIgnoreCase))
                .Select(r => PropertyOf(r, "VaultName"))
                .FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (holder == null)
            {
                if (info.IsLocked)
                {
                    throw Locked(vault, secretName);
                }

                // A vault that is gone holds nothing to remove.
                return;
            }

            _output.WriteVerbose(CmdletStrings.Format("VerboseRemovingSecret", secretName, DescribeVault(holder)));
            var outcome = Run("Remove-Secret", new Dictionary<string, object>
            {
                ["Name"] = secretName,
                ["Vault"] = holder,
                ["Confirm"] = false,
                ["WhatIf"] = false,
            });
            if (outcome.IsLocked)
            {
                throw Locked(holder, secretName);
            }

            if (outcome.Errors.Count > 0)
            {
                throw Failure("SecretRemoveFailed", holder, secretName, outcome.FirstMessage);
            }
        }

        private bool HasDefaultVault()
        {
            var outcome = Run("Get-SecretVault", new Dictionary<string, object>());
            return outcome.Results.Any(v => v != null && string.Equals(PropertyOf(v, "IsDefault"), bool.TrueString, StringComparison.OrdinalIgnoreCase));
        }

        // Someone is there: the vault may ask them. Nobody is: a prompt must fail at once.
        private VaultAnswer Run(string command, IDictionary<string, object> parameters) =>
            _canPrompt ? VaultCommand.RunNested(command, parameters) : _runspace.Run(_host, command, parameters);

        private NetworkCredential ToNetworkCredential(object secret, string vault, string secretName)
        {
            switch (secret)
            {
                case PSCredential psCredential:
                    // Keep the user name whole: GetNetworkCredential() would split "DOMAIN\user" into a domain.
                    return new NetworkCredential(psCredential.UserName, psCredential.Password);
                case SecureString secure:
                    // The account's user name goes with it (AccountService knows it).
                    return new NetworkCredential(string.Empty, secure);
                case string plain:
                    return new NetworkCredential(string.Empty, plain);
                default:
                    throw new BackupMailException(ErrorIds.SecretTypeUnsupported, BackupMailErrorKind.InvalidData,
                        CmdletStrings.Format("SecretTypeUnsupported", secretName, DescribeVault(vault), secret.GetType().Name), secretName);
            }
        }

        private static BackupMailException NotFound(string vault, string secretName) =>
            new BackupMailException(ErrorIds.SecretNotFound, BackupMailErrorKind.ObjectNotFound,
                CmdletStrings.Format("SecretNotFound", secretName, DescribeVault(vault), AccountNameOf(secretName)), secretName) { Recovery = ErrorRecovery.Administrator };

        private static BackupMailException Locked(string vault, string secretName) =>
            new BackupMailException(ErrorIds.SecretVaultLocked, BackupMailErrorKind.ResourceUnavailable,
                CmdletStrings.Format("SecretVaultLocked", secretName, DescribeVault(vault)), string.IsNullOrEmpty(vault) ? secretName : vault) { Recovery = ErrorRecovery.Administrator };

        private static BackupMailException VaultUnknown(string vault, string secretName) =>
            new BackupMailException(ErrorIds.SecretVaultNotRegistered, BackupMailErrorKind.ObjectNotFound,
                CmdletStrings.Format("VaultNotRegistered", vault, secretName), vault) { Recovery = ErrorRecovery.Administrator };

        private static BackupMailException Failure(string messageName, string vault, string secretName, string reason) =>
            new BackupMailException(ErrorIds.SecretVaultError, BackupMailErrorKind.ResourceUnavailable,
                CmdletStrings.Format(messageName, secretName, DescribeVault(vault), reason), secretName) { Recovery = ErrorRecovery.Administrator };

        private static string DescribeVault(string vault) =>
            string.IsNullOrEmpty(vault) ? CmdletStrings.Format("DefaultVault") : CmdletStrings.Format("NamedVault", vault);

        // The default secret name is BackupMail-<account>; for a name the user chose, show a placeholder.
        private static string AccountNameOf(string secretName) =>
            secretName != null && secretName.StartsWith(SecretNamePrefix, StringComparison.OrdinalIgnoreCase) && secretName.Length > SecretNamePrefix.Length
                ? secretName.Substring(SecretNamePrefix.Length)
                : "<account>";

        private static string PropertyOf(PSObject item, string name) =>
            item.Properties[name]?.Value is object value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }
}
