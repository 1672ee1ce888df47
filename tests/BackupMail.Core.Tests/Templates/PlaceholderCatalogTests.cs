using System.Globalization;
using System.Linq;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public class PlaceholderCatalogTests
    {
        public static readonly string[] Required =
        {
            "BackupName", "Status", "ExitStatus", "ExitCode", "Tool", "ComputerName", "UserName", "StartTime", "EndTime",
            "Duration", "Source", "Destination", "DirsCopied", "FilesCopied", "FilesFailed", "BytesCopied", "ErrorMessage",
            "LogPath", "LogTail", "StatusText",
        };

        [Theory]
        [InlineData("BackupName")]
        [InlineData("##BackupName##")]
        [InlineData("##Backup-Name##")]
        [InlineData("##backup name##")]
        [InlineData("BACKUP_NAME")]
        [InlineData(" backup - name ")]
        public void NamesMatchIgnoringCaseSpacesHyphensAndUnderscores(string token)
        {
            Assert.Equal("BackupName", PlaceholderCatalog.Find(token)?.Name);
        }

        [Theory]
        [InlineData("BackupNam")]
        [InlineData("Backup.Name")]
        [InlineData("")]
        [InlineData("Nonsense")]
        public void OtherNamesAreNotFound(string token)
        {
            Assert.Null(PlaceholderCatalog.Find(token));
        }

        [Theory]
        [InlineData("BackupNmae", "BackupName")]
        [InlineData("FileCopied", "FilesCopied")]
        [InlineData("Bytes", "BytesCopied")]
        [InlineData("Computer", "ComputerName")]
        [InlineData("Destinaton", "Destination")]
        [InlineData("LogTial", "LogTail")]
        [InlineData("ExitCod", "ExitCode")]
        public void SuggestionIsTheNearestValidName(string token, string expected)
        {
            Assert.Equal(expected, PlaceholderCatalog.Suggest(token));
        }

        [Fact]
        public void EveryRequiredPlaceholderIsListedWithDescriptionAndExampleInBothLanguages()
        {
            var english = PlaceholderCatalog.GetAll(new CultureInfo("en-US")).ToDictionary(p => p.Name);
            var german = PlaceholderCatalog.GetAll(new CultureInfo("de-DE")).ToDictionary(p => p.Name);
            foreach (string name in Required)
            {
                Assert.True(english.ContainsKey(name), name);
                Assert.False(string.IsNullOrWhiteSpace(english[name].Description), name);
                Assert.False(string.IsNullOrWhiteSpace(english[name].Example), name);
                Assert.DoesNotContain("Placeholder_", english[name].Description);
                Assert.DoesNotContain("Placeholder_", german[name].Description);
                Assert.Equal("##" + name + "##", english[name].Token);
            }
            Assert.Equal("The backup job's name (-BackupName).", english["BackupName"].Description);
            Assert.Equal("Der Name des Backup-Auftrags (-BackupName).", german["BackupName"].Description);
            Assert.Equal(PlaceholderCatalog.Names.Count, english.Count);
        }
    }
}
