using System;
using System.Collections.Generic;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Where the vault commands run when nobody can answer a prompt: a private runspace whose host
    /// (<see cref="NonInteractiveVaultHost"/>) refuses every prompt, so a locked vault fails at once instead of waiting.
    /// A nested pipeline in the caller's runspace would use the caller's host. One per process, opened on first use,
    /// one command at a time; opened afresh when <c>PSModulePath</c> changed, so the vault module resolves as it would in
    /// the caller's session.
    /// </summary>
    internal sealed class VaultRunspace : IDisposable
    {
        private readonly object _gate = new object();
        private Runspace _runspace;
        private string _modulePath;

        /// <summary>The one every credential source of this process shares.</summary>
        public static VaultRunspace Process { get; } = new VaultRunspace();

        /// <summary>Runs one SecretManagement command here (see <see cref="VaultCommand.Invoke"/>).</summary>
        /// <param name="host">The caller's host; the private one takes its cultures when the runspace is opened.</param>
        /// <param name="command">The command's name, without the module.</param>
        /// <param name="parameters">Its parameters.</param>
        /// <exception cref="BackupMailException"><c>SecretManagementNotInstalled</c>.</exception>
        public VaultAnswer Run(PSHost host, string command, IDictionary<string, object> parameters)
        {
            lock (_gate)
            {
                using (var ps = System.Management.Automation.PowerShell.Create())
                {
                    ps.Runspace = Current(host);
                    return VaultCommand.Invoke(ps, command, parameters);
                }
            }
        }

        /// <summary>The runspace the next command runs in: the open one, unless it broke or <c>PSModulePath</c> changed.</summary>
        public Runspace Current(PSHost host)
        {
            lock (_gate)
            {
                var modulePath = Environment.GetEnvironmentVariable("PSModulePath") ?? string.Empty;
                if (_runspace == null || _runspace.RunspaceStateInfo.State != RunspaceState.Opened ||
                    !string.Equals(_modulePath, modulePath, StringComparison.Ordinal))
                {
                    _runspace?.Dispose();
                    _runspace = null;
                    var runspace = RunspaceFactory.CreateRunspace(new NonInteractiveVaultHost(host), InitialSessionState.CreateDefault2());
                    runspace.Open();
                    _runspace = runspace;
                    _modulePath = modulePath;
                }

                return _runspace;
            }
        }

        /// <summary>Closes the runspace; the next command opens a new one.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _runspace?.Dispose();
                _runspace = null;
            }
        }
    }
}
