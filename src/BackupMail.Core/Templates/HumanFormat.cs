using System;
using System.Globalization;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>Sizes and durations the way a person reads them ("1.23 GB", "1 h 02 min 05 s").</summary>
    internal static class HumanFormat
    {
        private static readonly string[] Units = { "KB", "MB", "GB", "TB", "PB" };

        /// <summary>Binary units (1 KB = 1024 bytes, as Windows and robocopy count); below 1 KB the exact byte count.</summary>
        internal static string Bytes(long bytes, CultureInfo? culture)
        {
            culture = culture ?? CultureInfo.CurrentCulture;
            if (Math.Abs(bytes) < 1024)
                return TemplateStrings.FormatIn(culture, "Bytes_Exact", bytes.ToString("N0", culture));
            double value = bytes;
            int unit = -1;
            while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            string number = value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00", culture);
            return number + " " + Units[unit];
        }

        /// <summary>Hours, minutes and seconds with localized unit names; negative spans are shown as zero.</summary>
        internal static string Duration(TimeSpan span, CultureInfo culture)
        {
            if (span < TimeSpan.Zero) span = TimeSpan.Zero;
            long hours = (long)span.TotalHours;
            if (hours > 0) return TemplateStrings.FormatIn(culture, "Duration_Hours", hours, span.Minutes, span.Seconds);
            if (span.Minutes > 0) return TemplateStrings.FormatIn(culture, "Duration_Minutes", span.Minutes, span.Seconds);
            return TemplateStrings.FormatIn(culture, "Duration_Seconds", span.Seconds);
        }
    }
}
