using System.Collections;
using System.Globalization;
using System.Linq;
using System.Resources;
using System.Text.RegularExpressions;
using BackupMail.Notifications;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    public class NotificationStringsTests
    {
        private static readonly ResourceManager Manager =
            new ResourceManager("BackupMail.Resources.NotificationStrings", typeof(NotificationService).Assembly);

        [Fact]
        public void Every_English_text_has_a_German_one_with_the_same_arguments()
        {
            var english = Manager.GetResourceSet(CultureInfo.InvariantCulture, true, false).Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value);
            var german = Manager.GetResourceSet(CultureInfo.GetCultureInfo("de-DE"), true, false).Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value);

            Assert.NotEmpty(english);
            Assert.Equal(english.Keys.OrderBy(k => k), german.Keys.OrderBy(k => k));
            foreach (var name in english.Keys)
            {
                Assert.Equal(Arguments(english[name]), Arguments(german[name]));
                Assert.NotEqual(english[name], german[name]);
            }
        }

        private static string[] Arguments(string text) =>
            Regex.Matches(text, @"\{\d+\}").Cast<Match>().Select(m => m.Value).Distinct().OrderBy(v => v).ToArray();
    }
}
