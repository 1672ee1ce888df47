using System.Diagnostics;
using System.IO;
using BackupMail.Attachments;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace BackupMail.Benchmarks
{
    /// <summary>Attaching a 1 GB log: gzip while streaming, then the part written out as the SMTP client would.</summary>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
    public class AttachmentBenchmarks
    {
        internal const long OneGigabyte = 1024L * 1024 * 1024;
        private string _path;

        [GlobalSetup]
        public void Setup() => _path = BenchmarkFiles.TextLog(OneGigabyte);

        [Benchmark]
        public long AttachOneGigabyteLog() => Attach(_path);

        internal static long Attach(string path)
        {
            // The benchmark's own private folder for the compressed copy, not the user's configuration directory.
            var temporary = Path.Combine(Path.GetTempPath(), "backupmail-bench-tmp");
            using (var attachment = LogAttachment.Create(path, serverSizeLimit: null, cap: 2 * OneGigabyte, temporaryDirectory: temporary))
            using (var counter = new CountingStream())
            {
                attachment.Part.WriteTo(counter);
                return counter.Length;
            }
        }

        /// <summary>Runs one attachment in this process and reports its peak working set (BenchmarkDotNet does not).</summary>
        internal static void ReportPeakWorkingSet()
        {
            var path = BenchmarkFiles.TextLog(OneGigabyte);
            var stopwatch = Stopwatch.StartNew();
            var written = Attach(path);
            stopwatch.Stop();
            using (var process = Process.GetCurrentProcess())
            {
                process.Refresh();
                System.Console.WriteLine($"attachment-peak: log {new FileInfo(path).Length} bytes, attachment {written} bytes (base64), " +
                    $"{stopwatch.Elapsed.TotalSeconds:F1} s, peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB");
            }
        }
    }
}
