using System;
using System.IO;
using System.Linq;
using System.Text;
using BackupMail.Logs;
using Xunit;

namespace BackupMail.Tests.Logs
{
    public class LogTailTests
    {
        [Fact]
        public void LastLinesOfARealLogWithoutProgressFigures()
        {
            // en_01 has a bare CR and "100%" after every file line; the tail shows the line itself.
            string tail = LogTail.Read(LogFixtures.Path("en_01_win7-2008r2_mt8_complete_dpoarch.log"), 13);
            string[] lines = tail.Split('\n');
            Assert.Equal(13, lines.Length);
            Assert.Equal("\t    New File  \t\t   42183\tposdeal_03060_012314011227.dwn", lines[0]);
            Assert.Equal("   Ended : Thu Jan 23 04:52:35 2014", lines[12]);
            Assert.DoesNotContain('\r', tail);
        }

        [Fact]
        public void Utf16LogTail()
        {
            string tail = LogTail.Read(LogFixtures.Path("en_04_win10-11_unilog_nfl-ndl_andrew6255.utf16le.log"), 3);
            Assert.Equal("   Speed :           334,750,079 Bytes/sec.\n   Speed :            19,154.553 MegaBytes/min.\n   Ended : Saturday, May 30, 2026 12:27:19 PM", tail);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(20)]
        [InlineData(999)]
        [InlineData(5000)]
        public void ExactlyTheLastNLinesOfAGeneratedFile(int count)
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("lines.log");
                string[] all = Enumerable.Range(1, 3000).Select(i => "line " + i + " " + new string('x', i % 97)).ToArray();
                File.WriteAllText(path, string.Join("\r\n", all) + "\r\n\r\n", Encoding.UTF8);
                string tail = LogTail.Read(path, count);
                Assert.Equal(all.Skip(Math.Max(0, all.Length - count)).ToArray(), tail.Split('\n'));
            }
        }

        [Fact]
        public void MaxBytesBoundsWhatIsRead()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("long-lines.log");
                string[] all = Enumerable.Range(1, 50).Select(i => i.ToString("D3") + new string('y', 10000)).ToArray();
                File.WriteAllText(path, string.Join("\n", all), Encoding.ASCII);
                string tail = LogTail.Read(path, 40, null, 35000);
                string[] lines = tail.Split('\n');
                Assert.Equal(3, lines.Length); // 35,000 bytes hold three whole lines of 10,003 characters
                Assert.Equal(all[49], lines[2]);
            }
        }

        [Fact]
        public void BinaryAndInvalidUtf8FilesNeitherThrowNorYieldControlCharacters()
        {
            using (var scratch = new ScratchDirectory())
            {
                var random = new Random(7);
                var bytes = new byte[300000];
                random.NextBytes(bytes);
                string binary = scratch.File("binary.bin");
                File.WriteAllBytes(binary, bytes);
                string invalid = scratch.File("invalid.log");
                File.WriteAllBytes(invalid, Enumerable.Repeat(new byte[] { 0x41, 0xC3, 0x28, 0xFF, 0xFE, 0x0A }, 20000).SelectMany(b => b).ToArray());

                string empty = scratch.File("empty.log");
                File.WriteAllBytes(empty, new byte[0]);

                foreach (string path in new[] { binary, invalid, empty })
                {
                    Assert.Null(RobocopyLogReader.TryReadSummary(path));
                    string tail = LogTail.Read(path, 20);
                    Assert.DoesNotContain(tail, c => c < ' ' && c != '\t' && c != '\n');
                    LogFacts facts = LogFacts.Read(path, BackupMail.Jobs.BackupTool.Generic);
                    Assert.Null(facts.FilesCopied);
                }
            }
        }

        [Fact]
        public void ALogLockedByAnotherProgramGivesLogUnreadable()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("locked.log");
                File.WriteAllText(path, "line\n");
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    var error = Assert.Throws<BackupMailException>(() => LogTail.Read(path, 20));
                    Assert.Equal("LogUnreadable", error.ErrorId);
                    Assert.Equal(BackupMailErrorKind.ResourceUnavailable, error.Kind);
                    Assert.Contains(path, error.Message);
                    Assert.Contains("locked", error.Message);
                    Assert.IsAssignableFrom<IOException>(error.InnerException);
                }
                Assert.Equal("line", LogTail.Read(path, 20)); // readable again once released
            }
        }

        [Fact]
        public void MissingFileAndDirectoryGiveErrorsThatSayWhatToDo()
        {
            using (var scratch = new ScratchDirectory())
            {
                string missing = scratch.File("nope.log");
                var notFound = Assert.Throws<BackupMailException>(() => LogTail.Read(missing, 20));
                Assert.Equal("LogNotFound", notFound.ErrorId);
                Assert.Equal(BackupMailErrorKind.ObjectNotFound, notFound.Kind);
                Assert.Contains(missing, notFound.Message);
                Assert.Contains("-LogPath", notFound.Message);
                Assert.Equal(missing, notFound.Target);

                var directory = Assert.Throws<BackupMailException>(() => LogFacts.Read(scratch.Root, BackupMail.Jobs.BackupTool.Robocopy));
                Assert.Equal("LogIsDirectory", directory.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidArgument, directory.Kind);
                Assert.Contains("/LOG:", directory.Message);

                var summary = Assert.Throws<BackupMailException>(() => RobocopyLogReader.TryReadSummary(missing));
                Assert.Equal("LogNotFound", summary.ErrorId);
            }
        }
    }
}
