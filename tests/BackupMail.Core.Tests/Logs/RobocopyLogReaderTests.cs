using System;
using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Logs;
using Xunit;

namespace BackupMail.Tests.Logs
{
    /// <summary>The summary of real robocopy logs, checked against the values in Fixtures/robocopy/INDEX.txt.</summary>
    public class RobocopyLogReaderTests
    {
        private static long Units(double value, int power) => (long)Math.Round(value * Math.Pow(1024, power));

        private static void AssertRow(RobocopySummaryRow row, long total, long copied, long skipped, long mismatch, long failed, long extras)
        {
            Assert.Equal(new[] { total, copied, skipped, mismatch, failed, extras },
                new[] { row.Total, row.Copied, row.Skipped, row.Mismatch, row.Failed, row.Extras });
        }

        [Fact]
        public void EnglishAnsiCompleteLog()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("en_01_win7-2008r2_mt8_complete_dpoarch.log"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 5, 4, 1, 0, 0, 0);
            AssertRow(s.Files, 7245, 7245, 0, 0, 0, 0);
            Assert.Equal(new[] { "2.114 g", "2.114 g", "0", "0", "0", "0" }, s.Bytes.RawValues);
            Assert.Equal(Units(2.114, 3), s.Bytes.Copied);
            Assert.Equal(new[] { "1:20:59", "0:08:02", "0:00:00", "0:01:00" }, s.Times);
            Assert.Empty(s.Speed);
            Assert.Null(s.BytesPerSecond);
            Assert.Equal("Thu Jan 23 04:52:35 2014", s.Ended);
            Assert.Equal("Dirs", s.Dirs.Label);
        }

        [Fact]
        public void FatalErrorWithoutSummaryGivesNullButTheErrorIsFound()
        {
            string path = LogFixtures.Path("en_02_win7-2008r2_fatal-error3_no-summary_dpoarch.log");
            Assert.Null(RobocopyLogReader.TryReadSummary(path));
            LogFacts facts = LogFacts.Read(path, BackupMail.Jobs.BackupTool.Robocopy);
            Assert.Null(facts.RobocopySummary);
            Assert.Null(facts.FilesCopied);
            Assert.Equal("ERROR 3 (0x00000003) Accessing Source Directory P:\\pollz\\bin\\\nThe system cannot find the path specified.", facts.ErrorMessage);
        }

        [Fact]
        public void RetriedErrorIsReportedOnceWithItsExplanation()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("en_03_win10-11_error5-retrylimit_courtmanager.log"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 1, 1, 1, 0, 0, 0);
            AssertRow(s.Files, 0, 0, 0, 0, 0, 0);
            AssertRow(s.Bytes, 0, 0, 0, 0, 0, 0);
            Assert.Equal("Tuesday, May 12, 2026 2:22:22 AM", s.Ended);
            Assert.Equal("ERROR 5 (0x00000005) Accessing Destination Directory D:\\CourtManager\\\nAccess is denied.", s.ErrorMessage);
        }

        [Fact]
        public void Utf16LittleEndianUnilog()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("en_04_win10-11_unilog_nfl-ndl_andrew6255.utf16le.log"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 991, 981, 10, 0, 0, 0);
            AssertRow(s.Files, 6755, 6743, 12, 0, 0, 1);
            Assert.Equal(new[] { "2.430 g", "2.430 g", "6.4 k", "0", "0", "0" }, s.Bytes.RawValues);
            Assert.Equal(Units(6.4, 1), s.Bytes.Skipped);
            Assert.Equal(334750079, s.BytesPerSecond);
            Assert.Equal(new[] { "334,750,079 Bytes/sec.", "19,154.553 MegaBytes/min." }, s.Speed);
            Assert.Equal("Saturday, May 30, 2026 12:27:19 PM", s.Ended);
        }

        [Fact]
        public void Utf16WithoutByteOrderMarkIsDetected()
        {
            using (var scratch = new ScratchDirectory())
            {
                byte[] bytes = File.ReadAllBytes(LogFixtures.Path("en_06_win10-11_unilog_extras_axi338.utf16le.log"));
                Assert.Equal(new byte[] { 0xFF, 0xFE }, bytes.Take(2).ToArray());
                string path = scratch.File("nobom.log");
                File.WriteAllBytes(path, bytes.Skip(2).ToArray());
                RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
                Assert.NotNull(s);
                AssertRow(s.Files, 243, 196, 47, 0, 0, 6);
            }
        }

        [Fact]
        public void Utf16ExtrasAndMegabytes()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("en_06_win10-11_unilog_extras_axi338.utf16le.log"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 31, 2, 29, 0, 0, 0);
            AssertRow(s.Files, 243, 196, 47, 0, 0, 6);
            Assert.Equal(new[] { "390.87 m", "384.70 m", "6.17 m", "0", "0", "31.59 m" }, s.Bytes.RawValues);
            Assert.Equal(Units(384.70, 2), s.Bytes.Copied);
            Assert.Equal(Units(31.59, 2), s.Bytes.Extras);
            Assert.Equal(603873206, s.BytesPerSecond);
            Assert.Equal("Sunday, May 3, 2026 2:21:22 PM", s.Ended);
        }

        [Fact]
        public void EuropeanNumberFormatInSpeed()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("en_09_win10-11_eu-number-format_extras_sandesh.log"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 5, 5, 5, 0, 0, 0);
            AssertRow(s.Files, 41, 1, 40, 0, 0, 22);
            Assert.Equal(new[] { "3.60 m", "41.3 k", "3.55 m", "0", "0", "401.0 k" }, s.Bytes.RawValues);
            Assert.Equal(Units(41.3, 1), s.Bytes.Copied);
            Assert.Equal(42351000, s.BytesPerSecond);
            Assert.Equal("Saturday, 29 March 2025 08:32:36", s.Ended);
        }

        [Fact]
        public void NothingCopiedNoSpeed()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("en_12_win10-11_mt32_nothing-copied_no-speed_niranjan.log"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 30066, 30066, 30066, 0, 0, 0);
            AssertRow(s.Files, 157149, 0, 157149, 0, 0, 0);
            Assert.Equal(new[] { "11.057 g", "0", "11.057 g", "0", "0", "0" }, s.Bytes.RawValues);
            Assert.Empty(s.Speed);
            Assert.Equal("28 March 2026 22:11:56", s.Ended);
        }

        [Fact]
        public void GermanSummaryLabels()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("de_02_win10-11_summary-only_45g_blog-mirroring-a-drive.PARTIAL.txt"));
            Assert.NotNull(s);
            Assert.Equal("Verzeich.", s.Dirs.Label);
            Assert.Equal("Dateien", s.Files.Label);
            AssertRow(s.Dirs, 25, 24, 1, 0, 0, 0);
            AssertRow(s.Files, 889, 889, 0, 0, 0, 0);
            Assert.Equal(Units(45.476, 3), s.Bytes.Copied);
            Assert.Equal(new[] { "0:00:21", "0:00:20", "0:00:00", "0:00:00" }, s.Times);
            Assert.Equal(2354175723, s.BytesPerSecond);
            Assert.Equal("Sonntag, 21. April 2024 14:03:01", s.Ended);
        }

        [Fact]
        public void GermanAbridgedLogGivesTheLastJob()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("de_03_win10_abridged-realigned_iobroker-docs.PARTIAL.txt"));
            Assert.NotNull(s);
            AssertRow(s.Dirs, 746, 475, 271, 0, 0, 799);
            AssertRow(s.Files, 3630, 3630, 0, 0, 0, 3443);
            Assert.Equal(new[] { "16.27 m", "16.27 m", "0", "0", "0", "13.12 m" }, s.Bytes.RawValues);
            Assert.Equal(3396273, s.BytesPerSecond);
            Assert.Null(s.Ended);
        }

        [Theory]
        [InlineData(1252)]
        [InlineData(850)]
        public void GermanAnsiAndOemCodePages(int codePage)
        {
            // The German sample re-encoded as robocopy /LOG writes it on a German Windows (ANSI or OEM code page).
            string text = File.ReadAllText(LogFixtures.Path("de_02_win10-11_summary-only_45g_blog-mirroring-a-drive.PARTIAL.txt"), Encoding.UTF8)
                .Replace("\r\n", "\n").Replace("\n", "\r\n");
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("de-" + codePage + ".log");
                File.WriteAllBytes(path, LogFixtures.CodePage(codePage).GetBytes(text));
                RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
                Assert.NotNull(s);
                AssertRow(s.Files, 889, 889, 0, 0, 0, 0);
                Assert.Equal("Sonntag, 21. April 2024 14:03:01", s.Ended);
                LogFacts facts = LogFacts.Read(path, BackupMail.Jobs.BackupTool.Robocopy, 50);
                Assert.Equal(codePage, facts.Encoding.CodePage);
                Assert.Contains("KopiertÜbersprungenKeine Übereinstimmung", facts.LogTail);
            }
        }

        [Fact]
        public void RussianOemCp866WithFailedFile()
        {
            string path = LogFixtures.Path("ru_01_win10-11_error5-retrylimit_failed1_fujimir.cp866.log");
            RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
            Assert.NotNull(s);
            Assert.Equal("Каталогов", s.Dirs.Label);
            AssertRow(s.Dirs, 96, 93, 92, 0, 0, 1);
            AssertRow(s.Files, 180, 22, 157, 0, 1, 4);
            Assert.Equal(new[] { "33.97 m", "2.67 m", "31.30 m", "0", "538", "6.92 m" }, s.Bytes.RawValues);
            Assert.Equal(538, s.Bytes.Failed);
            Assert.Equal(1671206, s.BytesPerSecond);
            Assert.Equal("вторник, 30 декабря 2025 г. 00:49:21", s.Ended);
            Assert.StartsWith("ОШИБКА 5 (0x00000005) Копирование файла ", s.ErrorMessage);
            Assert.EndsWith(".gitignore\nОтказано в доступе.", s.ErrorMessage);
        }

        [Fact]
        public void RussianUtf16WithoutByteOrderMark()
        {
            string text = File.ReadAllText(LogFixtures.Path("ru_01_win10-11_error5-retrylimit_failed1_fujimir.utf8.txt"), Encoding.UTF8);
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("ru-utf16-nobom.log");
                File.WriteAllBytes(path, new UnicodeEncoding(false, false).GetBytes(text));
                RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
                Assert.NotNull(s);
                AssertRow(s.Files, 180, 22, 157, 0, 1, 4);
                Assert.Equal("вторник, 30 декабря 2025 г. 00:49:21", s.Ended);
            }
        }

        [Fact]
        public void AnAnsiLogWhoseOnlyAccentsAreInTheHeaderIsReadAsAnsi()
        {
            // The end of the log is plain ASCII; only robocopy's German header ("für") tells UTF-8 and ANSI apart.
            var text = new StringBuilder();
            text.Append("-------------------------------------------------------------------------------\r\n");
            text.Append("   ROBOCOPY     ::     Robustes Dateikopieren für Windows\r\n");
            text.Append("-------------------------------------------------------------------------------\r\n\r\n");
            for (int i = 0; i < 2000; i++) text.Append("\t    Neue Datei  \t\t   36920\tdatei_" + i.ToString("D5") + ".dat\r\n");
            text.Append(File.ReadAllText(LogFixtures.Path("en_03_win10-11_error5-retrylimit_courtmanager.log"), Encoding.ASCII).Split(new[] { "------------------------------------------------------------------------------\n\n" }, StringSplitOptions.None).Last().Replace("\n", "\r\n"));
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("ansi-header.log");
                File.WriteAllBytes(path, LogFixtures.CodePage(1252).GetBytes(text.ToString()));
                Assert.True(new FileInfo(path).Length > 64 * 1024);
                LogFacts facts = LogFacts.Read(path, BackupMail.Jobs.BackupTool.Robocopy);
                Assert.Equal(1252, facts.Encoding.CodePage);
                Assert.Equal(0, facts.FilesCopied);
                Assert.Equal("Tuesday, May 12, 2026 2:22:22 AM", facts.RobocopySummary.Ended);
            }
        }

        [Fact]
        public void RussianUtf8CopyGivesTheSameSummary()
        {
            RobocopySummary s = RobocopyLogReader.TryReadSummary(LogFixtures.Path("ru_01_win10-11_error5-retrylimit_failed1_fujimir.utf8.txt"));
            Assert.NotNull(s);
            AssertRow(s.Files, 180, 22, 157, 0, 1, 4);
            Assert.Equal("вторник, 30 декабря 2025 г. 00:49:21", s.Ended);
        }

        [Fact]
        public void SummaryOfAnEarlierRunIsNotReportedForALaterRunThatHasNone()
        {
            using (var scratch = new ScratchDirectory())
            {
                // /LOG+ appends: a complete run followed by one that died with a fatal error.
                string path = scratch.File("appended.log");
                File.WriteAllBytes(path, File.ReadAllBytes(LogFixtures.Path("en_03_win10-11_error5-retrylimit_courtmanager.log"))
                    .Concat(File.ReadAllBytes(LogFixtures.Path("en_02_win7-2008r2_fatal-error3_no-summary_dpoarch.log"))).ToArray());
                Assert.Null(RobocopyLogReader.TryReadSummary(path));
                LogFacts facts = LogFacts.Read(path, BackupMail.Jobs.BackupTool.Robocopy);
                Assert.StartsWith("ERROR 3 (0x00000003)", facts.ErrorMessage);
                Assert.DoesNotContain("ERROR 5", facts.ErrorMessage);
            }
        }

        [Theory]
        [InlineData("1.234 g", 1324997411L)]
        [InlineData("1,234 g", 1324997411L)]
        [InlineData("12.5 m", 13107200L)]
        [InlineData("345 k", 353280L)]
        [InlineData("0", 0L)]
        [InlineData("2269890216", 2269890216L)]
        public void ByteCountsInEveryFormRobocopyWrites(string written, long expected)
        {
            using (var scratch = new ScratchDirectory())
            {
                string pad(string v) => v.PadLeft(12);
                string path = scratch.File("bytes.log");
                File.WriteAllText(path,
                    "               Total    Copied   Skipped  Mismatch    FAILED    Extras\r\n" +
                    "    Dirs :         1         1         0         0         0         0\r\n" +
                    "   Files :         2         2         0         0         0         0\r\n" +
                    "   Bytes :" + pad(written) + pad(written) + pad("0") + pad("0") + pad("0") + pad("0") + "\r\n" +
                    "   Ended : Friday, November 27, 2026 7:00:00 AM\r\n", Encoding.ASCII);
                RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
                Assert.NotNull(s);
                Assert.Equal(expected, s.Bytes.Total);
                Assert.Equal(written, s.Bytes.RawValues[0]);
            }
        }
    }
}
