#nullable enable
using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The watchdog's and the health-check ping's user-facing texts (WatchdogStrings.resx, de-DE beside it).</summary>
    internal static class WatchdogStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.WatchdogStrings", typeof(WatchdogStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo? culture, string name, params object[] args) => Text.FormatIn(culture, name, args);
    }
}
