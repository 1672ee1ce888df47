using System;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupMail.Templates
{
    /// <summary>
    /// The plain-text part derived from an HTML body, for the <c>text/plain</c> half of a multipart/alternative
    /// message when the template gives no text of its own.
    /// </summary>
    /// <remarks>
    /// <para>Tags are removed; <c>head</c>, <c>script</c>, <c>style</c> and comments go with their content. Line breaks
    /// follow the structure: <c>&lt;br&gt;</c> ends a line, a paragraph, heading, <c>pre</c> or table gets a blank line
    /// around it, a <c>div</c> or table row starts a new line, a list item starts with <c>- </c>, and a header cell
    /// ends with a colon, so a two-column table reads <c>Backup job: Nightly</c>.</para>
    /// <para>White space in ordinary text collapses to single spaces, as a browser shows it; inside <c>pre</c> and
    /// <c>textarea</c> it is kept. Entities are decoded once (<c>&amp;amp;lt;</c> reads <c>&amp;lt;</c>). A link reads
    /// <c>text (url)</c>, or just the text when it already is the address; an image reads as its <c>alt</c> text.</para>
    /// </remarks>
    public static class HtmlToText
    {
        private static readonly Regex Removed = new Regex(
            @"<!--.*?(-->|$)|<(head|script|style)\b[^>]*>.*?(</\2\s*>|$)",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static readonly Regex Attribute = new Regex(
            @"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(""([^""]*)""|'([^']*)'|([^\s""'>]+))",
            RegexOptions.CultureInvariant);

        /// <summary>The text of <paramref name="html"/>, lines ending in LF; empty for null or empty.</summary>
        public static string Convert(string html)
        {
            if (string.IsNullOrEmpty(html)) return string.Empty;
            html = Removed.Replace(html, string.Empty);
            var writer = new Writer();
            int i = 0;
            while (i < html.Length)
            {
                int open = html.IndexOf('<', i);
                while (open >= 0 && !StartsTag(html, open)) open = html.IndexOf('<', open + 1);
                int textEnd = open < 0 ? html.Length : open;
                if (textEnd > i) writer.Text(WebUtility.HtmlDecode(html.Substring(i, textEnd - i)));
                if (open < 0) break;
                int close = TagEnd(html, open);
                writer.Tag(html.Substring(open, close - open));
                i = close;
            }
            return writer.Finish();
        }

        private static bool StartsTag(string html, int at)
            => at + 1 < html.Length && (char.IsLetter(html[at + 1]) || html[at + 1] == '/' || html[at + 1] == '!' || html[at + 1] == '?');

        // The index after the tag's '>' (quotes respected), or the end of the text.
        private static int TagEnd(string html, int open)
        {
            char quote = '\0';
            for (int j = open + 1; j < html.Length; j++)
            {
                char c = html[j];
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                }
                else if (c == '"' || c == '\'') quote = c;
                else if (c == '>') return j + 1;
            }
            return html.Length;
        }

        private static string? AttributeOf(string tag, string name)
        {
            foreach (Match match in Attribute.Matches(tag))
            {
                if (!string.Equals(match.Groups[1].Value, name, StringComparison.OrdinalIgnoreCase)) continue;
                string value = match.Groups[3].Success ? match.Groups[3].Value : match.Groups[4].Success ? match.Groups[4].Value : match.Groups[5].Value;
                return WebUtility.HtmlDecode(value).Trim();
            }
            return null;
        }

        private sealed class Writer
        {
            private readonly StringBuilder _output = new StringBuilder();
            private int _preformatted;
            private bool _firstCell = true;
            private string? _href;
            private int _linkStart;

            public void Text(string text)
            {
                if (_preformatted > 0)
                {
                    _output.Append(text.Replace("\r\n", "\n").Replace('\r', '\n'));
                    return;
                }
                foreach (char c in text)
                {
                    if (char.IsWhiteSpace(c) && c != '\u00A0')
                    {
                        if (_output.Length > 0 && _output[_output.Length - 1] != ' ' && _output[_output.Length - 1] != '\n') _output.Append(' ');
                    }
                    else
                    {
                        _output.Append(c == '\u00A0' ? ' ' : c);
                    }
                }
            }

            public void Tag(string tag)
            {
                int start = 1;
                bool closing = tag.Length > 1 && tag[1] == '/';
                if (closing) start = 2;
                int end = start;
                while (end < tag.Length && char.IsLetterOrDigit(tag[end])) end++;
                string name = tag.Substring(start, end - start).ToLowerInvariant();
                switch (name)
                {
                    case "br":
                        LineBreak();
                        break;
                    case "p": case "h1": case "h2": case "h3": case "h4": case "h5": case "h6": case "table": case "blockquote": case "ul": case "ol":
                        BlankLine();
                        break;
                    case "pre": case "textarea":
                        BlankLine();
                        _preformatted = closing ? Math.Max(0, _preformatted - 1) : _preformatted + 1;
                        break;
                    case "div": case "tr": case "hr": case "section": case "article": case "header": case "footer": case "dt": case "dd":
                        NewLine();
                        if (name == "tr") _firstCell = true;
                        break;
                    case "li":
                        NewLine();
                        if (!closing) _output.Append("- ");
                        break;
                    case "td": case "th":
                        if (closing)
                        {
                            if (name == "th") { TrimTrailingSpace(); _output.Append(':'); }
                        }
                        else
                        {
                            if (!_firstCell) { TrimTrailingSpace(); _output.Append(' '); }
                            _firstCell = false;
                        }
                        break;
                    case "a":
                        if (!closing)
                        {
                            _href = AttributeOf(tag, "href");
                            _linkStart = _output.Length;
                        }
                        else if (_href != null)
                        {
                            EndLink(_href);
                        }
                        break;
                    case "img":
                        string? alt = AttributeOf(tag, "alt");
                        if (!Strings.IsNullOrEmpty(alt)) Text(alt);
                        break;
                }
            }

            private void EndLink(string href)
            {
                _href = null;
                if (href.Length == 0 || href.StartsWith("#", StringComparison.Ordinal)) return;
                string text = _output.ToString(_linkStart, _output.Length - _linkStart).Trim();
                string bare = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href.Substring(7) : href;
                if (string.Equals(text, href, StringComparison.OrdinalIgnoreCase) || string.Equals(text, bare, StringComparison.OrdinalIgnoreCase)) return;
                TrimTrailingSpace();
                if (text.Length == 0) _output.Append(bare);
                else _output.Append(" (").Append(bare).Append(')');
            }

            private void TrimTrailingSpace()
            {
                int length = _output.Length;
                while (length > 0 && _output[length - 1] == ' ') length--;
                _output.Length = length;
            }

            private void LineBreak()
            {
                TrimTrailingSpace();
                _output.Append('\n');
            }

            private void NewLine()
            {
                TrimTrailingSpace();
                if (_output.Length > 0 && _output[_output.Length - 1] != '\n') _output.Append('\n');
            }

            private void BlankLine()
            {
                NewLine();
                if (_output.Length == 0) return;
                if (_output.Length < 2 || _output[_output.Length - 2] != '\n') _output.Append('\n');
            }

            public string Finish()
            {
                string[] lines = _output.ToString().Split('\n');
                var result = new StringBuilder(_output.Length);
                int blank = 0;
                foreach (string raw in lines)
                {
                    string line = raw.TrimEnd();
                    if (line.Length == 0)
                    {
                        blank++;
                        continue;
                    }
                    if (result.Length > 0) result.Append(blank > 0 ? "\n\n" : "\n");
                    blank = 0;
                    result.Append(line);
                }
                if (result.Length > 0) result.Append('\n');
                return result.ToString();
            }
        }
    }
}
