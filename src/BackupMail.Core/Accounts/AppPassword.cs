using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BackupMail.Accounts
{
    /// <summary>
    /// App passwords of Gmail, iCloud and Yahoo: 16 letters that the providers show as four groups of four
    /// ("abcd efgh ijkl mnop"; iCloud: "abcd-efgh-ijkl-mnop"). Users paste them with the spaces.
    /// </summary>
    public static class AppPassword
    {
        private const int Letters = 16;

        /// <summary>
        /// The password without white space (app passwords never contain any, so spaces, tabs and the
        /// non-breaking spaces a web page copies along are typing artefacts). Null stays null.
        /// </summary>
        [return: NotNullIfNotNull("password")]
        public static string? Normalize(string? password)
        {
            if (password == null)
            {
                return null;
            }

            var result = new StringBuilder(password.Length);
            foreach (var c in password)
            {
                if (!char.IsWhiteSpace(c))
                {
                    result.Append(c);
                }
            }

            return result.ToString();
        }

        /// <summary>
        /// True when <paramref name="normalized"/> has the shape of <paramref name="provider"/>'s app passwords:
        /// exactly 16 ASCII letters, or for iCloud also four groups of four letters joined by hyphens, as Apple shows them.
        /// </summary>
        public static bool HasExpectedShape(string normalized, MailProvider provider)
        {
            if (string.IsNullOrEmpty(normalized))
            {
                return false;
            }

            if (provider == MailProvider.ICloud && IsHyphenatedGroups(normalized))
            {
                return true;
            }

            return normalized.Length == Letters && AllAsciiLetters(normalized);
        }

        private static bool IsHyphenatedGroups(string value)
        {
            var groups = value.Split('-');
            if (groups.Length != 4)
            {
                return false;
            }

            foreach (var group in groups)
            {
                if (group.Length != 4 || !AllAsciiLetters(group))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AllAsciiLetters(string value)
        {
            foreach (var c in value)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
