using System;
using BackupMail.Resources;

namespace BackupMail.Rules
{
    /// <summary>The values a rule's watchdog settings may take, checked alike by Set-BackupNotificationRule and in <c>config.json</c>.</summary>
    public static class WatchValues
    {
        /// <summary>The shortest interval a job can be expected in.</summary>
        public static readonly TimeSpan MinExpectEvery = TimeSpan.FromMinutes(1);

        /// <summary>The longest interval a job can be expected in.</summary>
        public static readonly TimeSpan MaxExpectEvery = TimeSpan.FromDays(366);

        /// <summary>Whether <paramref name="value"/> is a valid expected interval.</summary>
        public static bool IsExpectEvery(TimeSpan value) => value >= MinExpectEvery && value <= MaxExpectEvery;

        /// <summary>
        /// Reads an interval as an administrator writes it: <c>26:00:00</c> or <c>26:00</c> is 26 hours (where .NET would
        /// read 26 days), <c>1.02:00:00</c> a day and two hours, <c>PT26H</c> ISO 8601. Null when it is none of these.
        /// </summary>
        public static TimeSpan? ParseInterval(string? text)
        {
            if (Strings.IsNullOrWhiteSpace(text)) return null;
            text = text.Trim();
            var parts = text.Split(':');
            if ((parts.Length == 2 || parts.Length == 3) && parts[0].Length > 0 && parts[0].Length <= 6 && AllDigits(parts[0])
                && parts[1].Length == 2 && AllDigits(parts[1]) && (parts.Length == 2 || (parts[2].Length == 2 && AllDigits(parts[2]))))
            {
                var minutes = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                var seconds = parts.Length == 3 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (minutes > 59 || seconds > 59) return null;
                return new TimeSpan(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), minutes, seconds);
            }

            if (text.StartsWith("P", StringComparison.OrdinalIgnoreCase) || text.StartsWith("-P", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return System.Xml.XmlConvert.ToTimeSpan(text.ToUpperInvariant());
                }
                catch (FormatException)
                {
                    return null;
                }
                catch (OverflowException)
                {
                    return null;
                }
            }

            return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : (TimeSpan?)null;
        }

        private static bool AllDigits(string text)
        {
            foreach (var c in text)
            {
                if (c < '0' || c > '9') return false;
            }

            return true;
        }

        /// <summary>
        /// The interval a rule stores: null for <see cref="TimeSpan.Zero"/> (stop watching), else <paramref name="value"/>.
        /// </summary>
        /// <exception cref="BackupMailException"><c>InvalidExpectEvery</c>.</exception>
        public static TimeSpan? ExpectEvery(TimeSpan value)
        {
            if (value == TimeSpan.Zero) return null;
            if (!IsExpectEvery(value))
            {
                throw new BackupMailException(ErrorIds.InvalidExpectEvery, BackupMailErrorKind.InvalidArgument,
                    ConfigStrings.Format("InvalidExpectEvery", value), value);
            }

            return value;
        }

        /// <summary>An absolute http or https URL, or null when <paramref name="text"/> is not one.</summary>
        public static Uri? TryPingUrl(string? text)
        {
            if (Strings.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)) return null;
            return url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp ? url : null;
        }

        /// <summary>The URL a rule stores: null for an empty string (none), else the absolute http or https URL.</summary>
        /// <exception cref="BackupMailException"><c>InvalidPingUrl</c>.</exception>
        public static Uri? PingUrl(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            return TryPingUrl(text) ?? throw new BackupMailException(ErrorIds.InvalidPingUrl, BackupMailErrorKind.InvalidArgument,
                ConfigStrings.Format("InvalidPingUrl", text), text);
        }
    }
}
