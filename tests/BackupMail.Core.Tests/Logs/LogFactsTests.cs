using System.IO;
using System.Text;
using BackupMail.Jobs;
using BackupMail.Logs;
using Xunit;

namespace BackupMail.Tests.Logs
{
    public class LogFactsTests
    {
        [Fact]
        public void RobocopyFactsFillTheRun()
        {
            LogFacts facts = LogFacts.Read(LogFixtures.Path("ru_01_win10-11_error5-retrylimit_failed1_fujimir.cp866.log"), BackupTool.Robocopy, 5);
            Assert.Equal(93, facts.DirsCopied);
            Assert.Equal(22, facts.FilesCopied);
            Assert.Equal(1, facts.FilesFailed);
            Assert.Equal((long)System.Math.Round(2.67 * 1024 * 1024), facts.BytesCopied);
            Assert.Equal(5, facts.LogTail.Split('\n').Length);
            Assert.EndsWith("Окончание: вторник, 30 декабря 2025 г. 00:49:21", facts.LogTail);

            var run = new BackupRun { ErrorMessage = "given by the caller", FilesCopied = 7 };
            facts.ApplyTo(run);
            Assert.Equal("given by the caller", run.ErrorMessage);
            Assert.Equal(7, run.FilesCopied);
            Assert.Equal(1, run.FilesFailed);
            Assert.Equal(facts.LogTail, run.LogTail);
        }

        [Fact]
        public void RsyncStats()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("rsync.log");
                File.WriteAllText(path, string.Join("\n", LogFixtures.RsyncLog) + "\n", Encoding.UTF8);
                LogFacts facts = LogFacts.Read(path, BackupTool.Rsync);
                Assert.Equal(57, facts.FilesCopied);
                Assert.Equal(123456789, facts.BytesCopied);
                Assert.Null(facts.FilesFailed);
                Assert.Equal("rsync: [sender] send_files failed to open \"/srv/data/locked.db\": Permission denied (13)\n" +
                    "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]", facts.ErrorMessage);
            }
        }

        [Fact]
        public void ResticSummary()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("restic.log");
                File.WriteAllText(path, string.Join("\n", LogFixtures.ResticLog), Encoding.UTF8);
                LogFacts facts = LogFacts.Read(path, BackupTool.Restic);
                Assert.Equal(124, facts.FilesCopied);
                Assert.Equal(12, facts.DirsCopied);
                Assert.Equal(1610612736, facts.BytesCopied);
                Assert.Equal("error: open /home/u/.cache/locked: permission denied\nWarning: at least one source file could not be read", facts.ErrorMessage);
            }
        }

        [Fact]
        public void GenericToolRecognisesARobocopyLog()
        {
            LogFacts facts = LogFacts.Read(LogFixtures.Path("en_09_win10-11_eu-number-format_extras_sandesh.log"), BackupTool.Generic, 0);
            Assert.Equal(1, facts.FilesCopied);
            Assert.Null(facts.LogTail);
        }
    }
}
