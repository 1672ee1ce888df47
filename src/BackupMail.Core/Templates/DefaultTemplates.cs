using System.Globalization;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// The built-in <c>Default</c> templates, in English and German (by UI culture; other languages get English).
    /// The subject reads <c>&lt;computer&gt;: &lt;backup&gt;: Backup completed successfully</c> (the phrase follows the
    /// status through <c>##StatusText##</c>); the body lists every value known for the run, one per line, and
    /// the renderer leaves out the lines of unknown values. The HTML body shows a banner coloured by status
    /// (<c>##StatusColor##</c>) and a table of the values.
    /// </summary>
    public static class DefaultTemplates
    {
        /// <summary>The name of the template that always exists.</summary>
        public const string DefaultName = "Default";

        /// <summary>A fresh copy of the built-in default for <paramref name="uiCulture"/> (the current UI culture when null) and <paramref name="format"/>.</summary>
        public static MailTemplate Get(CultureInfo uiCulture, BodyFormat format)
        {
            uiCulture = uiCulture ?? CultureInfo.CurrentUICulture;
            return new MailTemplate
            {
                Name = DefaultName,
                Subject = TemplateStrings.Get("DefaultSubject", uiCulture),
                Body = Normalize(TemplateStrings.Get(format == BodyFormat.Html ? "DefaultHtmlBody" : "DefaultTextBody", uiCulture)),
                BodyFormat = format,
                IsBuiltIn = true,
            };
        }

        // resx files may carry CRLF or LF depending on how they were checked out; the body always uses LF.
        private static string Normalize(string body) => body.Replace("\r\n", "\n").TrimStart('\n');
    }
}
