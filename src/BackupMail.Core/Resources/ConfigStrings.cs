using System.Globalization;
using System.Resources;

namespace BackupMail.Resources
{
    /// <summary>The user-facing texts of configuration, accounts, rules and address parsing (ConfigStrings.resx).</summary>
    internal static class ConfigStrings
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.ConfigStrings", typeof(ConfigStrings).Assembly);

        /// <summary>The text called <paramref name="name"/> in the current UI culture.</summary>
        public static string Get(string name) =>
            Manager.GetString(name, CultureInfo.CurrentUICulture) ?? name;

        /// <summary>The text called <paramref name="name"/> with <paramref name="args"/> filled in.</summary>
        public static string Format(string name, params object[] args) =>
            string.Format(CultureInfo.CurrentUICulture, Get(name), args);
    }
}
