using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    /// <summary>The test mail says it is one, and its sample run agrees with itself.</summary>
    public sealed class TestMessageTests
    {
        private static readonly CultureInfo English = new CultureInfo("en-US");
        private static readonly CultureInfo German = new CultureInfo("de-DE");

        [Theory]
        [InlineData("en-US", "This is a test message from Send-BackupMailTest, sent through the account 'Office'.")]
        [InlineData("de-DE", "Dies ist eine Testnachricht von Send-BackupMailTest, gesendet über das Konto 'Office'.")]
        public void SubjectAndBodySayItIsATestOfTheAccount(string culture, string note)
        {
            var ui = new CultureInfo(culture);
            RenderedMessage message = TestMessage.Render(DefaultTemplates.Get(ui, BodyFormat.Text), "Office", ui);

            Assert.StartsWith("[Test] " + Environment.MachineName + ": ", message.Subject);
            Assert.StartsWith(note, message.Body);
            Assert.StartsWith(note + " ", message.Body.Split('\n')[0] + " ");
        }

        [Fact]
        public void TheSampleRunIsASuccessWithoutErrors()
        {
            foreach (CultureInfo culture in new[] { English, German })
            {
                IReadOnlyDictionary<string, string> sample = PlaceholderValues.TestMailSample(culture);
                Assert.Equal(culture == German ? "Erfolgreich" : "Success", sample["Status"]);
                Assert.Equal("1", sample["ExitCode"]);
                Assert.Equal("0", sample["FilesFailed"]);
                Assert.False(sample.ContainsKey("ErrorMessage"));
                Assert.Equal("#2e7d32", sample["StatusColor"]);
                Assert.Equal(culture == German ? "42 Min. 17 Sek." : "42 min 17 s", sample["Duration"]);
                Assert.Equal(culture == German ? "12,4 GB" : "12.4 GB", sample["BytesCopied"]);
                Assert.Equal(culture == German ? "18.342" : "18,342", sample["FilesCopied"]);
                Assert.Contains("18342     18342         0", sample["LogTail"]); // the log tail tells the same story
            }
        }

        [Fact]
        public void TheTestMailOfTheDefaultTemplateHasNoErrorLine()
        {
            RenderedMessage message = TestMessage.Render(DefaultTemplates.Get(English, BodyFormat.Text), "Default", English);
            Assert.DoesNotContain("Error:", message.Body);
            Assert.DoesNotContain("Access is denied", message.Body);
            Assert.Contains("Status:          Success", message.Body);
            Assert.Contains("Files failed:    0", message.Body);
        }

        [Fact]
        public void AnHtmlTestMailGetsTheNoteAfterBodyAndInItsTextAlternative()
        {
            RenderedMessage message = TestMessage.Render(DefaultTemplates.GetReport(German), "Büro & Co", German);

            Assert.StartsWith("[Test] ", message.Subject);
            int body = message.Body.IndexOf("<body", StringComparison.Ordinal);
            int note = message.Body.IndexOf("Dies ist eine Testnachricht", StringComparison.Ordinal);
            Assert.True(body >= 0 && note > body, "the note is inside <body>");
            Assert.Contains("Konto &#39;Büro &amp; Co&#39;", message.Body);
            Assert.StartsWith("Dies ist eine Testnachricht von Send-BackupMailTest, gesendet über das Konto 'Büro & Co'.", message.TextBody);
            Assert.Contains("Backup-Auftrag:      Nächtliche Sicherung Dateiserver", message.TextBody);
        }

        [Fact]
        public void AVeryLongSubjectStillStartsWithTheMarkerAndIsShortened()
        {
            var template = new MailTemplate { Subject = new string('x', 400), Body = "b" };
            RenderedMessage message = TestMessage.Render(template, "Default", English);
            Assert.StartsWith("[Test] xxx", message.Subject);
            Assert.Equal(TemplateRenderer.MaxSubjectLength, message.Subject.Length);
        }

        [Fact]
        public void TheTemplatesCultureWins()
        {
            var template = new MailTemplate { Subject = "##Status##", Body = "##StartTime##", Culture = "de-DE" };
            RenderedMessage message = TestMessage.Render(template, "Default", English);
            Assert.Equal("[Test] Erfolgreich", message.Subject);
            Assert.StartsWith("Dies ist eine Testnachricht", message.Body);
            Assert.Matches(@"27\.11\.2026 01:00 [+-]\d\d:\d\d$", message.Body);
        }
    }
}
