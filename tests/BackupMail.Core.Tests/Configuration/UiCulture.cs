using System;
using System.Globalization;

namespace BackupMail.Tests.Configuration
{
    /// <summary>Switches the current thread's UI culture for the length of a using block.</summary>
    internal sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previous;

        private UiCulture(string name)
        {
            _previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(name);
        }

        public static UiCulture Use(string name) => new UiCulture(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
