using System;
using System.Collections.Generic;
using System.Text;
using BackupMail.Resources;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>Parses and validates recipient lists given as arrays or as one string separated by commas or semicolons.</summary>
    public static class MailAddressList
    {
        /// <summary>
        /// Every address, trimmed and validated, duplicates (same address, any case) removed, in the order given.
        /// Each value may hold several addresses separated by commas or semicolons; a display name is kept
        /// (<c>Backup Admin &lt;admin@example.com&gt;</c>), and a quoted one may contain commas.
        /// </summary>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c> naming the bad address; <c>NoRecipients</c> when empty.</exception>
        public static IReadOnlyList<string> Parse(IEnumerable<string?>? values)
        {
            var result = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (values != null)
            {
                foreach (var value in values)
                {
                    foreach (var token in Split(value))
                    {
                        var mailbox = Validate(token);
                        if (seen.Add(mailbox.Address))
                        {
                            result.Add(mailbox.ToString());
                        }
                    }
                }
            }

            if (result.Count == 0)
            {
                throw new BackupMailException(ErrorIds.NoRecipients, BackupMailErrorKind.InvalidArgument, ConfigStrings.Get("NoRecipients"));
            }

            return result;
        }

        /// <summary>One address, trimmed and validated (a display name is kept).</summary>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c>.</exception>
        public static string ParseOne(string? value)
        {
            if (Strings.IsNullOrWhiteSpace(value))
            {
                throw new BackupMailException(ErrorIds.InvalidMailAddress, BackupMailErrorKind.InvalidArgument, ConfigStrings.Get("MailAddressMissing"), value);
            }

            return Validate(value.Trim()).ToString();
        }

        private static MailboxAddress Validate(string text)
        {
            // MimeKit is lenient (it accepts a bare local part, for instance), so insist on both halves.
            if (MailboxAddress.TryParse(text, out var mailbox) &&
                !string.IsNullOrWhiteSpace(mailbox.LocalPart) &&
                !string.IsNullOrWhiteSpace(mailbox.Domain) &&
                mailbox.Domain.IndexOfAny(new[] { ' ', '\t', '[', ']' }) < 0 &&
                !mailbox.Domain.StartsWith(".", StringComparison.Ordinal) &&
                !mailbox.Domain.EndsWith(".", StringComparison.Ordinal))
            {
                return mailbox;
            }

            throw new BackupMailException(
                ErrorIds.InvalidMailAddress, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidMailAddress", text), text);
        }

        // Splits on commas and semicolons outside quoted display names and angle brackets.
        private static IEnumerable<string> Split(string? value)
        {
            if (Strings.IsNullOrEmpty(value))
            {
                yield break;
            }

            var current = new StringBuilder();
            var inQuotes = false;
            var inAngle = false;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (inQuotes && c == '\\' && i + 1 < value.Length)
                {
                    current.Append(c).Append(value[++i]);
                    continue;
                }

                if (c == '"' && !inAngle)
                {
                    inQuotes = !inQuotes;
                }
                else if (!inQuotes && c == '<')
                {
                    inAngle = true;
                }
                else if (!inQuotes && c == '>')
                {
                    inAngle = false;
                }
                else if (!inQuotes && !inAngle && (c == ',' || c == ';'))
                {
                    var token = current.ToString().Trim();
                    current.Clear();
                    if (token.Length > 0)
                    {
                        yield return token;
                    }

                    continue;
                }

                current.Append(c);
            }

            var last = current.ToString().Trim();
            if (last.Length > 0)
            {
                yield return last;
            }
        }
    }
}
