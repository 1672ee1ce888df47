using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Jobs;
using BackupMail.Templates;
using BackupMail.Tests.Logs;
using Xunit;

namespace BackupMail.Tests.Templates
{
    /// <summary>Numbers and dates in the template's culture, times with their UTC offset, and the ISO placeholders.</summary>
    public sealed class TemplateCultureTests
    {
        private static readonly TimeSpan PlusOne = TimeSpan.FromHours(1);

        private static BackupRun Run() => new BackupRun
        {
            BackupName = "Nightly",
            Status = BackupStatus.Success,
            StartTime = new DateTimeOffset(2026, 12, 4, 17, 42, 0, PlusOne),
            EndTime = new DateTimeOffset(2026, 12, 4, 18, 5, 30, PlusOne),
            FilesCopied = 1234567,
            BytesCopied = 1320702444,
        };

        private static readonly MailTemplate Template = new MailTemplate
        {
            Subject = "##BackupName## ##StartTime##",
            Body = "Start ##StartTime##\nEnd ##EndTime##\nIso ##StartTimeIso## / ##EndTimeIso##\nFiles ##FilesCopied##\nData ##BytesCopied##\n",
        };

        [Fact]
        public void GermanTemplate()
        {
            string body = TemplateRenderer.Render(Template, PlaceholderValues.From(Run(), TemplateCulture.Resolve("de-DE", null))).Body;
            Assert.Equal("Start 04.12.2026 17:42 +01:00\nEnd 04.12.2026 18:05 +01:00\n"
                + "Iso 2026-12-04T17:42:00.0000000+01:00 / 2026-12-04T18:05:30.0000000+01:00\nFiles 1.234.567\nData 1,23 GB\n", body);
        }

        [Fact]
        public void EnglishTemplate()
        {
            string body = TemplateRenderer.Render(Template, PlaceholderValues.From(Run(), TemplateCulture.Resolve("en-US", null))).Body;
            Assert.Equal("Start 12/4/2026 5:42 PM +01:00\nEnd 12/4/2026 6:05 PM +01:00\n"
                + "Iso 2026-12-04T17:42:00.0000000+01:00 / 2026-12-04T18:05:30.0000000+01:00\nFiles 1,234,567\nData 1.23 GB\n",
                body.Replace('\u202F', ' '));
        }

        [Fact]
        public void TheIsoValueRoundTrips()
        {
            var run = Run();
            run.StartTime = new DateTimeOffset(2026, 6, 1, 3, 4, 5, TimeSpan.FromHours(-7)).AddTicks(1234567);
            string iso = PlaceholderValues.From(run, new CultureInfo("de-DE"))["StartTimeIso"];
            DateTimeOffset parsed = DateTimeOffset.ParseExact(iso, "o", CultureInfo.InvariantCulture, DateTimeStyles.None);
            Assert.Equal(run.StartTime.Value, parsed);
            Assert.Equal(run.StartTime.Value.Offset, parsed.Offset);
        }

        [Fact]
        public void NoCultureMeansTheUiCultureAtSendTime()
        {
            Assert.Equal("de-DE", TemplateCulture.Resolve(null, new CultureInfo("de-DE")).Name);
            Assert.Equal("en-GB", TemplateCulture.Resolve("", new CultureInfo("en-GB")).Name);
            Assert.Equal("fr-FR", TemplateCulture.Resolve("fr-FR", new CultureInfo("en-GB")).Name);
            // A name edited into config.json by hand that no culture has: the UI culture, never an exception on a send.
            Assert.Equal("en-GB", TemplateCulture.Resolve("no such culture!", new CultureInfo("en-GB")).Name);
        }

        [Fact]
        public void NamesAreCheckedAndSpelledCanonically()
        {
            Assert.Equal("de-DE", TemplateCulture.Normalize("de-de"));
            Assert.Equal("en-US", TemplateCulture.Normalize(" en_US "));
            Assert.Null(TemplateCulture.Normalize(""));
            var error = Assert.Throws<BackupMailException>(() => TemplateCulture.Normalize("xx-Nowhere"));
            Assert.Equal("TemplateCultureInvalid", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("'xx-Nowhere'", error.Message);
        }

        [Fact]
        public void TheCatalogListsTheIsoPlaceholdersWithExamples()
        {
            var all = PlaceholderCatalog.GetAll(new CultureInfo("en-US")).ToDictionary(p => p.Name);
            Assert.Matches(@"^2026-11-27T01:00:00\.0000000[+-]\d\d:\d\d$", all["StartTimeIso"].Example);
            Assert.Matches(@"^2026-11-27T01:42:17\.0000000[+-]\d\d:\d\d$", all["EndTimeIso"].Example);
            Assert.Matches(@"^11/27/2026 1:00\sAM [+-]\d\d:\d\d$", all["StartTime"].Example);
            Assert.Equal("StartTimeIso", PlaceholderCatalog.FindName("##start-time iso##"));
            var german = PlaceholderCatalog.GetAll(new CultureInfo("de-DE")).ToDictionary(p => p.Name);
            Assert.Matches(@"^27\.11\.2026 01:42 [+-]\d\d:\d\d$", german["EndTime"].Example);
        }

        [Fact]
        public void TheServiceStoresCultureAndTextBody()
        {
            using (var dir = new ScratchDirectory())
            {
                var service = new TemplateService(new ConfigStore(dir.Root), new CultureInfo("en-US"));
                service.Set("Weekly", "s ##BackupName##", "<p>##BackupName##</p>", BodyFormat.Html, "Text ##BackupName##", "de-de");

                MailTemplate stored = new TemplateService(new ConfigStore(dir.Root), null).Find("weekly");
                Assert.Equal("de-DE", stored.Culture);
                Assert.Equal("Text ##BackupName##", stored.TextBody);

                // Only the subject changes: culture and text stay.
                service.Set("Weekly", "other", null, null, null, null);
                stored = service.Find("Weekly");
                Assert.Equal("de-DE", stored.Culture);
                Assert.Equal("Text ##BackupName##", stored.TextBody);

                // A new HTML body without a text drops the old text, so the two never disagree; '' clears the culture.
                service.Set("Weekly", null, "<p>new</p>", null, null, "");
                stored = service.Find("Weekly");
                Assert.Null(stored.TextBody);
                Assert.Null(stored.Culture);

                Assert.Equal("TemplateCultureInvalid", Assert.Throws<BackupMailException>(() => service.Set("Weekly", null, null, null, null, "zz-Nowhere")).ErrorId);
                var unknown = Assert.Throws<BackupMailException>(() => service.Set("Weekly", null, null, null, "##Nope##", null));
                Assert.Equal("TemplatePlaceholderUnknown", unknown.ErrorId);
            }
        }

        [Fact]
        public void ReportIsBuiltInHtmlWithItsOwnText()
        {
            foreach (string culture in new[] { "en-US", "de-DE" })
            {
                var ui = new CultureInfo(culture);
                MailTemplate report = DefaultTemplates.GetReport(ui);
                Assert.Equal("Report", report.Name);
                Assert.Equal(BodyFormat.Html, report.BodyFormat);
                Assert.False(string.IsNullOrWhiteSpace(report.TextBody));
                TemplateParser.Validate(report);

                var run = Run();
                run.Status = BackupStatus.Failure;
                run.ErrorMessage = "ERROR 5 <Access> & denied\nsecond line";
                run.LogTail = "tail <1>\ntail 2";
                RenderedMessage message = TemplateRenderer.Render(report, PlaceholderValues.From(run, ui));
                Assert.Contains("background-color:#c62828", message.Body);
                Assert.Contains(">ERROR 5 &lt;Access&gt; &amp; denied\nsecond line</pre>", message.Body);
                Assert.Contains(">tail &lt;1&gt;\ntail 2</pre>", message.Body);
                Assert.Contains("<html lang=\"" + culture.Substring(0, 2) + "\">", message.Body);
                Assert.Contains("ERROR 5 <Access> & denied", message.TextBody);
            }
        }
    }
}
