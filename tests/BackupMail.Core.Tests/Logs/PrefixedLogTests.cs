using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Jobs;
using BackupMail.Logs;
using Xunit;

namespace BackupMail.Tests.Logs
{
    /// <summary>
    /// Logs that a script's own logger wrote, one tool line at a time behind its own prefix (time, level, a separator):
    /// every real robocopy log in Fixtures/robocopy, re-written with each prefix style, gives the same summary as the original.
    /// </summary>
    public class PrefixedLogTests
    {
        /// <summary>The fixtures: complete logs, partial ones, German, Russian, ANSI, OEM and UTF-16.</summary>
        public static readonly string[] Fixtures =
        {
            "en_01_win7-2008r2_mt8_complete_dpoarch.log",
            "en_02_win7-2008r2_fatal-error3_no-summary_dpoarch.log",
            "en_03_win10-11_error5-retrylimit_courtmanager.log",
            "en_04_win10-11_unilog_nfl-ndl_andrew6255.utf16le.log",
            "en_06_win10-11_unilog_extras_axi338.utf16le.log",
            "en_09_win10-11_eu-number-format_extras_sandesh.log",
            "en_12_win10-11_mt32_nothing-copied_no-speed_niranjan.log",
            "de_02_win10-11_summary-only_45g_blog-mirroring-a-drive.PARTIAL.txt",
            "de_03_win10_abridged-realigned_iobroker-docs.PARTIAL.txt",
            "ru_01_win10-11_error5-retrylimit_failed1_fujimir.cp866.log",
            "ru_01_win10-11_error5-retrylimit_failed1_fujimir.utf8.txt",
        };

        /// <summary>Prefix styles of loggers seen in scripts; the time and the level change from line to line.</summary>
        public static readonly Dictionary<string, Func<int, string>> Styles = new Dictionary<string, Func<int, string>>
        {
            // The issue's example: 12:56:51   Info     |       Files :  74  59 ...
            ["time-level-pipe"] = i => $"{12 + i / 3600 % 12:D2}:{i / 60 % 60:D2}:{i % 60:D2}   {(i % 5 == 0 ? "Warning" : "Info"),-8} |    ",
            ["iso-brackets"] = i => $"2024-05-30 {i / 3600 % 24:D2}:{i / 60 % 60:D2}:{i % 60:D2}.{i % 1000:D3} [{(i % 7 == 0 ? "ERROR" : "INFO")}] ",
            ["german-logger"] = i => $"{1 + i % 28:D2}.05.2024 {9 + i % 10}:{i % 60:D2}:07,{i % 100:D2} {(i % 3 == 0 ? "Fehler" : "Hinweis")} - ",
            ["level-colon"] = i => $"[30.05.2024 {i % 24:D2}:{i % 60:D2}:19] {(i % 2 == 0 ? "INFO" : "VERBOSE")}: ",
            ["tabs"] = i => $"2024-05-30T12:{i % 60:D2}:19Z\t{(i % 4 == 0 ? "warn" : "info")}\t",
            ["syslog"] = i => $"<13>May {1 + i % 30,2} 12:27:{i % 60:D2} backup-host robocopy.ps1[{4000 + i % 900}]: ",
        };

        public static IEnumerable<object[]> Cases() =>
            from fixture in Fixtures from style in Styles.Keys select new object[] { fixture, style };

        public static IEnumerable<object[]> StyleNames() => Styles.Keys.Select(style => new object[] { style });

        [Theory]
        [MemberData(nameof(Cases))]
        public void EveryFixtureWithALoggerPrefixGivesTheSameSummary(string fixture, string style)
        {
            string original = LogFixtures.Path(fixture);
            RobocopySummary expected = RobocopyLogReader.TryReadSummary(original);
            LogFacts expectedFacts = LogFacts.Read(original, BackupTool.Robocopy, 0);
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("prefixed-" + fixture);
                WritePrefixed(original, path, expectedFacts.Encoding, Styles[style]);

                RobocopySummary actual = RobocopyLogReader.TryReadSummary(path);
                LogFacts facts = LogFacts.Read(path, BackupTool.Robocopy, 0);
                Assert.Equal(expectedFacts.Encoding.CodePage, facts.Encoding.CodePage);
                Assert.Equal(expectedFacts.ErrorMessage, facts.ErrorMessage);
                Assert.Equal(expectedFacts.FilesCopied, facts.FilesCopied);
                Assert.Equal(expectedFacts.BytesCopied, facts.BytesCopied);
                if (expected == null)
                {
                    Assert.Null(actual);
                    return;
                }

                Assert.NotNull(actual);
                foreach (var (want, got) in new[] { (expected.Dirs, actual.Dirs), (expected.Files, actual.Files), (expected.Bytes, actual.Bytes) })
                {
                    Assert.Equal(want.Label, got.Label);
                    Assert.Equal(want.RawValues, got.RawValues);
                    Assert.Equal(new[] { want.Total, want.Copied, want.Skipped, want.Mismatch, want.Failed, want.Extras },
                        new[] { got.Total, got.Copied, got.Skipped, got.Mismatch, got.Failed, got.Extras });
                }
                Assert.Equal(expected.Times, actual.Times);
                Assert.Equal(expected.Speed, actual.Speed);
                Assert.Equal(expected.BytesPerSecond, actual.BytesPerSecond);
                Assert.Equal(expected.Ended, actual.Ended);
                Assert.Equal(expected.ErrorMessage, actual.ErrorMessage);
            }
        }

        [Fact]
        public void TheFixturesGiveWhatTheirIndexSays()
        {
            // Guards the comparison above against a reader that reads nothing from either file.
            Assert.Equal(7245, RobocopyLogReader.TryReadSummary(LogFixtures.Path(Fixtures[0])).Files.Copied);
            Assert.Equal("Dateien", RobocopyLogReader.TryReadSummary(LogFixtures.Path(Fixtures[8])).Files.Label);
            Assert.Equal(538, RobocopyLogReader.TryReadSummary(LogFixtures.Path(Fixtures[9])).Bytes.Failed);
            Assert.Equal(Fixtures.Length, Fixtures.Distinct().Count());
        }

        [Fact]
        public void TheIssuesExampleWithGermanLabels()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("logger.log");
                File.WriteAllText(path, string.Join("\r\n",
                    "12:56:40   Info     |   ROBOCOPY     ::     Robustes Dateikopieren für Windows",
                    "12:56:51   Info     |               Insgesamt   Kopiert Übersprungen  Keine Übereinstimmung    FEHLER    Extras",
                    "12:56:51   Info     |    Verzeich.:        12         3         9         0         0         0",
                    "12:56:51   Info     |      Dateien:        74        59        15         0         0         2",
                    "12:56:51   Info     |        Bytes:   1.204 g   1.001 g  207.3 m         0         0    12.5 k",
                    "12:56:51   Info     |       Zeiten:   0:01:02   0:00:58                       0:00:00   0:00:03",
                    "12:56:51   Info     |",
                    "12:56:51   Info     |    Geschwindigkeit:            18534221 Bytes/Sek.",
                    "12:56:51   Info     |    Geschwindigkeit:            1060.537 Megabytes/Min.",
                    "12:56:51   Info     |      Beendet: Donnerstag, 30. Mai 2024 12:56:51",
                    ""), new UTF8Encoding(false));
                RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
                Assert.NotNull(s);
                Assert.Equal(new[] { "Verzeich.", "Dateien", "Bytes" }, new[] { s.Dirs.Label, s.Files.Label, s.Bytes.Label });
                Assert.Equal(59, s.Files.Copied);
                Assert.Equal(2, s.Files.Extras);
                Assert.Equal(new[] { "1.204 g", "1.001 g", "207.3 m", "0", "0", "12.5 k" }, s.Bytes.RawValues);
                Assert.Equal(new[] { "0:01:02", "0:00:58", "0:00:00", "0:00:03" }, s.Times);
                Assert.Equal(18534221, s.BytesPerSecond);
                Assert.Equal("Donnerstag, 30. Mai 2024 12:56:51", s.Ended);
            }
        }

        [Fact]
        public void OrdinaryFileLinesWithNumbersAreNoSummary()
        {
            using (var scratch = new ScratchDirectory())
            {
                // File and directory names made of numbers, behind a logger's prefix and without one: no table.
                string path = scratch.File("numbers.log");
                var lines = new List<string>();
                for (int i = 0; i < 30; i++)
                {
                    lines.Add($"12:56:{i:D2}   Info     |   \t    New File  \t\t   42183\t1 2 3 4 5 {i}");
                    lines.Add($"\t  New Dir          3\tD:\\1 2 3 4 5 {i}\\");
                    lines.Add($"12:56:{i:D2}   Info     |   \t  New Dir          3\t\\\\nas\\share\\1 2 3 4 5 {i}\\");
                }
                // Three rows of six numbers whose prefixes have different shapes are not one table either.
                lines.Add("12:56:51   Info     |    Dirs :   1   1   0   0   0   0");
                lines.Add("[INFO] Files :   2   2   0   0   0   0");
                lines.Add("12:56:51   Info     |   Bytes :   3   3   0   0   0   0");
                File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", Encoding.ASCII);
                Assert.Null(RobocopyLogReader.TryReadSummary(path));
                Assert.Null(LogFacts.Read(path, BackupTool.Generic, 0).FilesCopied);
            }
        }

        [Theory]
        [MemberData(nameof(StyleNames))]
        public void RsyncStatsBehindAPrefix(string style)
        {
            LogFacts facts = ReadPrefixed(LogFixtures.RsyncLog, style, BackupTool.Rsync);
            Assert.Equal(57, facts.FilesCopied);
            Assert.Equal(123456789, facts.BytesCopied);
            Assert.Equal("rsync: [sender] send_files failed to open \"/srv/data/locked.db\": Permission denied (13)\n" +
                "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]", facts.ErrorMessage);
        }

        [Theory]
        [MemberData(nameof(StyleNames))]
        public void ResticSummaryBehindAPrefix(string style)
        {
            LogFacts facts = ReadPrefixed(LogFixtures.ResticLog, style, BackupTool.Restic);
            Assert.Equal(124, facts.FilesCopied);
            Assert.Equal(12, facts.DirsCopied);
            Assert.Equal(1610612736, facts.BytesCopied);
            Assert.Equal("error: open /home/u/.cache/locked: permission denied\nWarning: at least one source file could not be read", facts.ErrorMessage);
        }

        [Fact]
        public void FileNamesThatLookLikeRsyncOrResticLabelsAreNotRead()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("names.log");
                File.WriteAllText(path, string.Join("\n",
                    "12:00:01 Info | docs/Number of files transferred: 12.txt",
                    "12:00:01 Info | docs/Total transferred file size: 99 bytes.txt",
                    "12:00:02 Info | new /home/u/notes/Files:  1 new,  2 changed,  3 unmodified",
                    "12:00:02 Info | unchanged /home/u/my-error: notes.txt",
                    "12:00:03 Info | /backup/rsync: copy.txt",
                    ""), Encoding.UTF8);
                LogFacts facts = LogFacts.Read(path, BackupTool.Generic, 0);
                Assert.Null(facts.FilesCopied);
                Assert.Null(facts.BytesCopied);
                Assert.Null(facts.ErrorMessage);
            }
        }

        private static LogFacts ReadPrefixed(string[] log, string style, BackupTool tool)
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File(style + ".log");
                File.WriteAllText(path, string.Join("\n", log.Select((line, i) => Styles[style](i) + line)) + "\n", new UTF8Encoding(false));
                return LogFacts.Read(path, tool, 0);
            }
        }

        /// <summary>Writes <paramref name="source"/> again with a prefix before each of its lines, in its encoding (and byte order mark).</summary>
        private static void WritePrefixed(string source, string target, Encoding encoding, Func<int, string> prefix)
        {
            byte[] bytes = File.ReadAllBytes(source);
            int preambleLength;
            using (var original = new MemoryStream(bytes, false)) preambleLength = LogEncoding.PreambleLength(original, encoding);
            string text = encoding.GetString(bytes, preambleLength, bytes.Length - preambleLength);
            string[] lines = text.Split('\n');
            var prefixed = new StringBuilder(text.Length * 2);
            for (int i = 0; i < lines.Length; i++)
            {
                if (i == lines.Length - 1 && lines[i].Length == 0) break; // after the last line break
                prefixed.Append(prefix(i)).Append(lines[i]);
                if (i < lines.Length - 1) prefixed.Append('\n');
            }
            using (var stream = File.Create(target))
            {
                stream.Write(bytes, 0, preambleLength);
                byte[] body = encoding.GetBytes(prefixed.ToString());
                stream.Write(body, 0, body.Length);
            }
        }
    }
}
