using System;
using System.Collections.Generic;
using System.Text;

namespace BackupMail.Templates
{
    /// <summary>
    /// Replaces the placeholders of a template with values.
    /// </summary>
    /// <remarks>
    /// <para>The subject is always one line: CR, LF and every other control character become a space,
    /// runs of white space collapse to one, so no value can break a header.</para>
    /// <para>In an HTML body every value is HTML-encoded once; its line breaks become <c>&lt;br&gt;</c>, except inside
    /// <c>&lt;pre&gt;</c>, <c>&lt;textarea&gt;</c>, <c>&lt;title&gt;</c>, <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> and inside a
    /// tag (an attribute value), where they stay line breaks. In a text body values are inserted as they are. The
    /// plain-text alternative of an HTML template is rendered as a text body.</para>
    /// <para>A value that is missing (absent, null or empty) renders as nothing. In the body, a line that
    /// contains at least one known placeholder and whose placeholders are <em>all</em> empty is left out
    /// entirely, line break included: so <c>Source: ##Source##</c> disappears when the source is not known
    /// instead of printing an empty label. Lines without placeholders are always kept.</para>
    /// <para>A placeholder whose name is unknown (a template that was not saved through
    /// <see cref="TemplateService"/>) is kept as written, so the mistake is visible.</para>
    /// </remarks>
    public static class TemplateRenderer
    {
        /// <summary>Renders <paramref name="template"/> with <paramref name="values"/> (keyed by canonical placeholder name).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="template"/> or <paramref name="values"/> is null.</exception>
        public static RenderedMessage Render(MailTemplate template, IReadOnlyDictionary<string, string> values)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));
            return Render(ParsedTemplate.Parse(template), values);
        }

        /// <summary>Renders a template parsed beforehand (see <see cref="ParsedTemplate"/>) with <paramref name="values"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="template"/> or <paramref name="values"/> is null.</exception>
        internal static RenderedMessage Render(ParsedTemplate template, IReadOnlyDictionary<string, string> values)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));
            if (values == null) throw new ArgumentNullException(nameof(values));
            var lookup = new ValueLookup(values);
            string subject = Shorten(OneLine(RenderText(template.Subject, lookup, html: false)), MaxSubjectLength);
            string body = RenderBody(template.BodyLines, lookup, template.BodyFormat == BodyFormat.Html);
            string? textBody = template.TextBodyLines == null ? null : RenderBody(template.TextBodyLines, lookup, html: false);
            return new RenderedMessage(subject, body, template.BodyFormat, textBody);
        }

        /// <summary>
        /// The longest subject rendered, in characters; a longer one ends in an ellipsis. Mail clients show far less,
        /// and a value such as a whole error text must not turn into a megabyte header. The body keeps the full value.
        /// </summary>
        public const int MaxSubjectLength = 250;

        internal static string Shorten(string text, int maxLength)
        {
            if (text.Length <= maxLength) return text;
            var cut = maxLength - 1;
            // Never split a surrogate pair.
            if (char.IsHighSurrogate(text[cut - 1])) cut--;
            return text.Substring(0, cut).TrimEnd() + "\u2026";
        }

        /// <summary>Turns control characters and line breaks into spaces, collapses white space and trims.</summary>
        internal static string OneLine(string text)
        {
            var builder = new StringBuilder(text.Length);
            bool space = false;
            foreach (char c in text)
            {
                bool isSpace = char.IsControl(c) || char.IsWhiteSpace(c) || c == '\u2028' || c == '\u2029';
                if (isSpace)
                {
                    space = builder.Length > 0;
                    continue;
                }
                if (space) builder.Append(' ');
                space = false;
                builder.Append(c);
            }
            return builder.ToString();
        }

        private static string RenderBody(IReadOnlyList<IReadOnlyList<TemplateSegment>> lines, ValueLookup values, bool html)
        {
            if (lines.Count == 0) return string.Empty;
            var output = new StringBuilder();
            var context = html ? new HtmlContext() : null;
            for (int i = 0; i < lines.Count; i++)
            {
                RenderLine(lines[i], values, context, output);
            }
            return output.ToString();
        }

        private static void RenderLine(IReadOnlyList<TemplateSegment> segments, ValueLookup values, HtmlContext? html, StringBuilder output)
        {
            bool hasKnown = false, anyValue = false;
            for (int i = 0; i < segments.Count; i++)
            {
                string? name = segments[i].Name;
                if (name == null) continue;
                hasKnown = true;
                if (!string.IsNullOrEmpty(values.Get(name))) anyValue = true;
            }
            if (hasKnown && !anyValue) return; // every value on this line is unknown: leave the line out
            Append(segments, values, html, output);
        }

        private static string RenderText(IReadOnlyList<TemplateSegment> segments, ValueLookup values, bool html)
        {
            var output = new StringBuilder();
            Append(segments, values, html ? new HtmlContext() : null, output);
            return output.ToString();
        }

        private static void Append(IReadOnlyList<TemplateSegment> segments, ValueLookup values, HtmlContext? html, StringBuilder output)
        {
            for (int i = 0; i < segments.Count; i++)
            {
                TemplateSegment segment = segments[i];
                if (!segment.IsPlaceholder)
                {
                    output.Append(segment.Text);
                    html?.Read(segment.Text);
                }
                else if (segment.Name == null)
                {
                    output.Append(segment.Token);
                }
                else
                {
                    string value = values.Get(segment.Name) ?? string.Empty;
                    if (html != null) AppendHtmlEncoded(value, html.KeepsLineBreaks, output);
                    else output.Append(value);
                }
            }
        }

        /// <summary>The five characters that mean something in HTML encoded, as values are; line breaks stay.</summary>
        internal static string HtmlEncode(string value)
        {
            var output = new StringBuilder(value.Length + 16);
            AppendHtmlEncoded(value, keepLineBreaks: true, output);
            return output.ToString();
        }

        /// <summary>
        /// Encodes the characters that mean something in HTML (&amp; &lt; &gt; &quot; &#39;) once; every other character,
        /// umlauts included, stays as it is, since the body is sent as UTF-8. A line break (CR LF, LF or CR) becomes
        /// <c>&lt;br&gt;</c> unless <paramref name="keepLineBreaks"/>, when it becomes one LF.
        /// </summary>
        private static void AppendHtmlEncoded(string value, bool keepLineBreaks, StringBuilder output)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                switch (c)
                {
                    case '\r':
                    case '\n':
                        if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') i++;
                        output.Append(keepLineBreaks ? "\n" : "<br>");
                        break;
                    case '&': output.Append("&amp;"); break;
                    case '<': output.Append("&lt;"); break;
                    case '>': output.Append("&gt;"); break;
                    case '"': output.Append("&quot;"); break;
                    case '\'': output.Append("&#39;"); break;
                    default: output.Append(c); break;
                }
            }
        }

        /// <summary>
        /// Where in the HTML the text written so far ends: inside a tag (an attribute), inside an element whose line breaks
        /// show as they are (<c>pre</c>, <c>textarea</c>) or that shows no markup (<c>title</c>, <c>script</c>, <c>style</c>), or
        /// in ordinary flowing text. Only the template's literal text is read: values are encoded, so they open no tag.
        /// </summary>
        private sealed class HtmlContext
        {
            private static readonly string[] KeepingElements = { "pre", "textarea", "title", "script", "style" };
            private bool _inTag;
            private char _quote;
            private readonly StringBuilder _tagName = new StringBuilder();
            private bool _readingName;
            private bool _closing;
            private bool _selfClosing;
            private int _keeping;

            /// <summary>True where a line break in a value must stay a line break rather than become <c>&lt;br&gt;</c>.</summary>
            public bool KeepsLineBreaks => _inTag || _keeping > 0;

            public void Read(string literal)
            {
                foreach (char c in literal)
                {
                    if (!_inTag)
                    {
                        if (c != '<') continue;
                        _inTag = true;
                        _quote = '\0';
                        _tagName.Clear();
                        _readingName = true;
                        _closing = false;
                        _selfClosing = false;
                        continue;
                    }
                    if (_quote != '\0')
                    {
                        if (c == _quote) _quote = '\0';
                        continue;
                    }
                    if (_readingName)
                    {
                        if (c == '/' && _tagName.Length == 0 && !_closing) { _closing = true; continue; }
                        if (char.IsLetterOrDigit(c)) { _tagName.Append(char.ToLowerInvariant(c)); continue; }
                        _readingName = false;
                    }
                    if (c == '"' || c == '\'') _quote = c;
                    else if (c == '/') _selfClosing = true;
                    else if (c == '>') EndTag();
                    else if (!char.IsWhiteSpace(c)) _selfClosing = false;
                }
            }

            private void EndTag()
            {
                _inTag = false;
                string name = _tagName.ToString();
                if (Array.IndexOf(KeepingElements, name) < 0) return;
                if (_closing) _keeping = Math.Max(0, _keeping - 1);
                else if (!_selfClosing) _keeping++;
            }
        }

        /// <summary>The caller's values, looked up by canonical placeholder name during one rendering.</summary>
        private sealed class ValueLookup
        {
            private readonly IReadOnlyDictionary<string, string> _values;
            private List<KeyValuePair<string, string>>? _byCanonicalName;

            public ValueLookup(IReadOnlyDictionary<string, string> values) => _values = values;

            public string? Get(string name)
            {
                if (_values.TryGetValue(name, out string? value)) return value;
                // A dictionary built with case-sensitive or non-canonical keys by a caller: the first key that names the
                // same placeholder. Most placeholders of a run have no value, so the keys are normalized once, not per miss.
                if (_byCanonicalName == null)
                {
                    _byCanonicalName = new List<KeyValuePair<string, string>>();
                    foreach (KeyValuePair<string, string> pair in _values)
                    {
                        string? canonical = PlaceholderCatalog.FindName(pair.Key);
                        if (canonical != null) _byCanonicalName.Add(new KeyValuePair<string, string>(canonical, pair.Value));
                    }
                }
                foreach (KeyValuePair<string, string> pair in _byCanonicalName)
                {
                    if (pair.Key == name) return pair.Value;
                }
                return null;
            }
        }
    }
}
