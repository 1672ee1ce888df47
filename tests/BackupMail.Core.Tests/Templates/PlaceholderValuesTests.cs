using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.Jobs;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public class PlaceholderValuesTests
    {
        private static readonly CultureInfo English = new CultureInfo("en-US");
        private static readonly CultureInfo German = new CultureInfo("de-DE");

        [Fact]
        public void ValuesOfARobocopyRun()
        {
            var run = new BackupRun
            {
                BackupName = "Nightly",
                Status = BackupStatus.Success,
                ExitCode = 1,
                Tool = BackupTool.Robocopy,
                StartTime = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.FromHours(1)),
                EndTime = new DateTimeOffset(2026, 11, 27, 1, 0, 42, TimeSpan.FromHours(1)),
                DirsCopied = 1204,
                FilesCopied = 98234,
                FilesFailed = 0,
                BytesCopied = 1320702444, // 1.23 GiB
                LogPath = "C:\\Logs\\n.log",
                LogTail = "a\nb\nc\n",
            };
            IReadOnlyDictionary<string, string> v = PlaceholderValues.From(run, English);
            Assert.Equal("robocopy reported exit code 1: files were copied successfully", v["ExitStatus"]);
            Assert.Equal("1", v["ExitCode"]);
            Assert.Equal("robocopy", v["Tool"]);
            Assert.Equal("Success", v["Status"]);
            Assert.Equal("Backup completed successfully", v["StatusText"]);
            Assert.Equal("42 s", v["Duration"]);
            Assert.Equal("1.23 GB", v["BytesCopied"]);
            Assert.Equal("98,234", v["FilesCopied"]);
            Assert.Equal("0", v["FilesFailed"]);
            Assert.Equal("11/27/2026 1:00 AM +01:00", v["StartTime"].Replace('\u202F', ' ')); // ICU puts a narrow space before AM
            Assert.Equal("2026-11-27T01:00:00.0000000+01:00", v["StartTimeIso"]);
            Assert.Equal("2026-11-27T01:00:42.0000000+01:00", v["EndTimeIso"]);
            Assert.Equal("a\nb\nc", v["LogTail"]);
            Assert.Equal("3", v["LogTailLines"]);
            Assert.False(v.ContainsKey("Source"));
            Assert.False(v.ContainsKey("ErrorMessage"));
            Assert.True(v.ContainsKey("backupname")); // keys are case-insensitive
        }

        [Fact]
        public void GermanFormatsAndSentences()
        {
            var run = new BackupRun
            {
                Status = BackupStatus.Warning,
                ExitCode = 5,
                Tool = BackupTool.Robocopy,
                StartTime = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero),
                EndTime = new DateTimeOffset(2026, 11, 27, 1, 3, 9, TimeSpan.Zero),
                BytesCopied = 1320702444,
                FilesCopied = 98234,
            };
            IReadOnlyDictionary<string, string> v = PlaceholderValues.From(run, German);
            Assert.Equal("robocopy meldete Exitcode 5: Dateien wurden erfolgreich kopiert; nicht übereinstimmende Dateien oder Verzeichnisse wurden gefunden", v["ExitStatus"]);
            Assert.Equal("Warnung", v["Status"]);
            Assert.Equal("3 Min. 09 Sek.", v["Duration"]);
            Assert.Equal("1,23 GB", v["BytesCopied"]);
            Assert.Equal("98.234", v["FilesCopied"]);
            Assert.Equal("27.11.2026 01:00 +00:00", v["StartTime"]);
            Assert.Equal("2026-11-27T01:03:09.0000000+00:00", v["EndTimeIso"]);
        }

        [Theory]
        [InlineData(0L, "0 bytes")]
        [InlineData(1023L, "1,023 bytes")]
        [InlineData(1024L, "1.00 KB")]
        [InlineData(1536L, "1.50 KB")]
        [InlineData(10485760L, "10.0 MB")]
        [InlineData(314572800L, "300 MB")]
        [InlineData(4398046511104L, "4.00 TB")]
        public void BytesAreHumanReadable(long bytes, string expected)
        {
            Assert.Equal(expected, PlaceholderValues.From(new BackupRun { BytesCopied = bytes }, English)["BytesCopied"]);
        }

        [Fact]
        public void AStatusWithoutExitCodeHasNoExitStatusOrTool()
        {
            IReadOnlyDictionary<string, string> v = PlaceholderValues.From(new BackupRun { Status = BackupStatus.Failure, ErrorMessage = "  disk full \n" }, English);
            Assert.False(v.ContainsKey("ExitStatus"));
            Assert.False(v.ContainsKey("ExitCode"));
            Assert.False(v.ContainsKey("Tool"));
            Assert.Equal("disk full", v["ErrorMessage"]);
            Assert.Equal("#c62828", v["StatusColor"]);
        }

        [Fact]
        public void ExamplesCoverEveryPlaceholder()
        {
            foreach (CultureInfo culture in new[] { English, German })
            {
                IReadOnlyDictionary<string, string> examples = PlaceholderValues.Examples(culture);
                foreach (string name in PlaceholderCatalog.Names)
                    Assert.False(string.IsNullOrWhiteSpace(examples[name]), name);
                Assert.Equal(Environment.MachineName, examples["ComputerName"]);
                Assert.Equal("3", examples["LogTailLines"]);
            }
            Assert.Equal("Nächtliche Sicherung Dateiserver", PlaceholderValues.Examples(German)["BackupName"]);
        }
    }
}
