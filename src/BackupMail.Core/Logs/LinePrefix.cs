using System.Text;
using System.Text.RegularExpressions;

namespace BackupMail.Logs
{
    /// <summary>
    /// What a script's own logger writes before each line of a tool's output (<c>12:56:51   Info     |   </c>,
    /// <c>[2024-05-30 12:27:19] INFO: </c>...), learnt from one line as a shape: runs of digits, runs of letters and
    /// blanks of any width, the other characters as they are. Lines of the same logger have the same shape even though
    /// their time and level differ, so the prefix can be recognised and removed from the lines around.
    /// </summary>
    internal sealed class LinePrefix
    {
        /// <summary>No prefix: lines are the tool's own.</summary>
        internal static readonly LinePrefix None = new LinePrefix(string.Empty, null);

        private readonly Regex? _pattern;

        private LinePrefix(string shape, Regex? pattern)
        {
            Shape = shape;
            _pattern = pattern;
        }

        /// <summary>The shape as a regular expression (empty for <see cref="None"/>); two prefixes of one logger have the same.</summary>
        internal string Shape { get; }

        /// <summary>The prefix whose text is <paramref name="text"/> (blanks only, or nothing: <see cref="None"/>).</summary>
        internal static LinePrefix Of(string? text)
        {
            string trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length == 0) return None;
            var shape = new StringBuilder("^\\s*");
            int i = 0;
            while (i < trimmed.Length)
            {
                char c = trimmed[i];
                if (char.IsDigit(c))
                {
                    while (i < trimmed.Length && char.IsDigit(trimmed[i])) i++;
                    shape.Append(@"\d+");
                }
                else if (char.IsLetter(c))
                {
                    while (i < trimmed.Length && (char.IsLetter(trimmed[i]) || char.GetUnicodeCategory(trimmed[i]) == System.Globalization.UnicodeCategory.NonSpacingMark)) i++;
                    shape.Append(@"\p{L}[\p{L}\p{Mn}]*");
                }
                else if (char.IsWhiteSpace(c))
                {
                    while (i < trimmed.Length && char.IsWhiteSpace(trimmed[i])) i++;
                    shape.Append(@"\s*");
                }
                else
                {
                    i++;
                    shape.Append(Regex.Escape(c.ToString()));
                }
            }
            string pattern = shape.ToString();
            return new LinePrefix(pattern, new Regex(pattern, RegexOptions.CultureInvariant));
        }

        /// <summary>
        /// <paramref name="line"/> without this prefix; the line as it is when it does not start with one (a line the
        /// logger did not write, or no prefix at all).
        /// </summary>
        internal string Strip(string line)
        {
            if (_pattern == null) return line;
            Match match = _pattern.Match(line);
            return match.Success ? line.Substring(match.Length) : line;
        }
    }
}
