using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Forwards the engine's verbose, warning and debug messages to a cmdlet's streams. PowerShell accepts them only on
    /// the cmdlet's pipeline thread, so a message from another thread (a notification delivered in the background)
    /// waits until the pipeline thread writes next or calls <see cref="Flush"/>, in the order it came.
    /// </summary>
    internal sealed class CmdletOutputWriter : IOutputWriter
    {
        private readonly Cmdlet _cmdlet;
        private readonly int _pipelineThread = Thread.CurrentThread.ManagedThreadId;
        private readonly ConcurrentQueue<Action> _waiting = new ConcurrentQueue<Action>();

        /// <summary>Created on the cmdlet's pipeline thread (in BeginProcessing).</summary>
        public CmdletOutputWriter(Cmdlet cmdlet) => _cmdlet = cmdlet;

        public void WriteVerbose(string message) => Write(() => _cmdlet.WriteVerbose(message));

        public void WriteWarning(string message) => Write(() => _cmdlet.WriteWarning(message));

        public void WriteDebug(string message) => Write(() => _cmdlet.WriteDebug(message));

        /// <summary>Writes what other threads left waiting; call it on the pipeline thread.</summary>
        public void Flush()
        {
            while (_waiting.TryDequeue(out var write))
            {
                write();
            }
        }

        private void Write(Action write)
        {
            if (Thread.CurrentThread.ManagedThreadId != _pipelineThread)
            {
                _waiting.Enqueue(write);
                return;
            }

            Flush();
            write();
        }
    }
}
