using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>
    /// Completes the names of the registered SecretManagement vaults, from
    /// <c>Microsoft.PowerShell.SecretManagement\Get-SecretVault</c> in the current session; offers nothing (and no error)
    /// when the module is not installed or cannot list them.
    /// </summary>
    public sealed class VaultNameCompleter : IArgumentCompleter
    {
        private const string GetSecretVault = "Microsoft.PowerShell.SecretManagement\\Get-SecretVault";

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() => Completions.Matching(VaultNames(), wordToComplete));

        private static IEnumerable<string> VaultNames()
        {
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                // Ask only when the module can be found: a missing module must leave no error behind in $Error.
                ps.AddCommand("Microsoft.PowerShell.Core\\Get-Module")
                    .AddParameter("Name", "Microsoft.PowerShell.SecretManagement")
                    .AddParameter("ListAvailable", true)
                    .AddParameter("ErrorAction", ActionPreference.Ignore);
                if (ps.Invoke().Count == 0)
                {
                    return Enumerable.Empty<string>();
                }

                ps.Commands.Clear();
                ps.AddCommand(GetSecretVault).AddParameter("ErrorAction", ActionPreference.Ignore);
                return ps.Invoke()
                    .Where(vault => vault != null)
                    .Select(vault => vault.Properties["Name"]?.Value as string)
                    .Where(name => !string.IsNullOrEmpty(name))
                    .ToList();
            }
        }
    }
}
