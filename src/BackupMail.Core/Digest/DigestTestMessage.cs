#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Resources;
using BackupMail.Templates;

namespace BackupMail.Digest
{
    /// <summary>
    /// What <c>Send-BackupMailTest</c> renders: a template that lists a digest (it uses a digest placeholder, as the
    /// built-in Digest does) is filled with a sample digest of three jobs, one failed and one overdue; any other with
    /// the sample run (<see cref="TestMessage"/>). Either way marked as a test.
    /// </summary>
    public static class DigestTestMessage
    {
        /// <summary>Renders <paramref name="template"/> as a test message of the account <paramref name="accountName"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
        public static RenderedMessage Render(MailTemplate template, string? accountName, CultureInfo? uiCulture)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));
            if (!UsesDigestPlaceholders(template)) return TestMessage.Render(template, accountName, uiCulture);

            var culture = TemplateCulture.Resolve(template.Culture, uiCulture);
            var rendered = DigestRenderer.Render(template, SampleReport(culture), culture);
            return TestMessage.Mark(rendered, accountName, culture);
        }

        /// <summary>Whether the template's subject or bodies name a digest placeholder.</summary>
        internal static bool UsesDigestPlaceholders(MailTemplate template)
        {
            var parsed = ParsedTemplate.Parse(template);
            var lines = new[] { parsed.Subject }.Concat(parsed.BodyLines).Concat(parsed.TextBodyLines ?? Array.Empty<IReadOnlyList<TemplateSegment>>());
            return lines.SelectMany(line => line)
                .Where(segment => segment.IsPlaceholder)
                .Select(segment => PlaceholderCatalog.FindName(segment.Token!))
                .Any(name => name != null && DigestPlaceholders.All.Contains(name, StringComparer.OrdinalIgnoreCase));
        }

        // Yesterday's runs of three jobs in this computer's time zone: the sample job twice, a database that failed once,
        // and a laptop backup that stopped running and is overdue.
        private static DigestReport SampleReport(CultureInfo culture)
        {
            var today = DateTimeOffset.Now.Date;
            var offset = TimeZoneInfo.Local.GetUtcOffset(today);
            DateTimeOffset At(int daysAgo, int hour) => new DateTimeOffset(today.AddDays(-daysAgo).AddHours(hour), offset);
            var name = TemplateStrings.Get("Placeholder_BackupName_Example", culture);
            var runs = new List<RunRecord>
            {
                new RunRecord { BackupName = name, Status = BackupStatus.Success, Tool = BackupTool.Robocopy, ExitCode = 1, StartTime = At(1, 1), EndTime = At(1, 1).AddMinutes(42), FilesCopied = 18342, BytesCopied = 13314398618 },
                new RunRecord { BackupName = name, Status = BackupStatus.Success, Tool = BackupTool.Robocopy, ExitCode = 0, StartTime = At(1, 13), EndTime = At(1, 13).AddMinutes(3), FilesCopied = 120, BytesCopied = 52428800 },
                new RunRecord { BackupName = "SQL", Status = BackupStatus.Failure, ExitCode = 1, StartTime = At(1, 2), EndTime = At(1, 2).AddMinutes(7),
                    ErrorMessage = TemplateStrings.Get("Placeholder_ErrorMessage_Example", culture) },
            };
            var overdue = new[] { new OverdueJob("Laptop", At(3, 22), At(2, 22)) };
            return DigestReport.Build(runs, null, overdue, DateTimeOffset.Now, At(1, 0));
        }
    }
}
