using System;
using System.Globalization;
using System.Linq;
using BackupMail.Digest;
using BackupMail.Jobs;
using BackupMail.Rules;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Digest
{
    /// <summary>What a digest says, read back from the server: text and HTML parts, rows, errors, overdue jobs, languages, templates.</summary>
    public sealed class DigestContentTests : IDisposable
    {
        private readonly DigestTestBed _bed = new DigestTestBed();
        private readonly TestSmtpServer _server = TestSmtpServer.Start();

        public DigestContentTests() => _bed.Bed.PointAt(_server);

        public void Dispose()
        {
            _server.Dispose();
            _bed.Dispose();
        }

        [Fact]
        public void A_digest_has_a_banner_one_row_per_job_and_the_errors_in_text_and_html()
        {
            _bed.Record("Docs");
            _bed.Record("Docs", BackupStatus.Failure, "ERROR 112 <disk> full\nsecond line");
            _bed.Record("Photos", BackupStatus.Warning, exitCode: 4);
            _bed.Record("Docs");

            var outcome = Assert.Single(_bed.SendTo());

            Assert.NotNull(outcome.Result);
            Assert.Equal(DeliveryAction.Sent, outcome.Result.Action);
            Assert.Equal("Digest", outcome.Result.BackupName);
            Assert.Equal(BackupStatus.Failure, outcome.Result.Status);
            var message = Assert.Single(_server.Messages).Message;
            Assert.Equal(outcome.Result.MessageId, message.MessageId);
            Assert.StartsWith("digest.", message.MessageId);
            Assert.Contains("Backup digest: 1 failed, 1 with warnings — runs: 4, jobs: 2.", message.Subject);

            var text = DigestTestBed.Text(message);
            var rows = text.Split('\n');
            Assert.Contains(rows, r => r.StartsWith("Job ") && r.Contains("Last status") && r.Contains("Runs") && r.Contains("Copied"));
            var docs = Assert.Single(rows, r => r.StartsWith("Docs "));
            Assert.Matches(@"^Docs\s+Success\s+3\s+1\s+.*42 min.*3\.00 GB$", docs);
            var photos = Assert.Single(rows, r => r.StartsWith("Photos "));
            Assert.Matches(@"^Photos\s+Warning\s+1\s+0\s+never\s+.*1\.00 GB$", photos);
            Assert.Contains("Errors:\n- Docs, ", text);
            Assert.Contains("Failure (exit code 8)\n    ERROR 112 <disk> full\n    second line\n", text);
            Assert.Contains("- Photos, ", text);
            Assert.Contains("Warning (exit code 4)", text);
            Assert.DoesNotContain("Overdue jobs:", text);

            var html = DigestTestBed.Html(message);
            Assert.Contains("<table", html);
            Assert.Equal(3, html.Split(new[] { "<tr>" }, StringSplitOptions.None).Length - 1);
            Assert.Contains("ERROR 112 &lt;disk&gt; full\nsecond line</pre>", html);
            Assert.Contains("background-color:#c62828", html);
            Assert.Contains(">Errors</h3><ul", html);
            Assert.DoesNotContain("Overdue jobs", html);
            Assert.DoesNotContain("\uE000", html + text + message.Subject);
        }

        [Fact]
        public void Overdue_jobs_are_listed_and_make_an_all_green_digest_a_warning()
        {
            _bed.Record("Docs");
            _bed.Overdue.Add(new OverdueJob("Archive", _bed.Now.AddDays(-9), _bed.Now.AddDays(-2)));
            _bed.Overdue.Add(new OverdueJob("NeverRan", null, _bed.Now.AddHours(-1)));

            var result = Assert.Single(_bed.SendTo()).Result;

            Assert.Equal(BackupStatus.Warning, result.Status);
            var message = Assert.Single(_server.Messages).Message;
            Assert.Contains("All runs successful — runs: 1, jobs: 1. Overdue jobs: 2.", message.Subject);
            var text = DigestTestBed.Text(message);
            Assert.Contains("Overdue jobs:\n- Archive: last run ", text);
            Assert.Contains("- NeverRan: no run recorded, due since ", text);
            Assert.DoesNotContain("Errors:", text);
            Assert.Contains("<h3 style=\"margin:16px 0 4px 0;\">Overdue jobs</h3><ul", DigestTestBed.Html(message));
        }

        [Fact]
        public void In_rules_mode_each_group_sees_only_its_jobs_overdue()
        {
            _bed.Record("Docs");
            _bed.Record("Mail");
            _bed.Overdue.Add(new OverdueJob("Docs-Offsite", null, _bed.Now.AddHours(-1)));

            var outcomes = _bed.Send(new DigestRequest(),
                DigestTestBed.Rule("Docs", DigestCadence.Daily, "docs@example.com"),
                DigestTestBed.Rule("Docs-Offsite", DigestCadence.Daily, "docs@example.com"),
                DigestTestBed.Rule("Mail", DigestCadence.Daily, "mail@example.com"),
                DigestTestBed.Rule("Other", DigestCadence.None, "other@example.com"));

            Assert.Equal(2, outcomes.Count);
            var docs = Assert.Single(_server.Messages, m => m.EnvelopeTo.Contains("docs@example.com")).Message;
            var mail = Assert.Single(_server.Messages, m => m.EnvelopeTo.Contains("mail@example.com")).Message;
            Assert.Contains("Docs-Offsite: no run recorded", DigestTestBed.Text(docs));
            Assert.DoesNotContain("\nMail ", DigestTestBed.Text(docs));
            Assert.DoesNotContain("Docs-Offsite", DigestTestBed.Text(mail));
            Assert.Contains("\nMail ", DigestTestBed.Text(mail));
        }

        [Fact]
        public void The_built_in_digest_is_german_under_a_german_ui_culture()
        {
            _bed.Culture = CultureInfo.GetCultureInfo("de-DE");
            _bed.Record("Dokumente", BackupStatus.Failure, "Kein Speicherplatz");
            _bed.Record("Dokumente", bytes: 1536L * 1024 * 1024);

            Assert.Single(_bed.SendTo());

            var message = Assert.Single(_server.Messages).Message;
            Assert.Contains("Backup-Übersicht: 1 fehlgeschlagen — Läufe: 2, Jobs: 1.", message.Subject);
            var text = DigestTestBed.Text(message);
            Assert.Contains("Zeitraum: ", text);
            Assert.Contains("Letzter Erfolg", text);
            Assert.Contains("Fehler:\n- Dokumente, ", text);
            Assert.Contains("Fehlgeschlagen (Exitcode 8)", text);
            Assert.Matches(@"\nDokumente\s+Erfolgreich\s+2\s+1\s+.*2,50 GB\n", text);
            Assert.Contains("lang=\"de\"", DigestTestBed.Html(message));
        }

        [Fact]
        public void Force_sends_a_digest_that_says_there_were_no_runs()
        {
            var result = Assert.Single(_bed.SendTo(force: true)).Result;

            Assert.Equal(BackupStatus.Success, result.Status);
            var message = Assert.Single(_server.Messages).Message;
            Assert.Contains("No backup runs since the last digest.", message.Subject);
            var text = DigestTestBed.Text(message);
            Assert.DoesNotContain("Job ", text);
            Assert.DoesNotContain("<table", DigestTestBed.Html(message));
        }

        [Fact]
        public void A_user_text_template_gets_the_lists_as_text_and_an_html_template_as_html()
        {
            var templates = new TemplateService(_bed.Store, CultureInfo.GetCultureInfo("en-US"));
            templates.Set("Short", "##Run Count## runs, ##failure-count## failed", "Period ##DigestPeriod##\n##DigestJobs##Problems:##DigestErrors##\nEnd", BodyFormat.Text);
            templates.Set("Page", "[##Status##] ##DigestStatus##", "<h1>##DigestStatus##</h1>\n##DigestJobs##\n<p>Overdue:</p>##OverdueJobs##\n<p>##RunCount##</p>", BodyFormat.Html);
            _bed.Record("Docs", BackupStatus.Failure, "broken & <gone>");
            Assert.Single(_bed.SendTo(template: "Short"));
            _bed.Record("Docs");
            Assert.Single(_bed.SendTo(template: "Page"));

            var text = _server.Messages[0].Message;
            Assert.Equal("1 runs, 1 failed", text.Subject);
            Assert.Null(text.HtmlBody);
            var body = DigestTestBed.Text(text);
            Assert.Matches(@"^Period .+\nJob\s+Last status.*\nDocs\s+Failure\s+1\s+1\s+never.*\nProblems:\n- Docs, .*\n    broken & <gone>\n\nEnd", body);

            var page = _server.Messages[1].Message;
            Assert.Equal("[Success] All runs successful — runs: 1, jobs: 1.", page.Subject);
            var html = DigestTestBed.Html(page);
            Assert.Contains("<h1>All runs successful — runs: 1, jobs: 1.</h1>\n<table", html);
            Assert.DoesNotContain("Overdue:", html);
            Assert.Contains("<p>1</p>", html);
            Assert.Contains("Docs", DigestTestBed.Text(page));
        }

        [Fact]
        public void The_digest_placeholders_are_in_the_catalog_with_descriptions_and_examples()
        {
            foreach (var name in DigestPlaceholders.All)
            {
                Assert.Equal(name, PlaceholderCatalog.FindName("##" + name + "##"));
                var info = PlaceholderCatalog.Find(name, CultureInfo.GetCultureInfo("de-DE"));
                Assert.False(string.IsNullOrWhiteSpace(info.Description));
                Assert.False(string.IsNullOrWhiteSpace(info.Example));
            }

            Assert.Contains("Digest", DefaultTemplates.BuiltInNames);
            var digest = new TemplateService(_bed.Store, CultureInfo.GetCultureInfo("en-US")).Find("digest");
            Assert.Equal(BodyFormat.Html, digest.BodyFormat);
            TemplateParser.Validate(digest);
            TemplateParser.Validate(DigestTemplates.Get(CultureInfo.GetCultureInfo("de-DE")));
        }
    }
}
