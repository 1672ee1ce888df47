using System.Globalization;
using System.Resources;

namespace BackupMail.Resources
{
    /// <summary>The user-facing texts of SMTP delivery (DeliveryStrings.resx, DeliveryStrings.de-DE.resx).</summary>
    internal static class DeliveryStrings
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.DeliveryStrings", typeof(DeliveryStrings).Assembly);

        /// <summary>The text <paramref name="name"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
        internal static string Format(string name, params object[] args)
        {
            var culture = CultureInfo.CurrentUICulture;
            var text = Manager.GetString(name, culture) ?? name;
            return args == null || args.Length == 0 ? text : string.Format(culture, text, args);
        }
    }
}
