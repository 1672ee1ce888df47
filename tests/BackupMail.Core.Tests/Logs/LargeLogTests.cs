using System.IO;
using System.Text;
using BackupMail.Jobs;
using BackupMail.Logs;
using Xunit;

namespace BackupMail.Tests.Logs
{
    /// <summary>A multi-gigabyte log (sparse, so it costs no disk): only its end is read.</summary>
    public class LargeLogTests
    {
        private const long FourGigabytes = 4L * 1024 * 1024 * 1024;

        private const string Summary =
            "\r\n------------------------------------------------------------------------------\r\n\r\n" +
            "               Total    Copied   Skipped  Mismatch    FAILED    Extras\r\n" +
            "    Dirs :      1204      1203         1         0         0         0\r\n" +
            "   Files :    982345    982340         0         0         5         0\r\n" +
            "   Bytes :   3.912 t   3.911 t         0         0   1.2 m         0\r\n" +
            "   Times :  10:02:09   9:58:01                       0:00:00   0:04:08\r\n\r\n" +
            "   Speed :           118,652,102 Bytes/sec.\r\n" +
            "   Speed :             6,789.345 MegaBytes/min.\r\n" +
            "   Ended : Friday, November 27, 2026 5:02:11 AM\r\n";

        [Fact]
        public void SummaryAndTailOfASparseFourGigabyteLog()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("huge.log");
                byte[] tail = Encoding.ASCII.GetBytes("\r\n2026/11/27 05:01:00 ERROR 32 (0x00000020) Copying File E:\\db\\live.mdf\r\nThe process cannot access the file because it is being used by another process.\r\n" + Summary);
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.SetLength(FourGigabytes - tail.Length);
                    stream.Seek(0, SeekOrigin.End);
                    stream.Write(tail, 0, tail.Length);
                }
                Assert.Equal(FourGigabytes, new FileInfo(path).Length);

                RobocopySummary s = RobocopyLogReader.TryReadSummary(path);
                Assert.NotNull(s);
                Assert.Equal(982340, s.Files.Copied);
                Assert.Equal(5, s.Files.Failed);
                Assert.Equal("3.911 t", s.Bytes.RawValues[1]);
                Assert.Equal(118652102, s.BytesPerSecond);

                LogFacts facts = LogFacts.Read(path, BackupTool.Robocopy, 3);
                Assert.Equal(1203, facts.DirsCopied);
                Assert.Equal(5, facts.FilesFailed);
                Assert.Equal("ERROR 32 (0x00000020) Copying File E:\\db\\live.mdf\nThe process cannot access the file because it is being used by another process.", facts.ErrorMessage);
                Assert.Equal("   Speed :           118,652,102 Bytes/sec.\n   Speed :             6,789.345 MegaBytes/min.\n   Ended : Friday, November 27, 2026 5:02:11 AM", facts.LogTail);
            }
        }

        [Fact]
        public void ASparseLogWithoutSummaryGivesNullAndATailWithoutNulCharacters()
        {
            using (var scratch = new ScratchDirectory())
            {
                string path = scratch.File("zeros.log");
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.SetLength(FourGigabytes);
                }
                Assert.Null(RobocopyLogReader.TryReadSummary(path));
                string tail = LogTail.Read(path, 20);
                Assert.DoesNotContain('\0', tail);
            }
        }
    }
}
