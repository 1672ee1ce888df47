#nullable enable
using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The digest's user-facing texts and built-in template (DigestStrings.resx, de-DE beside it).</summary>
    internal static class DigestStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.DigestStrings", typeof(DigestStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo culture, string name, params object[] args) => Text.FormatIn(culture, name, args);
    }
}
