using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using BackupMail.Resources;

namespace BackupMail.Notifications
{
    /// <summary>
    /// A native program started for Invoke-BackupJob: its output lines handed to the caller's thread as they
    /// arrive (a cmdlet may only write from its own thread), then its exit code.
    /// </summary>
    public sealed class ProgramRun : IDisposable
    {
        private readonly Process _process;
        private readonly BlockingCollection<ProgramOutputLine> _lines = new BlockingCollection<ProgramOutputLine>();
        private int _openStreams = 2;

        private ProgramRun(Process process)
        {
            _process = process;
        }

        /// <summary>Starts <paramref name="filePath"/> with <paramref name="arguments"/>, its output redirected.</summary>
        /// <exception cref="BackupMailException"><c>ProgramStartFailed</c> when the program cannot be found or started.</exception>
        public static ProgramRun Start(string filePath, IEnumerable<string> arguments, string workingDirectory)
        {
            if (string.IsNullOrWhiteSpace(filePath)) throw new ArgumentNullException(nameof(filePath));
            var startInfo = new ProcessStartInfo(filePath, CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                CreateNoWindow = true,
                WorkingDirectory = workingDirectory ?? string.Empty,
            };

            var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
            var run = new ProgramRun(process);
            process.OutputDataReceived += (sender, e) => run.Receive(e.Data, false);
            process.ErrorDataReceived += (sender, e) => run.Receive(e.Data, true);
            try
            {
                process.Start();
            }
            catch (Exception error) when (error is Win32Exception || error is InvalidOperationException || error is System.IO.IOException)
            {
                process.Dispose();
                throw new BackupMailException(ErrorIds.ProgramStartFailed, BackupMailErrorKind.ObjectNotFound,
                    NotificationStrings.Format("ProgramStartFailed", filePath, error.Message), filePath, error);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return run;
        }

        /// <summary>The process id.</summary>
        public int ProcessId => _process.Id;

        /// <summary>
        /// The program's output and error lines in the order they arrived, until both streams close; blocks
        /// between lines. Cancelling stops reading (the caller then kills the program with <see cref="Kill"/>).
        /// </summary>
        public IEnumerable<ProgramOutputLine> ReadOutput(CancellationToken cancellationToken)
        {
            return _lines.GetConsumingEnumerable(cancellationToken);
        }

        /// <summary>Waits for the program to exit and returns its exit code.</summary>
        public int WaitForExit()
        {
            _process.WaitForExit();
            return _process.ExitCode;
        }

        /// <summary>Ends the program (and, where the platform allows, its children).</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited) _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It ended on its own meanwhile.
            }
            catch (Win32Exception)
            {
                // Not ours to end any more; nothing better to do.
            }
        }

        /// <summary>Releases the process handle.</summary>
        public void Dispose()
        {
            _process.Dispose();
            _lines.Dispose();
        }

        private void Receive(string line, bool isError)
        {
            if (line != null)
            {
                _lines.Add(new ProgramOutputLine(line, isError));
                return;
            }

            // A null line means that stream has closed; when both have, the reading loop ends.
            if (Interlocked.Decrement(ref _openStreams) == 0) _lines.CompleteAdding();
        }
    }
}
