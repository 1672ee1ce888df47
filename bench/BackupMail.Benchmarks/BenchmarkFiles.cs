using System;
using System.IO;
using System.Text;

namespace BackupMail.Benchmarks
{
    /// <summary>Generated log files for the benchmarks, in the temp directory.</summary>
    internal static class BenchmarkFiles
    {
        internal const string RobocopySummary =
            "\r\n------------------------------------------------------------------------------\r\n\r\n" +
            "               Total    Copied   Skipped  Mismatch    FAILED    Extras\r\n" +
            "    Dirs :      1204        12      1192         0         0         0\r\n" +
            "   Files :     48211       913     47297         0         1         0\r\n" +
            "   Bytes :  41.728 g   1.204 g  40.524 g         0    12.5 m         0\r\n" +
            "   Times :   0:04:12   0:03:10                       0:00:00   0:01:02\r\n\r\n" +
            "   Speed :             6804535 Bytes/sec.\r\n" +
            "   Speed :             389.359 MegaBytes/min.\r\n" +
            "   Ended : Friday, 27 November 2026 03:04:12\r\n";

        /// <summary>A sparse file of <paramref name="length"/> bytes ending in a robocopy summary.</summary>
        internal static string SparseRobocopyLog(long length)
        {
            var path = Path.Combine(Path.GetTempPath(), $"backupmail-bench-robocopy-{length}.log");
            var summary = Encoding.ASCII.GetBytes(RobocopySummary);
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                stream.SetLength(length - summary.Length);
                stream.Seek(0, SeekOrigin.End);
                stream.Write(summary, 0, summary.Length);
            }

            return path;
        }

        /// <summary>A real (not sparse) text log of about <paramref name="length"/> bytes: robocopy-like file lines.</summary>
        internal static string TextLog(long length)
        {
            var path = Path.Combine(Path.GetTempPath(), $"backupmail-bench-text-{length}.log");
            if (File.Exists(path) && new FileInfo(path).Length >= length)
            {
                return path;
            }

            var random = new Random(42);
            using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
            {
                long written = 0;
                var line = new StringBuilder();
                while (written < length)
                {
                    line.Clear();
                    line.Append("\t    New File  \t\t  ").Append(random.Next(1, 9_999_999)).Append("\tC:\\Users\\backup\\Documents\\Project-")
                        .Append(random.Next(1, 500)).Append("\\report-").Append(random.Next()).Append(".docx");
                    writer.WriteLine(line);
                    written += line.Length + 2;
                }

                writer.Write(RobocopySummary);
            }

            return path;
        }
    }
}
