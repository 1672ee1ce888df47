using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
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
    /// When someone can answer a prompt, the commands run nested in the caller's runspace (so a SecretStore
    /// configured to prompt asks for its password); when nobody can (see <see cref="PromptAvailability.CanPrompt"/>), they run in a
    /// private runspace whose host refuses every prompt, and a locked vault is reported at once.
    /// Must be called on the pipeline thread of the cmdlet that created it (it may run nested commands).
    /// A password read from the vault is kept in memory for the rest of the process, so a vault is asked
    /// once per account per process; storing or removing a secret forgets the kept copy.
    /// </remarks>
    internal sealed class SecretManagementCredentialSource : ICredentialSource
    {
        private const string ModuleName = "Microsoft.PowerShell.SecretManagement";
        private const string SecretNamePrefix = "BackupMail-";

        // Process-wide: every cmdlet call of this process shares what was read. The scope (the configuration
        // directory) keeps two configurations used by one process apart.
        private static readonly ConcurrentDictionary<string, NetworkCredential> Cache =
            new ConcurrentDictionary<string, NetworkCredential>(StringComparer.OrdinalIgnoreCase);

        // Where the vault commands run when nobody can answer a prompt: one runspace per process whose host
        // refuses every prompt. A nested pipeline in the caller's runspace would use the caller's host.
        private static readonly object PrivateRunspaceLock = new object();
        private static Runspace _privateRunspace;
        private static string _privateRunspaceModulePath;

        private readonly string _scope;
        private readonly IOutputWriter _output;
        private readonly PSHost _host;
        private readonly bool _canPrompt;

        /// <param name="scope">What keeps kept passwords apart besides vault and secret name (the configuration directory).</param>
        /// <param name="output">Receives verbose messages (names only, never a secret).</param>
        /// <param name="host">The caller's host. When nobody can answer it (see <see cref="PromptAvailability.CanPrompt"/>), the vault commands
        /// run in a private runspace whose host refuses every prompt, so a locked vault fails at once instead of waiting.</param>
        public SecretManagementCredentialSource(string scope, IOutputWriter output, PSHost host)
        {
            _scope = scope ?? string.Empty;
            _output = output ?? NullOutputWriter.Instance;
            _host = host;
            _canPrompt = PromptAvailability.CanPrompt(host);
        }

        /// <inheritdoc />
        public NetworkCredential Get(string vault, string secretName)
        {
            var key = CacheKey(vault, secretName);
            if (Cache.TryGetValue(key, out var kept))
            {
                _output.WriteVerbose(CmdletStrings.Format("VerboseSecretFromCache", secretName));
                return Copy(kept);
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
            Cache[key] = Copy(credential);
            return credential;
        }

        /// <inheritdoc />
        public void Set(string vault, string secretName, NetworkCredential credential)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            Cache.TryRemove(CacheKey(vault, secretName), out _);
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
            Cache.TryRemove(CacheKey(vault, secretName), out _);

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

        private VaultAnswer Run(string command, IDictionary<string, object> parameters)
        {
            if (_canPrompt)
            {
                // Someone is there: the vault may ask them (a SecretStore with Interaction Prompt asks for its password).
                using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    return Invoke(ps, command, parameters);
                }
            }

            lock (PrivateRunspaceLock)
            {
                using (var ps = System.Management.Automation.PowerShell.Create())
                {
                    ps.Runspace = GetPrivateRunspace(_host);
                    return Invoke(ps, command, parameters);
                }
            }
        }

        private static Runspace GetPrivateRunspace(PSHost host)
        {
            // A changed PSModulePath starts afresh, so the vault module resolves as it would in the caller's session.
            var modulePath = Environment.GetEnvironmentVariable("PSModulePath") ?? string.Empty;
            if (_privateRunspace == null || _privateRunspace.RunspaceStateInfo.State != RunspaceState.Opened ||
                !string.Equals(_privateRunspaceModulePath, modulePath, StringComparison.Ordinal))
            {
                _privateRunspace?.Dispose();
                _privateRunspace = null;
                var runspace = RunspaceFactory.CreateRunspace(new NonInteractiveVaultHost(host), InitialSessionState.CreateDefault2());
                runspace.Open();
                _privateRunspace = runspace;
                _privateRunspaceModulePath = modulePath;
            }

            return _privateRunspace;
        }

        private static VaultAnswer Invoke(System.Management.Automation.PowerShell ps, string command, IDictionary<string, object> parameters)
        {
            ps.AddCommand(ModuleName + "\\" + command);
            foreach (var parameter in parameters)
            {
                ps.AddParameter(parameter.Key, parameter.Value);
            }

            // Nothing that could stop for an answer: errors are collected (never Inquire), warnings and
            // the vault's own verbose/debug/information records stay in this private pipeline's streams.
            ps.AddParameter("ErrorAction", ActionPreference.Continue);
            ps.AddParameter("WarningAction", ActionPreference.SilentlyContinue);
            ps.AddParameter("InformationAction", ActionPreference.SilentlyContinue);
            ps.AddParameter("Verbose", false);
            ps.AddParameter("Debug", false);

            Collection<PSObject> results;
            try
            {
                results = ps.Invoke();
            }
            catch (CommandNotFoundException ex)
            {
                throw NotInstalled(ex);
            }
            catch (RuntimeException ex)
            {
                if (VaultAnswer.IsModuleMissing(ex))
                {
                    throw NotInstalled(ex);
                }

                return new VaultAnswer(new Collection<PSObject>(), new[] { ex.ErrorRecord ?? new ErrorRecord(ex, ex.GetType().Name, ErrorCategory.NotSpecified, null) });
            }

            var errors = ps.Streams.Error.ToArray();
            var missing = errors.FirstOrDefault(e => VaultAnswer.IsModuleMissing(e.Exception));
            if (missing != null)
            {
                throw NotInstalled(missing.Exception);
            }

            return new VaultAnswer(results, errors);
        }

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

        private static BackupMailException NotInstalled(Exception inner) =>
            new BackupMailException(ErrorIds.SecretManagementNotInstalled, BackupMailErrorKind.NotInstalled,
                CmdletStrings.Format("SecretManagementNotInstalled"), ModuleName, inner) { Recovery = ErrorRecovery.Administrator };

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

        private string CacheKey(string vault, string secretName) =>
            string.Join("\u001f", _scope, vault ?? string.Empty, secretName ?? string.Empty);

        private static NetworkCredential Copy(NetworkCredential credential) =>
            new NetworkCredential(credential.UserName, credential.SecurePassword);

        private static string PropertyOf(PSObject item, string name) =>
            item.Properties[name]?.Value is object value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }
}
