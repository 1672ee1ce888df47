using System.Collections.Generic;
using System.Linq;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public class TemplateParserTests
    {
        private static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string> { ["BackupName"] = "Nightly", ["Status"] = "Success" };

        private static string Body(string template)
            => TemplateRenderer.Render(new MailTemplate { Subject = "s", Body = template }, Values).Body;

        [Fact]
        public void SplitsTextAndPlaceholders()
        {
            IReadOnlyList<TemplateSegment> segments = TemplateParser.Parse("Job ##Backup-Name## is ##status##.");
            Assert.Equal(new[] { "Job ", null, " is ", null, "." }, segments.Select(s => s.Text));
            Assert.Equal(new[] { null, "##Backup-Name##", null, "##status##", null }, segments.Select(s => s.Token));
            Assert.Equal(new[] { null, "BackupName", null, "Status", null }, segments.Select(s => s.Name));
        }

        [Theory]
        [InlineData("####", "##")]
        [InlineData("####Status####", "##Status##")]
        [InlineData("a ######BackupName## b", "a ##Nightly b")]
        [InlineData("##BackupName####Status##", "NightlySuccess")]
        [InlineData("### Heading", "### Heading")]
        [InlineData("color:#1e7e34;", "color:#1e7e34;")]
        [InlineData("## not closed", "## not closed")]
        [InlineData("##a.b##", "##a.b##")]
        [InlineData("C# ## 5", "C# ## 5")]
        public void EscapesAndLiteralHashes(string template, string rendered)
        {
            Assert.Equal(rendered, Body(template));
        }

        [Fact]
        public void UnknownPlaceholderIsRefusedNamingTheNearestAndTheListCommand()
        {
            var template = new MailTemplate { Subject = "##ComputerName##", Body = "Job: ##BackupNmae##" };
            var error = Assert.Throws<BackupMailException>(() => TemplateParser.Validate(template));
            Assert.Equal("TemplatePlaceholderUnknown", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
            Assert.Equal("##BackupNmae##", error.Target);
            Assert.Contains("##BackupNmae##", error.Message);
            Assert.Contains("##BackupName##", error.Message);
            Assert.Contains("Get-BackupMailTemplateValue", error.Message);
            Assert.Contains("####", error.Message);
        }

        [Fact]
        public void UnknownPlaceholderInTheSubjectIsRefusedToo()
        {
            var error = Assert.Throws<BackupMailException>(() => TemplateParser.Validate(new MailTemplate { Subject = "##Compuetr##", Body = "" }));
            Assert.Contains("##ComputerName##", error.Message);
        }

        [Fact]
        public void ValidTemplatesAndEscapedTokensPass()
        {
            TemplateParser.Validate(new MailTemplate { Subject = "##computer name##: ##BACKUP_NAME##", Body = "####NotAPlaceholder#### ##LogTail##" });
            TemplateParser.Validate(new MailTemplate { Subject = null, Body = null });
        }
    }
}
