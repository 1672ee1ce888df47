using System.Collections.Generic;
using System.Text;

namespace BackupMail.Notifications
{
    /// <summary>
    /// Joins arguments into one command line that the Windows rules (CommandLineToArgvW, which .NET also follows on
    /// Unix) split back into exactly the same arguments. netstandard2.0 has no ProcessStartInfo.ArgumentList.
    /// </summary>
    public static class CommandLine
    {
        /// <summary>The arguments as one command line.</summary>
        public static string Join(IEnumerable<string> arguments)
        {
            var line = new StringBuilder();
            if (arguments == null) return string.Empty;
            foreach (var argument in arguments)
            {
                if (line.Length > 0) line.Append(' ');
                AppendQuoted(line, argument ?? string.Empty);
            }

            return line.ToString();
        }

        private static void AppendQuoted(StringBuilder line, string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                line.Append(argument);
                return;
            }

            line.Append('"');
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes are literal unless they precede a quote: then each one, and the quote, is escaped.
                line.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                line.Append(c);
            }

            // Backslashes before the closing quote must not escape it.
            line.Append('\\', backslashes * 2);
            line.Append('"');
        }
    }
}
