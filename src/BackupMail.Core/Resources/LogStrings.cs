using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The log readers' and attachments' user-facing texts (LogStrings.resx, de-DE beside it).</summary>
    internal static class LogStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.LogStrings", typeof(LogStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object?[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo? culture, string name, params object?[] args) => Text.FormatIn(culture, name, args);
    }
}
