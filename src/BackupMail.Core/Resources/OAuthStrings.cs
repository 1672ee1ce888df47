using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The OAuth token engine's user-facing texts (OAuthStrings.resx, de-DE beside it).</summary>
    internal static class OAuthStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.OAuthStrings", typeof(OAuthStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object?[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo? culture, string name, params object?[] args) => Text.FormatIn(culture, name, args);
    }
}
