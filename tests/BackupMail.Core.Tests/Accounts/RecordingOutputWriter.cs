using System.Collections.Generic;
using System.Linq;

namespace BackupMail.Tests.Accounts
{
    /// <summary>Keeps what the engine writes to each stream.</summary>
    internal sealed class RecordingOutputWriter : IOutputWriter
    {
        public List<string> Verbose { get; } = new List<string>();

        public List<string> Warnings { get; } = new List<string>();

        public List<string> Debug { get; } = new List<string>();

        public IEnumerable<string> All => Verbose.Concat(Warnings).Concat(Debug);

        public void WriteVerbose(string message) => Verbose.Add(message);

        public void WriteWarning(string message) => Warnings.Add(message);

        public void WriteDebug(string message) => Debug.Add(message);
    }
}
