using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Runs one command of <c>Microsoft.PowerShell.SecretManagement</c> (module-qualified, by its documented name and
    /// parameters; no reference to its assembly) so that nothing can stop for an answer, and hands back what it returned
    /// and reported as a <see cref="VaultAnswer"/>.
    /// </summary>
    internal static class VaultCommand
    {
        /// <summary>The module the commands come from.</summary>
        public const string ModuleName = "Microsoft.PowerShell.SecretManagement";

        /// <summary>
        /// Runs the command nested in the caller's runspace, for a caller someone can answer (a SecretStore with
        /// Interaction Prompt asks for its password). Call it on the caller's pipeline thread.
        /// </summary>
        /// <exception cref="BackupMailException"><c>SecretManagementNotInstalled</c>.</exception>
        public static VaultAnswer RunNested(string command, IDictionary<string, object> parameters)
        {
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                return Invoke(ps, command, parameters);
            }
        }

        /// <summary>
        /// Runs <paramref name="command"/> in <paramref name="ps"/>'s runspace: errors are collected (never Inquire),
        /// warnings and the vault's own verbose, debug and information records stay in this pipeline's streams.
        /// </summary>
        /// <exception cref="BackupMailException"><c>SecretManagementNotInstalled</c> when the module or the command is missing.</exception>
        public static VaultAnswer Invoke(System.Management.Automation.PowerShell ps, string command, IDictionary<string, object> parameters)
        {
            ps.AddCommand(ModuleName + "\\" + command);
            foreach (var parameter in parameters)
            {
                ps.AddParameter(parameter.Key, parameter.Value);
            }

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

        private static BackupMailException NotInstalled(Exception inner) =>
            new BackupMailException(ErrorIds.SecretManagementNotInstalled, BackupMailErrorKind.NotInstalled,
                CmdletStrings.Format("SecretManagementNotInstalled"), ModuleName, inner) { Recovery = ErrorRecovery.Administrator };
    }
}
