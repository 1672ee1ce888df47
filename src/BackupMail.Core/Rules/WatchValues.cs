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
        public static Uri TryPingUrl(string text)
        {
            if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)) return null;
            return url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp ? url : null;
        }

        /// <summary>The URL a rule stores: null for an empty string (none), else the absolute http or https URL.</summary>
        /// <exception cref="BackupMailException"><c>InvalidPingUrl</c>.</exception>
        public static Uri PingUrl(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            return TryPingUrl(text) ?? throw new BackupMailException(ErrorIds.InvalidPingUrl, BackupMailErrorKind.InvalidArgument,
                ConfigStrings.Format("InvalidPingUrl", text), text);
        }
    }
}
