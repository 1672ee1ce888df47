using System;
using System.Management.Automation;
using System.Threading;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// A cmdlet that Ctrl+C stops by cancelling <see cref="StopToken"/>, which it passes down to every send, connection and
    /// sign-in: <see cref="StopProcessing"/> (called on another thread) only cancels, and never disposes what the pipeline
    /// thread may be using.
    /// </summary>
    public abstract class StoppableCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Cancelled when the user stops the pipeline (Ctrl+C).</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>Cancels <see cref="StopToken"/>.</summary>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Releases the cancellation source, and what a derived cmdlet holds (<see cref="Dispose(bool)"/>).</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases what the cmdlet holds; a derived cmdlet calls the base after its own.</summary>
        /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stopping.Dispose();
            }
        }
    }
}
