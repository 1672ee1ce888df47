using System.Collections.Generic;
using System.Linq;

namespace BackupMail.Tests.Support
{
    /// <summary>An <see cref="IOutputWriter"/> that keeps everything written to it (thread-safe).</summary>
    public sealed class RecordingOutputWriter : IOutputWriter
    {
        private readonly object _gate = new object();
        private readonly List<string> _verbose = new List<string>();
        private readonly List<int> _verboseThreads = new List<int>();
        private readonly List<string> _warnings = new List<string>();
        private readonly List<string> _debug = new List<string>();

        /// <summary>The verbose messages, in order.</summary>
        public IReadOnlyList<string> Verbose { get { lock (_gate) { return _verbose.ToArray(); } } }

        /// <summary>The managed thread each verbose message was written on, in the same order.</summary>
        public IReadOnlyList<int> VerboseThreads { get { lock (_gate) { return _verboseThreads.ToArray(); } } }

        /// <summary>The warnings, in order.</summary>
        public IReadOnlyList<string> Warnings { get { lock (_gate) { return _warnings.ToArray(); } } }

        /// <summary>The debug messages, in order.</summary>
        public IReadOnlyList<string> Debug { get { lock (_gate) { return _debug.ToArray(); } } }

        /// <summary>Every message of every stream.</summary>
        public IReadOnlyList<string> All { get { lock (_gate) { return _verbose.Concat(_warnings).Concat(_debug).ToArray(); } } }

        /// <inheritdoc />
        public void WriteVerbose(string message)
        {
            lock (_gate)
            {
                _verbose.Add(message);
                _verboseThreads.Add(System.Threading.Thread.CurrentThread.ManagedThreadId);
            }
        }

        /// <inheritdoc />
        public void WriteWarning(string message) { lock (_gate) { _warnings.Add(message); } }

        /// <inheritdoc />
        public void WriteDebug(string message) { lock (_gate) { _debug.Add(message); } }
    }
}
