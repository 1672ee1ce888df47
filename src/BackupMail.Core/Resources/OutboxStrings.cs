using System.Globalization;

namespace BackupMail.Resources
{
    /// <summary>The outbox's user-facing texts (OutboxStrings.resx, de-DE beside it).</summary>
    internal static class OutboxStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.Resources.OutboxStrings", typeof(OutboxStrings).Assembly);

        internal static string Get(string name, CultureInfo? culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object?[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo? culture, string name, params object?[] args) => Text.FormatIn(culture, name, args);
    }
}
