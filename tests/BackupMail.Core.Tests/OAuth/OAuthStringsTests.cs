using System.Collections;
using System.Globalization;
using System.Linq;
using System.Resources;
using System.Text.RegularExpressions;
using BackupMail.OAuth;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>The German texts of the token engine exist for every English one and take the same arguments.</summary>
    public sealed class OAuthStringsTests
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.OAuthStrings", typeof(OAuthTokenService).Assembly);

        private static System.Collections.Generic.Dictionary<string, string> Texts(CultureInfo culture) =>
            Manager.GetResourceSet(culture, true, false)
                .Cast<DictionaryEntry>()
                .ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value);

        private static string[] Placeholders(string text) =>
            Regex.Matches(text, @"\{(\d+)\}").Select(m => m.Value).Distinct().OrderBy(v => v).ToArray();

        [Fact]
        public void GermanHasEveryTextWithTheSamePlaceholders()
        {
            var english = Texts(CultureInfo.InvariantCulture);
            var german = Texts(new CultureInfo("de-DE"));

            Assert.NotEmpty(english);
            Assert.Equal(english.Keys.OrderBy(k => k), german.Keys.OrderBy(k => k));
            foreach (var (name, text) in english)
            {
                Assert.True(Placeholders(text).SequenceEqual(Placeholders(german[name])), name);
                Assert.NotEqual(text, german[name]);
            }
        }
    }
}
