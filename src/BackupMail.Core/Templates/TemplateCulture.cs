using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// The culture a template is rendered in: its language and the format of its numbers and dates. A template
    /// without one (<see cref="MailTemplate.Culture"/> null or empty) uses the current UI culture at send time.
    /// </summary>
    public static class TemplateCulture
    {
        private static readonly Lazy<Dictionary<string, string>> Known = new Lazy<Dictionary<string, string>>(() =>
            CultureInfo.GetCultures(CultureTypes.AllCultures)
                .Where(c => !string.IsNullOrEmpty(c.Name))
                .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase));

        /// <summary>
        /// The culture named <paramref name="name"/>; <paramref name="fallback"/> (the current UI culture when null) when the
        /// name is empty or names no culture this computer knows (a configuration edited by hand, say).
        /// </summary>
        public static CultureInfo Resolve(string? name, CultureInfo? fallback)
        {
            fallback = fallback ?? CultureInfo.CurrentUICulture;
            if (Strings.IsNullOrWhiteSpace(name)) return fallback;
            // The name was checked when the template was saved: no list of every culture is built on a send.
            try
            {
                return CultureInfo.GetCultureInfo(name.Trim());
            }
            catch (ArgumentException)
            {
                // CultureNotFoundException, or a name with characters no culture name has.
                return fallback;
            }
        }

        /// <summary>
        /// The canonical spelling of the culture <paramref name="name"/> (<c>de-de</c> becomes <c>de-DE</c>); null for an
        /// empty name, which means "the current UI culture at send time".
        /// </summary>
        /// <exception cref="BackupMailException"><c>TemplateCultureInvalid</c> (InvalidArgument) for a name no culture on this computer has.</exception>
        public static string? Normalize(string? name)
        {
            if (Strings.IsNullOrWhiteSpace(name)) return null;
            string? canonical = Canonical(name);
            if (canonical != null) return canonical;
            throw new BackupMailException(ErrorIds.TemplateCultureInvalid, BackupMailErrorKind.InvalidArgument,
                TemplateStrings.Format("TemplateCultureInvalid", name.Trim()), name);
        }

        private static string? Canonical(string name)
            => Known.Value.TryGetValue(name.Trim().Replace('_', '-'), out string? canonical) ? canonical : null;
    }
}
