using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BackupMail.Resources;

namespace BackupMail.Accounts
{
    /// <summary>
    /// Checks an SMTP server's name: a DNS name (at most 253 characters, parts of 1 to 63 between dots, letters,
    /// digits, hyphens and underscores; international names through their ASCII form), an IPv4 address or an IPv6
    /// address without brackets. Used both by Set-BackupMailAccount and when config.json is read.
    /// </summary>
    internal static class SmtpHost
    {
        public const int MaxLength = 253;
        public const int MaxLabelLength = 63;

        /// <summary>
        /// Null when <paramref name="host"/> is usable; otherwise why not, as a clause ("it contains ..."). For
        /// <c>host:port</c> also the two halves, so that the caller can show the command that was meant.
        /// </summary>
        public static string? Problem(string? host, out string? hostPart, out string? port)
        {
            hostPart = null;
            port = null;
            if (Strings.IsNullOrEmpty(host))
            {
                return ConfigStrings.Get("HostEmpty");
            }

            if (SplitPort(host, out hostPart, out port))
            {
                return ConfigStrings.Format("HostWithPort", ":" + port);
            }

            foreach (var c in host)
            {
                if (char.IsControl(c) || char.IsWhiteSpace(c) || c == '/' || c == '@' || c == '[' || c == ']')
                {
                    return ConfigStrings.Format("HostCharacter", Show(c));
                }
            }

            if (host.IndexOf(':') >= 0)
            {
                return IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
                    ? null
                    : ConfigStrings.Get("HostNotIPv6");
            }

            if (IsDigitsAndDots(host))
            {
                return IsIPv4(host) ? null : ConfigStrings.Get("HostNotIPv4");
            }

            return DnsNameProblem(host);
        }

        // "mail.example.com:587" and "[2001:db8::1]:587"; a bare IPv6 address has more than one colon.
        private static bool SplitPort(string host, [NotNullWhen(true)] out string? hostPart, [NotNullWhen(true)] out string? port)
        {
            hostPart = null;
            port = null;
            var colon = host.LastIndexOf(':');
            if (colon <= 0 || colon == host.Length - 1 || !IsDigits(host, colon + 1))
            {
                return false;
            }

            var left = host.Substring(0, colon);
            if (left.StartsWith("[", StringComparison.Ordinal) && left.EndsWith("]", StringComparison.Ordinal))
            {
                left = left.Substring(1, left.Length - 2);
            }
            else if (left.IndexOf(':') >= 0)
            {
                return false;
            }

            hostPart = left;
            port = host.Substring(colon + 1);
            return true;
        }

        private static string? DnsNameProblem(string host)
        {
            string ascii;
            try
            {
                // An international name is looked up by its punycode form; that form is what the limits apply to.
                ascii = new IdnMapping().GetAscii(host);
            }
            catch (ArgumentException)
            {
                ascii = host;
            }

            // One trailing dot marks a fully qualified name and is not a part of its own.
            var name = ascii.EndsWith(".", StringComparison.Ordinal) ? ascii.Substring(0, ascii.Length - 1) : ascii;
            if (name.Length > MaxLength)
            {
                return ConfigStrings.Format("HostTooLong", name.Length, MaxLength);
            }

            foreach (var label in name.Split('.'))
            {
                if (label.Length == 0 || label.Length > MaxLabelLength)
                {
                    return ConfigStrings.Format("HostLabelLength", label, label.Length, MaxLabelLength);
                }

                foreach (var c in label)
                {
                    // Underscores are not DNS host-name characters, but Windows networks use them and resolvers accept them.
                    if (!(c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_')))
                    {
                        return ConfigStrings.Format("HostCharacter", Show(c));
                    }
                }

                if (label[0] == '-' || label[label.Length - 1] == '-')
                {
                    return ConfigStrings.Format("HostLabelHyphen", label);
                }
            }

            return null;
        }

        // Exactly four decimal numbers from 0 to 255: IPAddress.TryParse would also take "10.1" or "1".
        private static bool IsIPv4(string host)
        {
            var parts = host.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || int.Parse(part, CultureInfo.InvariantCulture) > 255)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDigitsAndDots(string text)
        {
            foreach (var c in text)
            {
                if (!(c >= '0' && c <= '9') && c != '.')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDigits(string text, int from)
        {
            for (var i = from; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return from < text.Length;
        }

        // Invisible characters by their code, so that a line break or a tab shows in the message.
        internal static string Show(char c) =>
            char.IsControl(c) || char.IsWhiteSpace(c)
                ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : "'" + c + "'";
    }
}
