using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Templates;
using BackupMail.Tests.Logs;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public class TemplateServiceTests
    {
        private static readonly CultureInfo English = new CultureInfo("en-US");

        [Fact]
        public void DefaultAndReportExistFromTheStart()
        {
            using (var dir = new ScratchDirectory())
            {
                var service = new TemplateService(new ConfigStore(dir.Root), English);
                Assert.Equal(new[] { "Default", "Report", "Digest" }, service.GetAll().Select(t => t.Name));
                MailTemplate only = service.GetAll()[0];
                Assert.Equal("Default", only.Name);
                Assert.True(only.IsBuiltIn);
                MailTemplate found = service.Find("default");
                Assert.Equal(DefaultTemplates.Get(English, BodyFormat.Text).Body, found.Body);
                Assert.False(File.Exists(Path.Combine(dir.Root, "config.json")));
            }
        }

        [Fact]
        public void SetCreatesThenUpdatesKeepingWhatIsNotGiven()
        {
            using (var dir = new ScratchDirectory())
            {
                var store = new ConfigStore(dir.Root);
                var service = new TemplateService(store, English);
                service.Set("Weekly", "##BackupName##: ##Status##", "<p>##ExitStatus##</p>", BodyFormat.Html);
                service.Set("weekly", null, "<p>##Duration##</p>", null);

                MailTemplate weekly = new TemplateService(new ConfigStore(dir.Root), English).Find("WEEKLY");
                Assert.Equal("Weekly", weekly.Name);
                Assert.Equal("##BackupName##: ##Status##", weekly.Subject);
                Assert.Equal("<p>##Duration##</p>", weekly.Body);
                Assert.Equal(BodyFormat.Html, weekly.BodyFormat);
                Assert.False(weekly.IsBuiltIn);
                Assert.Contains("<p>##Duration##</p>", File.ReadAllText(store.ConfigFilePath));
                Assert.Equal(new[] { "Default", "Report", "Digest", "Weekly" }, service.GetAll().Select(t => t.Name));
            }
        }

        [Fact]
        public void ANewTemplateWithOnlyASubjectStartsFromTheDefaultBody()
        {
            using (var dir = new ScratchDirectory())
            {
                var service = new TemplateService(new ConfigStore(dir.Root), English);
                MailTemplate t = service.Set("Short", "##BackupName##", null, BodyFormat.Html);
                Assert.Equal(DefaultTemplates.Get(English, BodyFormat.Html).Body, t.Body);
            }
        }

        [Fact]
        public void AnUnknownPlaceholderIsRefusedAndNothingIsWritten()
        {
            using (var dir = new ScratchDirectory())
            {
                var store = new ConfigStore(dir.Root);
                var service = new TemplateService(store, English);
                service.Set("Weekly", "ok ##BackupName##", "body", null);
                string before = File.ReadAllText(store.ConfigFilePath);

                var error = Assert.Throws<BackupMailException>(() => service.Set("Weekly", "##Backup-Nmae##", null, null));
                Assert.Equal("TemplatePlaceholderUnknown", error.ErrorId);
                Assert.Contains("##BackupName##", error.Message);
                Assert.Equal(before, File.ReadAllText(store.ConfigFilePath));
                Assert.Equal("ok ##BackupName##", service.Find("Weekly").Subject);
            }
        }

        [Fact]
        public void FindNamesTheTemplatesThatExist()
        {
            using (var dir = new ScratchDirectory())
            {
                var service = new TemplateService(new ConfigStore(dir.Root), English);
                service.Set("Weekly", "s", "b", null);
                var error = Assert.Throws<BackupMailException>(() => service.Find("Monthly"));
                Assert.Equal("TemplateNotFound", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.ObjectNotFound, error.Kind);
                Assert.Contains("'Monthly'", error.Message);
                Assert.Contains("Default, Report, Digest, Weekly", error.Message);
                Assert.Contains("Set-BackupMailTemplate", error.Message);
            }
        }

        [Fact]
        public void ResetRestoresTheDefaultAndRemovesOthers()
        {
            using (var dir = new ScratchDirectory())
            {
                var service = new TemplateService(new ConfigStore(dir.Root), new CultureInfo("de-DE"));
                service.Set("Default", "Mein Betreff ##BackupName##", null, null);
                Assert.False(service.Find("Default").IsBuiltIn);
                Assert.Equal(DefaultTemplates.Get(new CultureInfo("de-DE"), BodyFormat.Text).Body, service.Find("Default").Body);
                service.Set("Weekly", "s", "b", null);

                service.Reset("Default");
                Assert.True(service.Find("Default").IsBuiltIn);
                Assert.Equal("##ComputerName##: ##BackupName##: ##StatusText##", service.Find("Default").Subject);
                service.Reset("weekly");
                Assert.Equal(new[] { "Default", "Report", "Digest" }, service.GetAll().Select(t => t.Name));
                service.Reset("Default"); // nothing stored: still fine

                var error = Assert.Throws<BackupMailException>(() => service.Reset("Weekly"));
                Assert.Equal("TemplateNotFound", error.ErrorId);
            }
        }
    }
}
