#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BackupMail.Jobs;
using BackupMail.Resources;
using BackupMail.Templates;

namespace BackupMail.Digest
{
    /// <summary>
    /// Renders a <see cref="DigestReport"/> with a template: the subject, the body and, for an HTML template, its plain-text
    /// alternative. Scalar values (banner, period, counts) are encoded like every value; the lists
    /// (<see cref="DigestPlaceholders.Lists"/>) are put in as finished HTML in an HTML body and as aligned text everywhere
    /// else (text body, plain-text alternative, and on one line in the subject).
    /// </summary>
    public static class DigestRenderer
    {
        // Private-use characters around the name: no value contains them, HTML encoding keeps them, and the renderer
        // treats the list as a non-empty value (so its line is kept) until it is replaced.
        private const char MarkStart = '\uE000';
        private const char MarkEnd = '\uE001';

        /// <summary>Renders <paramref name="report"/> with <paramref name="template"/>.</summary>
        /// <param name="template">The template (the built-in <c>Digest</c>, or any stored one).</param>
        /// <param name="report">What the digest says.</param>
        /// <param name="uiCulture">The culture when the template names none (the current UI culture when null).</param>
        /// <exception cref="ArgumentNullException"><paramref name="template"/> or <paramref name="report"/> is null.</exception>
        public static RenderedMessage Render(MailTemplate template, DigestReport report, CultureInfo? uiCulture)
        {
            if (template == null)
            {
                throw new ArgumentNullException(nameof(template));
            }

            if (report == null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            var culture = TemplateCulture.Resolve(template.Culture, uiCulture ?? CultureInfo.CurrentUICulture);
            var text = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [DigestPlaceholders.DigestJobs] = JobsText(report, culture),
                [DigestPlaceholders.DigestErrors] = ProblemsText(report, culture),
                [DigestPlaceholders.OverdueJobs] = OverdueText(report, culture),
            };
            var html = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [DigestPlaceholders.DigestJobs] = JobsHtml(report, culture),
                [DigestPlaceholders.DigestErrors] = ProblemsHtml(report, culture),
                [DigestPlaceholders.OverdueJobs] = OverdueHtml(report, culture),
            };

            var values = Values(report, culture);
            foreach (var list in DigestPlaceholders.Lists)
            {
                if (text[list].Length > 0)
                {
                    values[list] = MarkStart + list + MarkEnd;
                }
            }

            var rendered = TemplateRenderer.Render(template, values);
            var subject = TemplateRenderer.Shorten(TemplateRenderer.OneLine(Fill(rendered.Subject, text)), TemplateRenderer.MaxSubjectLength);
            var body = Fill(rendered.Body, rendered.BodyFormat == BodyFormat.Html ? html : text);
            var textBody = rendered.TextBody == null ? null : Fill(rendered.TextBody, text);
            return new RenderedMessage(subject, body, rendered.BodyFormat, textBody);
        }

        /// <summary>The scalar values of <paramref name="report"/> (and the lists as text), keyed by placeholder name.</summary>
        /// <param name="report">What the digest says.</param>
        /// <param name="culture">The culture of texts, numbers and dates.</param>
        /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
        public static Dictionary<string, string> Values(DigestReport report, CultureInfo culture)
        {
            if (report == null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            culture = culture ?? CultureInfo.CurrentUICulture;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [PlaceholderNames.Status] = TemplateStrings.Get("Status_" + report.WorstStatus, culture),
                [PlaceholderNames.StatusColor] = TemplateStrings.Get("StatusColor_" + report.WorstStatus, CultureInfo.InvariantCulture),
                [PlaceholderNames.ComputerName] = Environment.MachineName,
                [PlaceholderNames.UserName] = Environment.UserName,
                [DigestPlaceholders.DigestStatus] = Banner(report, culture),
                [DigestPlaceholders.DigestPeriod] = Period(report, culture),
                [DigestPlaceholders.RunCount] = report.RunCount.ToString(culture),
                [DigestPlaceholders.FailureCount] = report.FailureCount.ToString(culture),
            };
            return values;
        }

        /// <summary>The banner sentence: the worst outcome, the counts, and the overdue jobs.</summary>
        internal static string Banner(DigestReport report, CultureInfo culture)
        {
            string sentence;
            if (report.RunCount == 0)
            {
                sentence = DigestStrings.Get("Banner_NoRuns", culture);
            }
            else
            {
                var parts = new List<string>();
                if (report.FailureCount > 0)
                {
                    parts.Add(DigestStrings.FormatIn(culture, "Banner_Failed", report.FailureCount));
                }

                if (report.WarningCount > 0)
                {
                    parts.Add(DigestStrings.FormatIn(culture, "Banner_Warned", report.WarningCount));
                }

                var outcome = parts.Count == 0 ? DigestStrings.Get("Banner_AllSucceeded", culture) : string.Join(", ", parts);
                sentence = DigestStrings.FormatIn(culture, "Banner_Counts", outcome, report.RunCount, report.Jobs.Count);
            }

            return report.Overdue.Count == 0 ? sentence : DigestStrings.FormatIn(culture, "Banner_Overdue", sentence, report.Overdue.Count);
        }

        private static string Period(DigestReport report, CultureInfo culture) =>
            report.PeriodStart.HasValue
                ? DigestStrings.FormatIn(culture, "Period", Time(report.PeriodStart.Value, culture), Time(report.Created, culture))
                : DigestStrings.FormatIn(culture, "PeriodUntil", Time(report.Created, culture));

        private static string[] Headers(CultureInfo culture) => new[]
        {
            DigestStrings.Get("Column_Job", culture), DigestStrings.Get("Column_LastStatus", culture),
            DigestStrings.Get("Column_Runs", culture), DigestStrings.Get("Column_Failures", culture),
            DigestStrings.Get("Column_LastSuccess", culture), DigestStrings.Get("Column_Duration", culture),
            DigestStrings.Get("Column_Copied", culture),
        };

        // Runs and failures are numbers: right-aligned in text.
        private static readonly bool[] RightAligned = { false, false, true, true, false, false, true };

        private static string[] Cells(DigestJobRow row, CultureInfo culture) => new[]
        {
            row.BackupName,
            TemplateStrings.Get("Status_" + row.LastStatus, culture),
            row.Runs.ToString("N0", culture),
            row.Failures.ToString("N0", culture),
            row.LastSuccess.HasValue ? Time(row.LastSuccess.Value, culture) : DigestStrings.Get("Never", culture),
            row.LastDuration.HasValue ? HumanFormat.Duration(row.LastDuration.Value, culture) : Unknown,
            row.BytesCopied.HasValue ? HumanFormat.Bytes(row.BytesCopied.Value, culture) : Unknown,
        };

        private const string Unknown = "\u2013";

        private static string JobsText(DigestReport report, CultureInfo culture)
        {
            if (report.Jobs.Count == 0)
            {
                return string.Empty;
            }

            var table = new List<string[]> { Headers(culture) };
            table.AddRange(report.Jobs.Select(row => Cells(row, culture).Select(c => TemplateRenderer.OneLine(c)).ToArray()));
            var widths = Enumerable.Range(0, RightAligned.Length).Select(i => table.Max(cells => cells[i].Length)).ToArray();
            var output = new StringBuilder();
            foreach (var cells in table)
            {
                var line = new StringBuilder();
                for (var i = 0; i < cells.Length; i++)
                {
                    if (i > 0)
                    {
                        line.Append("  ");
                    }

                    line.Append(RightAligned[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
                }

                output.Append(line.ToString().TrimEnd()).Append('\n');
            }

            return output.ToString();
        }

        private static string JobsHtml(DigestReport report, CultureInfo culture)
        {
            if (report.Jobs.Count == 0)
            {
                return string.Empty;
            }

            const string cell = "padding:4px 12px 4px 0;border-bottom:1px solid #dddddd;";
            var output = new StringBuilder("<table style=\"border-collapse:collapse;margin-top:12px;\">\n<tr>");
            var headers = Headers(culture);
            for (var i = 0; i < headers.Length; i++)
            {
                output.Append("<th style=\"").Append(cell).Append("text-align:").Append(RightAligned[i] ? "right" : "left")
                    .Append(";white-space:nowrap;\">").Append(Encode(headers[i])).Append("</th>");
            }

            output.Append("</tr>\n");
            foreach (var row in report.Jobs)
            {
                var cells = Cells(row, culture);
                output.Append("<tr>");
                for (var i = 0; i < cells.Length; i++)
                {
                    output.Append("<td style=\"").Append(cell).Append("text-align:").Append(RightAligned[i] ? "right" : "left").Append(';');
                    if (i == 1)
                    {
                        output.Append("color:").Append(TemplateStrings.Get("StatusColor_" + row.LastStatus, CultureInfo.InvariantCulture)).Append(";font-weight:bold;");
                    }

                    output.Append("\">").Append(Encode(cells[i])).Append("</td>");
                }

                output.Append("</tr>\n");
            }

            return output.Append("</table>").ToString();
        }

        private static string ProblemHeading(DigestProblem problem, CultureInfo culture)
        {
            var status = TemplateStrings.Get("Status_" + problem.Status, culture);
            if (problem.ExitCode.HasValue)
            {
                status = DigestStrings.FormatIn(culture, "Problem_ExitCode", status, problem.ExitCode.Value);
            }

            return DigestStrings.FormatIn(culture, "Problem_Line", problem.BackupName, Time(problem.When, culture), status);
        }

        private static string ProblemsText(DigestReport report, CultureInfo culture)
        {
            if (report.Problems.Count == 0)
            {
                return string.Empty;
            }

            var output = new StringBuilder("\n");
            if (report.ProblemsLeftOut > 0)
            {
                output.Append("- ").Append(DigestStrings.FormatIn(culture, "ProblemsLeftOut", report.ProblemsLeftOut)).Append('\n');
            }

            foreach (var problem in report.Problems)
            {
                output.Append("- ").Append(TemplateRenderer.OneLine(ProblemHeading(problem, culture))).Append('\n');
                if (problem.ErrorMessage != null)
                {
                    foreach (var line in problem.ErrorMessage.Replace("\r\n", "\n").Split('\n'))
                    {
                        output.Append("    ").Append(line.TrimEnd()).Append('\n');
                    }
                }
            }

            return output.ToString();
        }

        private static string ProblemsHtml(DigestReport report, CultureInfo culture)
        {
            if (report.Problems.Count == 0)
            {
                return string.Empty;
            }

            var output = new StringBuilder("<ul style=\"padding-left:20px;\">\n");
            if (report.ProblemsLeftOut > 0)
            {
                output.Append("<li>").Append(Encode(DigestStrings.FormatIn(culture, "ProblemsLeftOut", report.ProblemsLeftOut))).Append("</li>\n");
            }

            foreach (var problem in report.Problems)
            {
                output.Append("<li><span style=\"color:").Append(TemplateStrings.Get("StatusColor_" + problem.Status, CultureInfo.InvariantCulture))
                    .Append(";font-weight:bold;\">").Append(Encode(ProblemHeading(problem, culture))).Append("</span>");
                if (problem.ErrorMessage != null)
                {
                    output.Append("<pre style=\"margin:4px 0 8px 0;white-space:pre-wrap;\">").Append(TemplateRenderer.HtmlEncode(problem.ErrorMessage)).Append("</pre>");
                }

                output.Append("</li>\n");
            }

            return output.Append("</ul>").ToString();
        }

        private static string OverdueLine(OverdueJob job, CultureInfo culture) =>
            job.LastRun.HasValue
                ? DigestStrings.FormatIn(culture, "Overdue_Line", job.BackupName, Time(job.LastRun.Value, culture), Time(job.NextDue, culture))
                : DigestStrings.FormatIn(culture, "Overdue_NeverRan", job.BackupName, Time(job.NextDue, culture));

        private static string OverdueText(DigestReport report, CultureInfo culture)
        {
            if (report.Overdue.Count == 0)
            {
                return string.Empty;
            }

            var output = new StringBuilder("\n");
            foreach (var job in report.Overdue)
            {
                output.Append("- ").Append(TemplateRenderer.OneLine(OverdueLine(job, culture))).Append('\n');
            }

            return output.ToString();
        }

        private static string OverdueHtml(DigestReport report, CultureInfo culture)
        {
            if (report.Overdue.Count == 0)
            {
                return string.Empty;
            }

            var output = new StringBuilder("<ul style=\"padding-left:20px;\">\n");
            foreach (var job in report.Overdue)
            {
                output.Append("<li>").Append(Encode(OverdueLine(job, culture))).Append("</li>\n");
            }

            return output.Append("</ul>").ToString();
        }

        // Replaces each list's mark with its text or HTML.
        private static string Fill(string rendered, IReadOnlyDictionary<string, string> lists)
        {
            if (rendered.IndexOf(MarkStart) < 0)
            {
                return rendered;
            }

            foreach (var list in lists)
            {
                rendered = rendered.Replace(MarkStart + list.Key + MarkEnd, list.Value);
            }

            return rendered;
        }

        // The digest machine's local time, in the culture's short date and time, with the UTC offset (as run times are shown).
        internal static string Time(DateTimeOffset time, CultureInfo culture)
        {
            var local = time.ToLocalTime();
            return local.ToString("g", culture) + " " + local.ToString("zzz", CultureInfo.InvariantCulture);
        }

        private static string Encode(string value) => TemplateRenderer.HtmlEncode(value).Replace("\n", "<br>");
    }
}
