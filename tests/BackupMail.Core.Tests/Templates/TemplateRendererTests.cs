using System.Collections.Generic;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public class TemplateRendererTests
    {
        [Fact]
        public void TextBodyInsertsValuesAsTheyAre()
        {
            var values = new Dictionary<string, string> { ["BackupName"] = "<b>A & B</b>", ["ExitCode"] = "3" };
            RenderedMessage message = TemplateRenderer.Render(
                new MailTemplate { Subject = "##BackupName##", Body = "Job ##BackupName## exited ##ExitCode##.\n" }, values);
            Assert.Equal("Job <b>A & B</b> exited 3.\n", message.Body);
            Assert.Equal(BodyFormat.Text, message.BodyFormat);
        }

        [Fact]
        public void HtmlBodyEncodesEveryValue()
        {
            var values = new Dictionary<string, string>
            {
                ["BackupName"] = "<script>alert('x')</script>",
                ["ErrorMessage"] = "a \"quoted\" & <tag>",
                ["Source"] = "Tägliche Daten",
            };
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate
            {
                Subject = "##BackupName##",
                Body = "<p>##BackupName##</p>\n<p title=\"##ErrorMessage##\">x</p>\n<p>##Source##</p>",
                BodyFormat = BodyFormat.Html,
            }, values);
            Assert.DoesNotContain("<script>", message.Body);
            Assert.Contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>", message.Body);
            Assert.Contains("title=\"a &quot;quoted&quot; &amp; &lt;tag&gt;\"", message.Body);
            Assert.Contains("<p>Tägliche Daten</p>", message.Body); // UTF-8 body: only HTML's own characters are encoded
            // The subject is a header, not HTML: it is not encoded.
            Assert.Equal("<script>alert('x')</script>", message.Subject);
            Assert.Equal(BodyFormat.Html, message.BodyFormat);
        }

        [Theory]
        [InlineData("line1\r\nBcc: victim@example.com")]
        [InlineData("line1\nline2")]
        [InlineData("line1\rline2")]
        [InlineData("tab\there\u0007bell\u0085next\u2028sep")]
        public void SubjectIsAlwaysOneLine(string value)
        {
            var values = new Dictionary<string, string> { ["ErrorMessage"] = value };
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate { Subject = "Error: ##ErrorMessage##\r\n", Body = "" }, values);
            Assert.DoesNotContain('\r', message.Subject);
            Assert.DoesNotContain('\n', message.Subject);
            Assert.DoesNotContain(message.Subject, c => char.IsControl(c));
            Assert.DoesNotContain("  ", message.Subject);
            Assert.StartsWith("Error: ", message.Subject);
            Assert.False(message.Subject.EndsWith(" "));
        }

        [Fact]
        public void SubjectKeepsTheTextAroundABrokenValue()
        {
            var values = new Dictionary<string, string> { ["BackupName"] = "Nightly\r\nBcc: victim@example.com" };
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate { Subject = "PC: ##BackupName##: done", Body = "" }, values);
            Assert.Equal("PC: Nightly Bcc: victim@example.com: done", message.Subject);
        }

        [Fact]
        public void LinesWhosePlaceholdersAreAllEmptyAreLeftOut()
        {
            var values = new Dictionary<string, string> { ["BackupName"] = "Nightly", ["Source"] = "", ["ExitCode"] = null };
            string body = TemplateRenderer.Render(new MailTemplate
            {
                Subject = "",
                Body = "Header\r\nJob: ##BackupName##\r\nSource: ##Source##\r\nCode: ##ExitCode## (##Destination##)\r\nBoth: ##BackupName## ##Source##\r\n\r\nEnd",
            }, values).Body;
            Assert.Equal("Header\r\nJob: Nightly\r\nBoth: Nightly \r\n\r\nEnd", body);
        }

        [Fact]
        public void UnknownValuesRenderEmptyAndUnknownNamesStayVisible()
        {
            var values = new Dictionary<string, string> { ["BackupName"] = "Nightly" };
            string body = TemplateRenderer.Render(new MailTemplate { Subject = "", Body = "##BackupName##/##Source##/##NoSuchThing##" }, values).Body;
            Assert.Equal("Nightly//##NoSuchThing##", body);
        }

        [Fact]
        public void PlaceholdersInsideValuesAreNotExpanded()
        {
            var values = new Dictionary<string, string> { ["BackupName"] = "##ComputerName## ####", ["ComputerName"] = "PC" };
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate { Subject = "##BackupName##", Body = "##BackupName##" }, values);
            Assert.Equal("##ComputerName## ####", message.Subject);
            Assert.Equal("##ComputerName## ####", message.Body);
        }

        [Fact]
        public void ValuesAreFoundWhateverTheCaseOfTheCallersKeys()
        {
            var values = new Dictionary<string, string> { ["backupname"] = "Nightly" };
            Assert.Equal("Nightly", TemplateRenderer.Render(new MailTemplate { Subject = "##BackupName##", Body = "" }, values).Subject);
        }

        [Fact]
        public void NonCanonicalKeysFillEveryPlaceholderTheyNameAndMissingOnesStayEmpty()
        {
            var values = new Dictionary<string, string> { ["backup-name"] = "Nightly", ["STATUS"] = "Failure", ["Not a placeholder"] = "x" };
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate
            {
                Subject = "##BackupName## ##Status## ##ExitCode##",
                Body = "##Backup Name##: ##status##\nSource: ##Source##\nend ##BackupName##",
            }, values);
            Assert.Equal("Nightly Failure", message.Subject);
            Assert.Equal("Nightly: Failure\nend Nightly", message.Body);
        }
    }
}
