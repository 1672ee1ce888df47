using System.Globalization;
using BackupMail.Resources;

namespace BackupMail.PowerShell.Resources
{
    /// <summary>The account and test-mail cmdlets' user-facing texts (CmdletStrings.resx, de-DE beside it).</summary>
    internal static class CmdletStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.PowerShell.Resources.CmdletStrings", typeof(CmdletStrings).Assembly);

        internal static string Get(string name, CultureInfo culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object[] args) => Text.Format(name, args);

        internal static string FormatIn(CultureInfo culture, string name, params object[] args) => Text.FormatIn(culture, name, args);
    }
}
