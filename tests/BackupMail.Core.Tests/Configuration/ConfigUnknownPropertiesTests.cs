using System.Globalization;
using System.IO;
using System.Text.Json;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    // A newer BackupMail (or a person) may write properties this one does not know; writing the file again,
    // whatever changed, must keep them at every level, with their values as they were.
    public class ConfigUnknownPropertiesTests : System.IDisposable
    {
        private const string NewerFile = @"{
  ""schemaVersion"": 1,
  ""futureTopLevel"": { ""digest"": [ 1, 2.5, ""x"", null, true ], ""nested"": { ""deep"": ""ü\n"" } },
  ""accounts"": [
    { ""name"": ""Default"", ""smtpServer"": ""mail.example.com"", ""port"": 587, ""security"": ""StartTls"",
      ""allowInsecureAuthentication"": true, ""oauth"": { ""tenantId"": ""contoso"" } }
  ],
  ""templates"": [
    { ""name"": ""Daily"", ""subject"": ""##BackupName##"", ""body"": ""##Status##"", ""bodyFormat"": ""Text"", ""locale"": ""de-DE"" }
  ],
  ""rules"": [
    { ""backupName"": ""Nightly"", ""mode"": ""Always"", ""to"": [ ""a@example.com"" ], ""escalation"": ""Daily"", ""quietHours"": 86400 }
  ],
  // comments are not kept, but the values around them are
  ""zLast"": null,
}";

        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private ConfigStore Store()
        {
            var store = new ConfigStore(_temp.Combine("config"));
            Directory.CreateDirectory(store.DirectoryPath);
            File.WriteAllText(store.ConfigFilePath, NewerFile);
            return store;
        }

        private static JsonElement Written(ConfigStore store)
        {
            using (var document = JsonDocument.Parse(File.ReadAllText(store.ConfigFilePath)))
            {
                return document.RootElement.Clone();
            }
        }

        private static void AssertKept(JsonElement root)
        {
            var future = root.GetProperty("futureTopLevel");
            Assert.Equal("[1,2.5,\"x\",null,true]", future.GetProperty("digest").GetRawText().Replace(" ", string.Empty).Replace("\n", string.Empty).Replace("\r", string.Empty));
            Assert.Equal("ü\n", future.GetProperty("nested").GetProperty("deep").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("zLast").ValueKind);

            var account = root.GetProperty("accounts")[0];
            Assert.True(account.GetProperty("allowInsecureAuthentication").GetBoolean());
            Assert.Equal("contoso", account.GetProperty("oauth").GetProperty("tenantId").GetString());

            var template = FindNamed(root.GetProperty("templates"), "name", "Daily");
            Assert.Equal("de-DE", template.GetProperty("locale").GetString());

            var rule = FindNamed(root.GetProperty("rules"), "backupName", "Nightly");
            Assert.Equal("Daily", rule.GetProperty("escalation").GetString());
            Assert.Equal(86400, rule.GetProperty("quietHours").GetInt32());
        }

        private static JsonElement FindNamed(JsonElement array, string property, string name)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (string.Equals(item.GetProperty(property).GetString(), name, System.StringComparison.OrdinalIgnoreCase))
                {
                    return item;
                }
            }

            Assert.Fail(name + " is missing");
            return default;
        }

        [Fact]
        public void An_update_that_changes_something_else_keeps_unknown_properties_at_every_level()
        {
            var store = Store();

            store.Update(config =>
            {
                config.Rules.Add(new NotificationRule { BackupName = "Docs", To = new[] { "b@example.com" } });
                return 0;
            });

            AssertKept(Written(store));
            Assert.Equal(2, store.Load().Rules.Count);
        }

        [Fact]
        public void Changing_the_account_template_and_rule_themselves_keeps_their_unknown_properties()
        {
            var store = Store();

            new AccountService(store, new BackupMail.Tests.Accounts.InMemoryCredentialSource(), null)
                .Set(new AccountSettings { Port = 2525, TimeoutSeconds = 60 });
            new TemplateService(store, CultureInfo.GetCultureInfo("en-US")).Set("Daily", "Changed ##BackupName##", null, null);
            new RuleService(store).Set(new NotificationRule { BackupName = "nightly", Mode = NotificationMode.OnFailure, To = new[] { "c@example.com" } });

            var root = Written(store);
            AssertKept(root);
            Assert.Equal(2525, root.GetProperty("accounts")[0].GetProperty("port").GetInt32());
            Assert.Equal("Changed ##BackupName##", root.GetProperty("templates")[0].GetProperty("subject").GetString());
            Assert.Equal("OnFailure", root.GetProperty("rules")[0].GetProperty("mode").GetString());
        }

        [Fact]
        public void Writing_twice_gives_the_same_file()
        {
            var store = Store();
            store.Update(c => 0);
            var once = File.ReadAllText(store.ConfigFilePath);

            store.Update(c => 0);

            Assert.Equal(once, File.ReadAllText(store.ConfigFilePath));
        }
    }
}
