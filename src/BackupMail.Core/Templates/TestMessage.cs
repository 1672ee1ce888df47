using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// The message <c>Send-BackupMailTest</c> sends: the template rendered with the sample run
    /// (<see cref="PlaceholderValues.TestMailSample"/>), marked as a test so nobody takes it for a real alert.
    /// </summary>
    /// <remarks>
    /// The subject starts with <c>[Test]</c> (in every language); the body starts with a line saying that this is a test
    /// of the named account sent by <c>Send-BackupMailTest</c> and that the values are examples. In an HTML body that
    /// line is a paragraph at the start of <c>&lt;body&gt;</c>; a template's plain-text alternative gets it too.
    /// </remarks>
    public static class TestMessage
    {
        private static readonly Regex BodyStart = new Regex(@"<body(\s[^>]*)?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// Renders <paramref name="template"/> as a test message of the account <paramref name="accountName"/>, in the
        /// template's culture (<paramref name="uiCulture"/>, else the current UI culture, when the template has none).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
        public static RenderedMessage Render(MailTemplate template, string? accountName, CultureInfo? uiCulture)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));
            CultureInfo culture = TemplateCulture.Resolve(template.Culture, uiCulture);
            IReadOnlyDictionary<string, string> sample = PlaceholderValues.TestMailSample(culture);
            return Mark(TemplateRenderer.Render(template, sample), accountName, culture);
        }

        /// <summary>The test marker and note added to a rendered message.</summary>
        internal static RenderedMessage Mark(RenderedMessage rendered, string? accountName, CultureInfo culture)
        {
            string marker = TemplateStrings.Get("TestMail_SubjectMarker", culture);
            string subject = TemplateRenderer.Shorten(marker + " " + rendered.Subject, TemplateRenderer.MaxSubjectLength);
            string note = TemplateStrings.FormatIn(culture, "TestMail_Note", accountName ?? DefaultAccountName);
            string body = rendered.BodyFormat == BodyFormat.Html ? WithHtmlNote(rendered.Body, note) : WithTextNote(rendered.Body, note);
            string? textBody = rendered.TextBody == null ? null : WithTextNote(rendered.TextBody, note);
            return new RenderedMessage(subject, body, rendered.BodyFormat, textBody);
        }

        private const string DefaultAccountName = "Default";

        private static string WithTextNote(string? body, string note) => note + "\n\n" + (body ?? string.Empty);

        private static string WithHtmlNote(string body, string note)
        {
            body = body ?? string.Empty;
            string paragraph = "<p style=\"margin:0 0 12px 0;padding:8px 12px;border:1px dashed #888888;background-color:#fffbe6;color:#222222;\">"
                + TemplateRenderer.HtmlEncode(note) + "</p>\n";
            Match start = BodyStart.Match(body);
            if (!start.Success) return paragraph + body;
            int at = start.Index + start.Length;
            // After the line break that ends the <body> tag, if there is one, so the HTML keeps its shape.
            if (at < body.Length && body[at] == '\n') at++;
            return body.Insert(at, paragraph);
        }
    }
}
