using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Resources;
using System.Text.RegularExpressions;
using Xunit;

namespace BackupMail.Tests
{
    /// <summary>
    /// Every text of the engine exists in German too, translated, and takes the same arguments: for every resource set the
    /// engine assembly carries, so a new set is checked without anyone remembering to add a test.
    /// </summary>
    public sealed class ResourceTranslationTests
    {
        private static readonly System.Reflection.Assembly Engine = typeof(BackupMailException).Assembly;

        public static IEnumerable<object[]> ResourceSets() =>
            Engine.GetManifestResourceNames()
                .Where(name => name.EndsWith(".resources", System.StringComparison.Ordinal))
                .Select(name => new object[] { name.Substring(0, name.Length - ".resources".Length) });

        [Fact]
        public void The_engine_has_the_resource_sets_it_is_known_to_have()
        {
            var sets = ResourceSets().Select(row => (string)row[0]).ToList();
            foreach (var known in new[] { "ConfigStrings", "DeliveryStrings", "GraphStrings", "LogStrings", "NotificationStrings", "OAuthStrings", "OutboxStrings", "TemplateStrings" })
            {
                Assert.Contains("BackupMail.Resources." + known, sets);
            }
        }

        [Theory]
        [MemberData(nameof(ResourceSets))]
        public void German_has_every_text_translated_with_the_same_arguments(string baseName)
        {
            var manager = new ResourceManager(baseName, Engine);
            var english = Texts(manager, CultureInfo.InvariantCulture);
            var german = Texts(manager, new CultureInfo("de-DE"));

            Assert.NotEmpty(english);
            Assert.Equal(english.Keys.OrderBy(k => k), german.Keys.OrderBy(k => k));
            foreach (var (name, text) in english)
            {
                Assert.True(Arguments(text).SequenceEqual(Arguments(german[name])), name + ": the arguments differ between English and German");
                Assert.True(text != german[name] || !IsProse(text), name + ": not translated");
            }
        }

        private static Dictionary<string, string> Texts(ResourceManager manager, CultureInfo culture) =>
            manager.GetResourceSet(culture, true, false).Cast<DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value);

        // Words to translate: two words of letters once placeholders are gone. A tool's name ("robocopy") or a subject made of
        // placeholders alone may be the same in both languages.
        private static bool IsProse(string text) =>
            Regex.IsMatch(Regex.Replace(text, @"##\w+##|\{[^}]*\}", " "), @"\p{L}{2,}\s+\p{L}{2,}");

        // {0}, {1:u}, {2,-10}: the argument's number, whatever its format; and a template's ##Placeholder## tokens.
        private static string[] Arguments(string text) =>
            Regex.Matches(text, @"\{(\d+)(?:[,:][^}]*)?\}|##\w+##").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value).Distinct().OrderBy(v => v, System.StringComparer.Ordinal).ToArray();
    }
}
