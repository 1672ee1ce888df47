#nullable enable
using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The run journal's user-facing texts (JournalStrings.resx, de-DE beside it).</summary>
    internal static class JournalStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.JournalStrings", typeof(JournalStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo? culture, string name, params object[] args) => Text.FormatIn(culture, name, args);
    }
}
