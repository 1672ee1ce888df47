using System;
using System.Collections.Generic;

namespace BackupMail.Templates
{
    /// <summary>
    /// A template split into its segments once (the subject, and the body line by line), so that it can be
    /// rendered for many runs without being parsed again: a pipeline of notifications parses its template once.
    /// </summary>
    internal sealed class ParsedTemplate
    {
        private ParsedTemplate(IReadOnlyList<TemplateSegment> subject, IReadOnlyList<IReadOnlyList<TemplateSegment>> bodyLines, BodyFormat bodyFormat,
            IReadOnlyList<IReadOnlyList<TemplateSegment>>? textBodyLines)
        {
            Subject = subject;
            BodyLines = bodyLines;
            BodyFormat = bodyFormat;
            TextBodyLines = textBodyLines;
        }

        /// <summary>The subject's segments.</summary>
        public IReadOnlyList<TemplateSegment> Subject { get; }

        /// <summary>The segments of each body line; a line keeps its line break in its last literal segment.</summary>
        public IReadOnlyList<IReadOnlyList<TemplateSegment>> BodyLines { get; }

        /// <summary>Text or HTML.</summary>
        public BodyFormat BodyFormat { get; }

        /// <summary>The template's culture name; null or empty for the current UI culture at send time.</summary>
        public string? Culture { get; private set; }

        /// <summary>The lines of an HTML template's plain-text alternative; null when it has none (or the body is text).</summary>
        public IReadOnlyList<IReadOnlyList<TemplateSegment>>? TextBodyLines { get; }

        /// <summary>Parses <paramref name="template"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
        public static ParsedTemplate Parse(MailTemplate template)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));
            var textBody = template.BodyFormat == BodyFormat.Html && !Strings.IsNullOrWhiteSpace(template.TextBody)
                ? ParseLines(template.TextBody)
                : null;
            return new ParsedTemplate(TemplateParser.Parse(template.Subject), ParseLines(template.Body), template.BodyFormat, textBody)
            {
                Culture = template.Culture,
            };
        }

        // The renderer leaves out a line whose placeholders are all empty, so the body is parsed line by line.
        private static IReadOnlyList<IReadOnlyList<TemplateSegment>> ParseLines(string? body)
        {
            var lines = new List<IReadOnlyList<TemplateSegment>>();
            if (Strings.IsNullOrEmpty(body)) return lines;
            int start = 0;
            while (start < body.Length)
            {
                int newline = body.IndexOf('\n', start);
                int end = newline < 0 ? body.Length : newline + 1;
                lines.Add(TemplateParser.Parse(body.Substring(start, end - start)));
                start = end;
            }
            return lines;
        }
    }
}
