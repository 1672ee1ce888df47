using System;
using BackupMail.Tests.Configuration;

namespace BackupMail.Tests.OAuth
{
    /// <summary>What the OAuth token tests share: a test bed of their own and English messages, both disposed after each test.</summary>
    public abstract class OAuthTokenTestBase : IDisposable
    {
        private readonly UiCulture _culture = UiCulture.Use("en-US");

        private protected OAuthTestBed Bed { get; } = new OAuthTestBed();

        public void Dispose()
        {
            _culture.Dispose();
            Bed.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
