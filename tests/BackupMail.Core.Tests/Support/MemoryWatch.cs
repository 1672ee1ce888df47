using System;
using System.Diagnostics;
using System.Threading;

namespace BackupMail.Tests.Support
{
    /// <summary>Samples this process's resident memory while it runs, to bound how much a call made it grow.</summary>
    public sealed class MemoryWatch : IDisposable
    {
        private readonly long _baseline;
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        private MemoryWatch()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            _baseline = Sample();
            _peak = _baseline;
            _thread = new Thread(Loop) { IsBackground = true, Name = "MemoryWatch" };
            _thread.Start();
        }

        /// <summary>Starts sampling (every 20 ms) from a baseline taken after a full collection.</summary>
        public static MemoryWatch Start() => new MemoryWatch();

        /// <summary>The largest growth of the working set over the baseline so far, in bytes.</summary>
        public long PeakGrowth => Math.Max(Interlocked.Read(ref _peak), Sample()) - _baseline;

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Loop()
        {
            while (!_stop)
            {
                var now = Sample();
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }

                Thread.Sleep(20);
            }
        }

        private static long Sample()
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
    }
}
