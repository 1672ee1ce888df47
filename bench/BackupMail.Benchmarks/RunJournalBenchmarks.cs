using System;
using System.IO;
using System.Linq;
using BackupMail.History;
using BackupMail.Jobs;
using BenchmarkDotNet.Attributes;

namespace BackupMail.Benchmarks
{
    /// <summary>
    /// The run journal (issue 14 §5): recording one run (lock, tail read, one write), and reading a journal of 100,000
    /// runs of 10 backups: every run of one backup by name (a full scan), the last 20 runs (the tail only), everything.
    /// The journal's size per run is printed by the setup ("bytes per run").
    /// </summary>
    [MemoryDiagnoser]
    public class RunJournalBenchmarks
    {
        private const int Runs = 100_000;
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(1));
        private string _directory;
        private RunJournal _large;
        private RunJournal _appending;

        [GlobalSetup]
        public void Setup()
        {
            _directory = Path.Combine(Path.GetTempPath(), "runjournal-bench-" + Guid.NewGuid().ToString("N"));
            _large = RunJournal.InConfigDirectory(Path.Combine(_directory, "large"), () => Start.AddDays(365));
            Directory.CreateDirectory(_large.DirectoryPath);
            using (var file = new FileStream(_large.FilePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                for (var i = 0; i < Runs; i++)
                {
                    var record = Typical(i);
                    record.Sequence = i + 1;
                    record.RecordedAt = record.EndTime.Value.AddSeconds(1);
                    var line = RunLineFormat.Encode(record);
                    file.Write(line, 0, line.Length);
                }
            }

            Console.WriteLine($"// run journal: {Runs} runs, {new FileInfo(_large.FilePath).Length} bytes, {new FileInfo(_large.FilePath).Length / (double)Runs:F1} bytes per run");

            _appending = RunJournal.InConfigDirectory(Path.Combine(_directory, "appending"));
            for (var i = 0; i < 1000; i++) _appending.Append(Typical(i));
        }

        [GlobalCleanup]
        public void Cleanup() => Directory.Delete(_directory, recursive: true);

        [Benchmark(Description = "append one run (lock, tail, write)")]
        public long AppendOne() => _appending.Append(Typical(7)).Sequence;

        [Benchmark(Description = "query 100k runs by name (10k match)")]
        public int QueryByName() => new RunHistoryQuery { BackupName = new[] { "Job 3" } }.Run(_large).Count();

        [Benchmark(Description = "query by wildcard and status over 100k")]
        public int QueryByWildcardAndStatus() =>
            new RunHistoryQuery { BackupName = new[] { "job*" }, Status = new[] { BackupStatus.Failure } }.Run(_large).Count();

        [Benchmark(Description = "last 20 of 100k")]
        public int Last20() => new RunHistoryQuery { Last = 20 }.Run(_large).Count();

        [Benchmark(Description = "read all 100k newest first")]
        public int ReadAll() => _large.ReadNewestFirst().Count();

        [Benchmark(Description = "trend of one job over 100k")]
        public int Trend() => RunTrend.Of(_large.ReadNewestFirst(), "Job 9", BackupStatus.Success, TimeSpan.FromMinutes(12)).FailuresBefore;

        private static RunRecord Typical(int i)
        {
            var start = Start.AddMinutes(7 * i);
            return new RunRecord
            {
                BackupName = "Job " + (i % 10),
                Status = i % 17 == 0 ? BackupStatus.Failure : i % 11 == 0 ? BackupStatus.Warning : BackupStatus.Success,
                ExitCode = i % 17 == 0 ? 8 : 1,
                Tool = BackupTool.Robocopy,
                StartTime = start,
                EndTime = start.AddMinutes(4).AddMilliseconds(i % 1000),
                DirsCopied = 12,
                FilesCopied = 913 + i % 50,
                FilesFailed = i % 17 == 0 ? 1 : 0,
                BytesCopied = 1_292_785_336 + i,
                Source = @"C:\Users\backup\Documents",
                Destination = @"\\nas\backup\Documents",
                ComputerName = "FILESERVER01",
                UserName = "svc-backup",
                Action = i % 17 == 0 ? DeliveryAction.Sent : DeliveryAction.Skipped,
                MessageId = i % 17 == 0 ? $"{i:x8}.backupmail@fileserver01.example.com" : null,
                ErrorMessage = i % 17 == 0 ? "ERROR 53 (0x00000035) Accessing Destination Directory \\\\nas\\backup\\Documents\\ The network path was not found." : null,
            };
        }
    }
}
