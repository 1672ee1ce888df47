using System.Management.Automation;

namespace BackupMail.PowerShell
{
    /// <summary>Forwards the engine's verbose, warning and debug messages to a cmdlet's streams.</summary>
    internal sealed class CmdletOutputWriter : IOutputWriter
    {
        private readonly Cmdlet _cmdlet;

        public CmdletOutputWriter(Cmdlet cmdlet) => _cmdlet = cmdlet;

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteDebug(string message) => _cmdlet.WriteDebug(message);
    }
}
