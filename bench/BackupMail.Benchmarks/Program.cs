using BenchmarkDotNet.Running;

namespace BackupMail.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "attachment-peak")
            {
                AttachmentBenchmarks.ReportPeakWorkingSet();
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
