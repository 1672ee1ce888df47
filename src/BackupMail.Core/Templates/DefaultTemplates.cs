using System.Globalization;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// The built-in templates <c>Default</c> (text, or HTML when asked for) and <c>Report</c> (HTML with its own
    /// plain-text alternative), in English and German (by UI culture; other languages get English).
    /// The subject reads <c>&lt;computer&gt;: &lt;backup&gt;: Backup completed successfully</c> (the phrase follows the
    /// status through <c>##StatusText##</c>); the body lists every value known for the run, one per line, and
    /// the renderer leaves out the lines of unknown values. The HTML body shows a banner coloured by status
    /// (<c>##StatusColor##</c>) and a table of the values.
    /// </summary>
    public static class DefaultTemplates
    {
        /// <summary>The name of the template that always exists.</summary>
        public const string DefaultName = "Default";

        /// <summary>
        /// The name of the built-in HTML template: a banner coloured by status, a table of the values, the error text
        /// and the log tail in <c>&lt;pre&gt;</c>, and the default text body as its plain-text alternative.
        /// </summary>
        public const string ReportName = "Report";

        /// <summary>The names of the built-in templates (Default, Report, and Digest for <c>Send-BackupMailDigest</c>), which exist until the user stores one of the same name.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> BuiltInNames { get; } = new[] { DefaultName, ReportName, BackupMail.Digest.DigestTemplates.Name };

        /// <summary>A fresh copy of the built-in template <paramref name="name"/> in <paramref name="uiCulture"/>, or null when no built-in template has that name.</summary>
        public static MailTemplate? GetBuiltIn(string name, CultureInfo? uiCulture)
        {
            if (string.Equals(name, DefaultName, System.StringComparison.OrdinalIgnoreCase)) return Get(uiCulture, BodyFormat.Text);
            if (string.Equals(name, ReportName, System.StringComparison.OrdinalIgnoreCase)) return GetReport(uiCulture);
            if (string.Equals(name, BackupMail.Digest.DigestTemplates.Name, System.StringComparison.OrdinalIgnoreCase)) return BackupMail.Digest.DigestTemplates.Get(uiCulture);
            return null;
        }

        /// <summary>A fresh copy of the built-in <c>Report</c> template for <paramref name="uiCulture"/> (the current UI culture when null).</summary>
        public static MailTemplate GetReport(CultureInfo? uiCulture)
        {
            MailTemplate report = Get(uiCulture, BodyFormat.Html);
            report.Name = ReportName;
            return report;
        }

        /// <summary>A fresh copy of the built-in default for <paramref name="uiCulture"/> (the current UI culture when null) and <paramref name="format"/>.</summary>
        public static MailTemplate Get(CultureInfo? uiCulture, BodyFormat format)
        {
            uiCulture = uiCulture ?? CultureInfo.CurrentUICulture;
            return new MailTemplate
            {
                Name = DefaultName,
                Subject = TemplateStrings.Get("DefaultSubject", uiCulture),
                Body = Normalize(TemplateStrings.Get(format == BodyFormat.Html ? "DefaultHtmlBody" : "DefaultTextBody", uiCulture)),
                BodyFormat = format,
                // The HTML default carries the text default as its plain-text alternative.
                TextBody = format == BodyFormat.Html ? Normalize(TemplateStrings.Get("DefaultTextBody", uiCulture)) : null,
                IsBuiltIn = true,
            };
        }

        // resx files may carry CRLF or LF depending on how they were checked out; the body always uses LF.
        private static string Normalize(string body) => body.Replace("\r\n", "\n").TrimStart('\n');
    }
}
