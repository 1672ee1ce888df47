using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The configuration store's and accounts' user-facing texts (ConfigStrings.resx, de-DE beside it).</summary>
    internal static class ConfigStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.ConfigStrings", typeof(ConfigStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object?[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo? culture, string name, params object?[] args) => Text.FormatIn(culture, name, args);
    }
}
