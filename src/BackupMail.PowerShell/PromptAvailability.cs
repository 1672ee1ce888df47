using System;
using System.Linq;
using System.Management.Automation.Host;

namespace BackupMail.PowerShell
{
    /// <summary>Whether someone can answer a prompt in this process: decides where the vault commands run.</summary>
    internal static class PromptAvailability
    {
        /// <summary>
        /// False when a prompt would wait for input that never comes: no host, a process that is not interactive
        /// (a service; a scheduled task run whether the user is logged on or not), redirected input, or
        /// <c>pwsh -NonInteractive</c>.
        /// </summary>
        public static bool CanPrompt(PSHost host)
        {
            if (host == null || !Environment.UserInteractive)
            {
                return false;
            }

            try
            {
                if (Console.IsInputRedirected)
                {
                    return false;
                }
            }
            catch (System.IO.IOException)
            {
                return false;
            }

            // pwsh and powershell.exe accept any prefix of -NonInteractive down to -noni.
            const string nonInteractive = "noninteractive";
            foreach (var argument in Environment.GetCommandLineArgs().Skip(1))
            {
                var name = argument.TrimStart('-', '/');
                if (argument.Length > name.Length && name.Length >= 4 &&
                    nonInteractive.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
