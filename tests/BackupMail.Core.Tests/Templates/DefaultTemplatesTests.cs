using System;
using System.Globalization;
using BackupMail.Jobs;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public class DefaultTemplatesTests
    {
        private static BackupRun Run(BackupStatus status) => new BackupRun
        {
            BackupName = "Tägliches Backup",
            Status = status,
            ComputerName = "FILESRV01",
            UserName = "svc-backup",
            StartTime = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero),
            EndTime = new DateTimeOffset(2026, 11, 27, 2, 2, 5, TimeSpan.Zero),
            Source = "D:\\Shares",
        };

        [Theory]
        [InlineData("en-US", BackupStatus.Success, "Backup completed successfully")]
        [InlineData("en-US", BackupStatus.Warning, "Backup completed with warnings")]
        [InlineData("en-US", BackupStatus.Failure, "Backup failed")]
        [InlineData("de-DE", BackupStatus.Success, "Backup erfolgreich abgeschlossen")]
        [InlineData("de-DE", BackupStatus.Warning, "Backup mit Warnungen abgeschlossen")]
        [InlineData("de-DE", BackupStatus.Failure, "Backup fehlgeschlagen")]
        public void SubjectNamesComputerBackupAndStatusInTheUiLanguage(string culture, BackupStatus status, string phrase)
        {
            var ui = new CultureInfo(culture);
            foreach (BodyFormat format in new[] { BodyFormat.Text, BodyFormat.Html })
            {
                MailTemplate template = DefaultTemplates.Get(ui, format);
                Assert.Equal("Default", template.Name);
                Assert.True(template.IsBuiltIn);
                Assert.Equal(format, template.BodyFormat);
                TemplateParser.Validate(template);
                RenderedMessage message = TemplateRenderer.Render(template, PlaceholderValues.From(Run(status), ui));
                Assert.Equal("FILESRV01: Tägliches Backup: " + phrase, message.Subject);
                Assert.Contains(phrase, message.Body);
            }
        }

        [Theory]
        [InlineData("en-US", "Source:", "Destination:", "Duration:        1 h 02 min 05 s")]
        [InlineData("de-DE", "Quelle:", "Ziel:", "Dauer:               1 Std. 02 Min. 05 Sek.")]
        public void TextBodyListsKnownValuesAndLeavesOutUnknownOnes(string culture, string known, string unknown, string duration)
        {
            var ui = new CultureInfo(culture);
            string body = TemplateRenderer.Render(DefaultTemplates.Get(ui, BodyFormat.Text), PlaceholderValues.From(Run(BackupStatus.Success), ui)).Body;
            Assert.Contains(known, body);
            Assert.Contains("D:\\Shares", body);
            Assert.Contains(duration, body);
            Assert.DoesNotContain(unknown, body);
            Assert.DoesNotContain("##", body);
            // No log, so neither the heading of the log tail nor an empty tail.
            Assert.DoesNotContain(culture == "de-DE" ? "Zeilen des Protokolls" : "lines of the log", body);
        }

        [Fact]
        public void TextBodyShowsTheLogTailWithItsHeading()
        {
            BackupRun run = Run(BackupStatus.Failure);
            run.LogTail = "line a\nline b";
            run.ErrorMessage = "ERROR 5 (0x00000005) Copying File x\nAccess is denied.";
            string body = TemplateRenderer.Render(DefaultTemplates.Get(new CultureInfo("en-US"), BodyFormat.Text), PlaceholderValues.From(run, new CultureInfo("en-US"))).Body;
            Assert.Contains("Last 2 lines of the log:\nline a\nline b", body);
            Assert.Contains("Error:           ERROR 5 (0x00000005) Copying File x\nAccess is denied.", body);
        }

        [Theory]
        [InlineData(BackupStatus.Success, "#2e7d32")]
        [InlineData(BackupStatus.Warning, "#b26a00")]
        [InlineData(BackupStatus.Failure, "#c62828")]
        public void HtmlBodyHasABannerColouredByStatusAndATableOfEncodedValues(BackupStatus status, string colour)
        {
            var ui = new CultureInfo("en-US");
            BackupRun run = Run(status);
            run.Destination = "\\\\nas\\<backup>";
            run.LogTail = "<script>alert(1)</script>";
            string body = TemplateRenderer.Render(DefaultTemplates.Get(ui, BodyFormat.Html), PlaceholderValues.From(run, ui)).Body;
            Assert.Contains("background-color:" + colour + ";", body);
            Assert.Contains("<table", body);
            Assert.Contains(">Destination</th><td style=\"padding:4px 0;\">\\\\nas\\&lt;backup&gt;</td></tr>", body);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;</pre>", body);
            Assert.DoesNotContain("<script>", body);
            Assert.DoesNotContain(">Log file</th>", body); // unknown: its row is left out
            Assert.DoesNotContain("##", body);
        }

        [Fact]
        public void GermanHtmlBody()
        {
            var ui = new CultureInfo("de-DE");
            string body = TemplateRenderer.Render(DefaultTemplates.Get(ui, BodyFormat.Html), PlaceholderValues.From(Run(BackupStatus.Failure), ui)).Body;
            Assert.Contains("<html lang=\"de\">", body);
            Assert.Contains(">Quelle</th>", body);
            Assert.Contains("Backup fehlgeschlagen</div>", body);
        }

        [Theory]
        [InlineData("de-AT")]
        [InlineData("de-CH")]
        [InlineData("de")]
        public void EveryGermanCultureGetsTheGermanTemplate(string culture)
        {
            var ui = new CultureInfo(culture);
            RenderedMessage message = TemplateRenderer.Render(DefaultTemplates.Get(ui, BodyFormat.Text), PlaceholderValues.From(Run(BackupStatus.Success), ui));
            Assert.Equal("FILESRV01: Tägliches Backup: Backup erfolgreich abgeschlossen", message.Subject);
            Assert.Contains("Quelle:", message.Body);
        }

        [Fact]
        public void OtherLanguagesGetEnglish()
        {
            MailTemplate template = DefaultTemplates.Get(new CultureInfo("fr-FR"), BodyFormat.Text);
            Assert.Equal(DefaultTemplates.Get(new CultureInfo("en-US"), BodyFormat.Text).Body, template.Body);
            Assert.Contains("Backup job:", template.Body);
        }
    }
}
