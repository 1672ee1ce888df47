using System.Globalization;
using System.Resources;

namespace BackupMail.PowerShell.Resources
{
    /// <summary>The notification cmdlets' user-facing texts (NotifyCmdletStrings.resx, .de-DE.resx).</summary>
    internal static class NotifyCmdletStrings
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.PowerShell.Resources.NotifyCmdletStrings", typeof(NotifyCmdletStrings).Assembly);

        /// <summary>The text called <paramref name="name"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
        internal static string Format(string name, params object[] args)
        {
            var culture = CultureInfo.CurrentUICulture;
            var text = Manager.GetString(name, culture) ?? name;
            return args == null || args.Length == 0 ? text : string.Format(culture, text, args);
        }
    }
}
