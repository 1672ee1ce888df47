using System.Collections.Generic;
using System.Text;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// Splits a template into literal text and <c>##Placeholder##</c> tokens.
    /// </summary>
    /// <remarks>
    /// <para>Syntax: <c>##Name##</c> on one line, where Name consists of letters, digits, spaces, hyphens
    /// and underscores (at most 64 characters) and is matched as <see cref="PlaceholderCatalog"/> describes.</para>
    /// <para>Escape: write <c>####</c> for a literal <c>##</c>; so <c>####Status####</c> renders as the text
    /// <c>##Status##</c>. A <c>##</c> that does not open a placeholder (no closing <c>##</c> on the same line,
    /// or other characters between them, as in <c>### Heading</c> or a CSS colour) is kept as literal text.</para>
    /// </remarks>
    public static class TemplateParser
    {
        private const int MaxNameLength = 64;

        /// <summary>Splits <paramref name="text"/> into segments; null gives none.</summary>
        public static IReadOnlyList<TemplateSegment> Parse(string? text)
        {
            var segments = new List<TemplateSegment>();
            if (Strings.IsNullOrEmpty(text)) return segments;
            var literal = new StringBuilder();
            int i = 0;
            while (i < text.Length)
            {
                if (!IsMarker(text, i))
                {
                    literal.Append(text[i]);
                    i++;
                    continue;
                }
                if (IsMarker(text, i + 2))
                {
                    literal.Append("##"); // the escape: #### is a literal ##
                    i += 4;
                    continue;
                }
                int close = FindClose(text, i + 2);
                if (close < 0)
                {
                    literal.Append("##");
                    i += 2;
                    continue;
                }
                if (literal.Length > 0)
                {
                    segments.Add(TemplateSegment.Literal(literal.ToString()));
                    literal.Clear();
                }
                segments.Add(TemplateSegment.Placeholder(text.Substring(i, close + 2 - i)));
                i = close + 2;
            }
            if (literal.Length > 0) segments.Add(TemplateSegment.Literal(literal.ToString()));
            return segments;
        }

        /// <summary>
        /// Refuses a template whose subject or body names a placeholder that does not exist.
        /// </summary>
        /// <exception cref="System.ArgumentNullException"><paramref name="template"/> is null.</exception>
        /// <exception cref="BackupMailException"><c>TemplatePlaceholderUnknown</c> (InvalidArgument): naming the
        /// token, the nearest valid placeholder and <c>Get-BackupMailTemplateValue</c>, which lists them all.</exception>
        public static void Validate(MailTemplate template)
        {
            if (template == null) throw new System.ArgumentNullException(nameof(template));
            CheckPart(template.Subject);
            CheckPart(template.Body);
            CheckPart(template.TextBody);
        }

        private static void CheckPart(string? text)
        {
            foreach (TemplateSegment segment in Parse(text))
            {
                if (!segment.IsPlaceholder || segment.Name != null) continue;
                string suggestion = PlaceholderCatalog.Suggest(segment.Token);
                throw new BackupMailException(
                    ErrorIds.TemplatePlaceholderUnknown,
                    BackupMailErrorKind.InvalidArgument,
                    TemplateStrings.Format("TemplatePlaceholderUnknown", segment.Token, "##" + suggestion + "##"),
                    segment.Token);
            }
        }

        private static bool IsMarker(string text, int index)
            => index + 1 < text.Length && text[index] == '#' && text[index + 1] == '#';

        /// <summary>The index of the <c>##</c> closing a name that starts at <paramref name="start"/>, or -1.</summary>
        private static int FindClose(string text, int start)
        {
            bool hasLetter = false;
            for (int j = start; j < text.Length && j - start <= MaxNameLength; j++)
            {
                char c = text[j];
                if (IsMarker(text, j)) return hasLetter ? j : -1;
                if (char.IsLetter(c)) hasLetter = true;
                else if (!(char.IsDigit(c) || c == ' ' || c == '-' || c == '_')) return -1;
            }
            return -1;
        }
    }
}
