using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;

namespace BackupMail.PowerShell
{
    /// <summary>What one vault command returned and which of the documented failures it reported.</summary>
    internal sealed class VaultAnswer
    {
        public VaultAnswer(Collection<PSObject> results, IReadOnlyList<ErrorRecord> errors)
        {
            Results = results;
            Errors = errors;
        }

        public Collection<PSObject> Results { get; }

        public IReadOnlyList<ErrorRecord> Errors { get; }

        // A locked SecretStore reports PasswordRequiredException ("A valid password is required ... Use the
        // Unlock-SecretStore cmdlet"); a host that may not prompt (-NonInteractive) refuses the prompt instead.
        public bool IsLocked => Errors.Any(e => ExceptionsOf(e).Any(x =>
            x.GetType().Name.Equals("PasswordRequiredException", StringComparison.Ordinal) ||
            Contains(x.Message, "Unlock-SecretStore") ||
            Contains(x.Message, "A valid password is required") ||
            Contains(x.Message, "NonInteractive")) ||
            Contains(e.FullyQualifiedErrorId, "PasswordRequired"));

        // Get-Secret documents "The secret <name> was not found." with error id GetSecretNotFound.
        public bool IsNotFound => Errors.Any(e =>
            (e.FullyQualifiedErrorId ?? string.Empty).StartsWith("GetSecretNotFound", StringComparison.OrdinalIgnoreCase));

        // A -Vault that is not registered: "Vault not found in registry" (GetSecretVaultNotFound and kin).
        public bool IsVaultUnknown => Errors.Any(e =>
            Contains(e.FullyQualifiedErrorId, "VaultNotFound") ||
            ExceptionsOf(e).Any(x => Contains(x.Message, "not found in registry")));

        public string FirstMessage
        {
            get
            {
                var first = Errors.FirstOrDefault();
                if (first == null)
                {
                    return string.Empty;
                }

                var innermost = ExceptionsOf(first).Last();
                return innermost.Message;
            }
        }

        private static IEnumerable<Exception> ExceptionsOf(ErrorRecord record)
        {
            for (var x = record.Exception; x != null; x = x.InnerException)
            {
                yield return x;
            }
        }

        private static bool Contains(string text, string part) =>
            text != null && text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>True when <paramref name="exception"/> says the SecretManagement module (or its command) is not there.</summary>
        public static bool IsModuleMissing(Exception exception)
        {
            var record = (exception as IContainsErrorRecord)?.ErrorRecord;
            var id = record?.FullyQualifiedErrorId ?? string.Empty;
            return exception is CommandNotFoundException ||
                   id.StartsWith("CommandNotFoundException", StringComparison.OrdinalIgnoreCase) ||
                   id.StartsWith("Modules_ModuleNotFound", StringComparison.OrdinalIgnoreCase) ||
                   id.StartsWith("CouldNotAutoLoadModule", StringComparison.OrdinalIgnoreCase);
        }
    }
}
