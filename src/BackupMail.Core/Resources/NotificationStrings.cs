using System.Globalization;
using System.Resources;

namespace BackupMail.Resources
{
    /// <summary>The notification engine's user-facing texts (NotificationStrings.resx, .de-DE.resx).</summary>
    internal static class NotificationStrings
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.NotificationStrings", typeof(NotificationStrings).Assembly);

        /// <summary>The text called <paramref name="name"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
        internal static string Format(string name, params object[] args)
        {
            var culture = CultureInfo.CurrentUICulture;
            var text = Manager.GetString(name, culture) ?? name;
            return args == null || args.Length == 0 ? text : string.Format(culture, text, args);
        }
    }
}
