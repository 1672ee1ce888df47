using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Resources;
using System.Text.RegularExpressions;
using Xunit;

namespace BackupMail.Tests.Templates
{
    /// <summary>Every English string of TemplateStrings and LogStrings has a German one with the same format arguments.</summary>
    public class ResourceCompletenessTests
    {
        [Theory]
        [InlineData("BackupMail.Resources.TemplateStrings")]
        [InlineData("BackupMail.Resources.LogStrings")]
        public void GermanMatchesEnglish(string baseName)
        {
            var manager = new ResourceManager(baseName, typeof(BackupMailException).Assembly);
            Dictionary<string, string> english = Strings(manager, CultureInfo.InvariantCulture);
            Dictionary<string, string> german = Strings(manager, new CultureInfo("de-DE"));
            Assert.NotEmpty(english);
            Assert.Empty(english.Keys.Except(german.Keys));
            Assert.Empty(german.Keys.Except(english.Keys));
            foreach (string key in english.Keys)
                Assert.True(Arguments(english[key]).SetEquals(Arguments(german[key])), key);
        }

        private static Dictionary<string, string> Strings(ResourceManager manager, CultureInfo culture)
            => manager.GetResourceSet(culture, true, false).Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value);

        private static HashSet<string> Arguments(string text)
            => new HashSet<string>(Regex.Matches(text, @"\{(\d+)[^}]*\}|##\w+##").Cast<Match>().Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value));
    }
}
