using System.Globalization;
using BackupMail.Resources;

namespace BackupMail.PowerShell.Resources
{
    /// <summary>The watchdog cmdlets' user-facing texts (WatchdogCmdletStrings.resx, de-DE beside it).</summary>
    internal static class WatchdogCmdletStrings
    {
        private static readonly ResourceText Text = new ResourceText("BackupMail.PowerShell.Resources.WatchdogCmdletStrings", typeof(WatchdogCmdletStrings).Assembly);

        internal static string Get(string name, CultureInfo culture = null) => Text.Get(name, culture);

        internal static string Format(string name, params object[] args) => Text.Format(name, args);
    }
}
