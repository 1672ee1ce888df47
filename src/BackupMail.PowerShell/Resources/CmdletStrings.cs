using System.Globalization;
using System.Resources;

namespace BackupMail.PowerShell.Resources
{
    /// <summary>The cmdlets' user-facing strings (CmdletStrings.resx, CmdletStrings.de-DE.resx).</summary>
    internal static class CmdletStrings
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.PowerShell.Resources.CmdletStrings", typeof(CmdletStrings).Assembly);

        /// <summary>The string <paramref name="name"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
        public static string Format(string name, params object[] args)
        {
            var culture = CultureInfo.CurrentUICulture;
            var text = Manager.GetString(name, culture) ?? name;
            return args == null || args.Length == 0 ? text : string.Format(culture, text, args);
        }
    }
}
