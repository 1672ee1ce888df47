using System.Collections;
using System.Globalization;
using System.Linq;
using System.Resources;
using System.Text.RegularExpressions;
using BackupMail.Configuration;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    public class ConfigStringsTests
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.ConfigStrings", typeof(ConfigStore).Assembly);

        [Fact]
        public void Every_English_text_has_a_German_one_with_the_same_placeholders()
        {
            var english = Manager.GetResourceSet(CultureInfo.InvariantCulture, true, false).Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value);
            var german = Manager.GetResourceSet(new CultureInfo("de-DE"), true, false).Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value);

            Assert.True(english.Count > 20);
            Assert.Equal(english.Keys.OrderBy(k => k), german.Keys.OrderBy(k => k));
            foreach (var name in english.Keys)
            {
                Assert.True(Placeholders(english[name]) == Placeholders(german[name]), $"{name}: the placeholders differ between English and German");
                Assert.True(english[name] != german[name], $"{name}: not translated");
            }
        }

        private static string Placeholders(string text) =>
            string.Join(",", Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct().OrderBy(v => v));
    }
}
