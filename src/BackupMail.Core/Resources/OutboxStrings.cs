using System.Globalization;
using System.Resources;

namespace BackupMail.Resources
{
    /// <summary>The outbox's user-facing messages (OutboxStrings.resx, de-DE beside it).</summary>
    internal static class OutboxStrings
    {
        private static readonly ResourceManager Manager = new ResourceManager("BackupMail.Resources.OutboxStrings", typeof(OutboxStrings).Assembly);

        internal static string Format(string name, params object[] args) =>
            string.Format(CultureInfo.CurrentCulture, Manager.GetString(name, CultureInfo.CurrentUICulture) ?? name, args);
    }
}
