using System.Globalization;
using BackupMail.Jobs;
using Xunit;

namespace BackupMail.Tests.Jobs
{
    public class ExitCodeInterpreterTests
    {
        private static readonly CultureInfo English = new CultureInfo("en-US");

        [Theory]
        [InlineData(0, BackupStatus.Success)]
        [InlineData(1, BackupStatus.Success)]
        [InlineData(2, BackupStatus.Success)]
        [InlineData(3, BackupStatus.Success)]
        [InlineData(4, BackupStatus.Warning)]
        [InlineData(5, BackupStatus.Warning)]
        [InlineData(7, BackupStatus.Warning)]
        [InlineData(8, BackupStatus.Failure)]
        [InlineData(9, BackupStatus.Failure)]
        [InlineData(15, BackupStatus.Failure)]
        [InlineData(16, BackupStatus.Failure)]
        [InlineData(31, BackupStatus.Failure)]
        [InlineData(32, BackupStatus.Failure)]
        [InlineData(-1, BackupStatus.Failure)]
        public void Robocopy(int code, BackupStatus expected)
        {
            Assert.Equal(expected, ExitCodeInterpreter.Interpret(BackupTool.Robocopy, code, English).Status);
        }

        [Theory]
        [InlineData(0, "robocopy reported exit code 0: no files were copied, source and destination were already in sync")]
        [InlineData(1, "robocopy reported exit code 1: files were copied successfully")]
        [InlineData(3, "robocopy reported exit code 3: files were copied successfully; extra files or directories were found in the destination")]
        [InlineData(9, "robocopy reported exit code 9: files were copied successfully; some files or directories could not be copied")]
        [InlineData(16, "robocopy reported exit code 16: a fatal error stopped robocopy (check the source, the destination and the command line)")]
        [InlineData(-1, "the program reported exit code -1, which robocopy never returns; it may not have started")]
        public void RobocopySentencesNameTheBits(int code, string sentence)
        {
            Assert.Equal(sentence, ExitCodeInterpreter.Interpret(BackupTool.Robocopy, code, English).Sentence);
        }

        [Fact]
        public void SentencesFollowTheCulture()
        {
            Assert.Equal("robocopy meldete Exitcode 1: Dateien wurden erfolgreich kopiert",
                ExitCodeInterpreter.Interpret(BackupTool.Robocopy, 1, new CultureInfo("de-DE")).Sentence);
            Assert.Equal("rsync meldete Exitcode 24: einige Quelldateien sind vor der Übertragung verschwunden",
                ExitCodeInterpreter.Interpret(BackupTool.Rsync, 24, new CultureInfo("de-DE")).Sentence);
        }

        [Theory]
        [InlineData(0, BackupStatus.Success)]
        [InlineData(1, BackupStatus.Failure)]
        [InlineData(23, BackupStatus.Failure)]
        [InlineData(24, BackupStatus.Warning)]
        [InlineData(25, BackupStatus.Failure)]
        [InlineData(255, BackupStatus.Failure)]
        public void Rsync(int code, BackupStatus expected)
        {
            Assert.Equal(expected, ExitCodeInterpreter.Interpret(BackupTool.Rsync, code, English).Status);
        }

        [Theory]
        [InlineData(0, BackupStatus.Success)]
        [InlineData(1, BackupStatus.Failure)]
        [InlineData(2, BackupStatus.Failure)]
        [InlineData(3, BackupStatus.Warning)]
        [InlineData(4, BackupStatus.Failure)]
        [InlineData(130, BackupStatus.Failure)]
        public void Restic(int code, BackupStatus expected)
        {
            Assert.Equal(expected, ExitCodeInterpreter.Interpret(BackupTool.Restic, code, English).Status);
        }

        [Theory]
        [InlineData(0, BackupStatus.Success)]
        [InlineData(1, BackupStatus.Failure)]
        [InlineData(-1, BackupStatus.Failure)]
        [InlineData(3, BackupStatus.Failure)]
        public void Generic(int code, BackupStatus expected)
        {
            Assert.Equal(expected, ExitCodeInterpreter.Interpret(BackupTool.Generic, code, English).Status);
        }

        [Fact]
        public void OtherSentences()
        {
            Assert.Equal("rsync reported exit code 24: some source files vanished before they could be transferred", ExitCodeInterpreter.Interpret(BackupTool.Rsync, 24, English).Sentence);
            Assert.Equal("rsync reported exit code 99: an error that rsync does not document", ExitCodeInterpreter.Interpret(BackupTool.Rsync, 99, English).Sentence);
            Assert.Equal("restic reported exit code 3: some source data could not be read; the snapshot is incomplete", ExitCodeInterpreter.Interpret(BackupTool.Restic, 3, English).Sentence);
            Assert.Equal("The program reported exit code 2: anything other than 0 counts as a failure", ExitCodeInterpreter.Interpret(BackupTool.Generic, 2, English).Sentence);
        }

        [Theory]
        [InlineData("robocopy", BackupTool.Robocopy)]
        [InlineData("ROBOCOPY.EXE", BackupTool.Robocopy)]
        [InlineData("C:\\Windows\\System32\\Robocopy.exe", BackupTool.Robocopy)]
        [InlineData("\"C:\\Program Files\\restic\\restic.exe\"", BackupTool.Restic)]
        [InlineData("restic_0.17.3_windows_amd64.exe", BackupTool.Restic)]
        [InlineData("/usr/bin/rsync", BackupTool.Rsync)]
        [InlineData("robocopyx.exe", BackupTool.Generic)]
        [InlineData("C:\\robocopy\\backup.cmd", BackupTool.Generic)]
        [InlineData("7z.exe", BackupTool.Generic)]
        [InlineData("", BackupTool.Generic)]
        [InlineData(null, BackupTool.Generic)]
        public void GuessTool(string path, BackupTool expected)
        {
            Assert.Equal(expected, ExitCodeInterpreter.GuessTool(path));
        }
    }
}
