using System.Globalization;
using System.Resources;

namespace BackupMail.Resources
{
    /// <summary>Default templates, placeholder descriptions and exit-code sentences (TemplateStrings.resx).</summary>
    internal static class TemplateStrings
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.TemplateStrings", typeof(TemplateStrings).Assembly);

        /// <summary>The string <paramref name="name"/> in <paramref name="culture"/> (the current UI culture when null).</summary>
        internal static string Get(string name, CultureInfo culture = null)
            => Manager.GetString(name, Resolve(culture ?? CultureInfo.CurrentUICulture)) ?? name;

        // The German resources are de-DE; de-AT, de-CH and plain de would otherwise fall back to English.
        private static CultureInfo Resolve(CultureInfo culture)
            => culture.TwoLetterISOLanguageName == "de" && culture.Name != "de-DE" ? CultureInfo.GetCultureInfo("de-DE") : culture;

        /// <summary>The string <paramref name="name"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
        internal static string Format(string name, params object[] args)
            => string.Format(CultureInfo.CurrentUICulture, Get(name), args);

        /// <summary>The string <paramref name="name"/> in <paramref name="culture"/>, formatted with <paramref name="args"/>.</summary>
        internal static string FormatIn(CultureInfo culture, string name, params object[] args)
        {
            culture = culture ?? CultureInfo.CurrentUICulture;
            return string.Format(culture, Get(name, culture), args);
        }
    }
}
