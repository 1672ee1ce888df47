using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Rules;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    public class ConfigStoreTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private ConfigStore NewStore() => new ConfigStore(_temp.Combine("config"));

        // A store whose config.json was written by hand (or by another program) with exactly this text.
        private ConfigStore StoreWithFile(string content)
        {
            var store = NewStore();
            Directory.CreateDirectory(store.DirectoryPath);
            File.WriteAllText(store.ConfigFilePath, content);
            return store;
        }

        [Fact]
        public void Load_without_a_file_gives_an_empty_configuration_and_writes_nothing()
        {
            var store = NewStore();

            var config = store.Load();

            Assert.Empty(config.Accounts);
            Assert.Empty(config.Templates);
            Assert.Empty(config.Rules);
            Assert.Equal(BackupMailConfig.CurrentSchemaVersion, config.SchemaVersion);
            Assert.False(Directory.Exists(store.DirectoryPath));
        }

        [Fact]
        public void Round_trip_keeps_accounts_templates_and_rules()
        {
            var store = NewStore();

            var returned = store.Update(config =>
            {
                config.Accounts.Add(new MailAccount
                {
                    Name = "Office",
                    Provider = MailProvider.Outlook,
                    SmtpServer = "smtp-mail.outlook.com",
                    Port = 587,
                    Security = MailSecurity.StartTls,
                    From = "Backup <backup@example.com>",
                    UserName = "backup@example.com",
                    Vault = "SecretStore",
                    SecretName = "BackupMail-Office",
                    CertificateThumbprint = new string('A', 64),
                    TimeoutSeconds = 45,
                });
                config.Templates.Add(new MailTemplate { Name = "Täglich", Subject = "##ComputerName##: Tägliches Backup", Body = "<b>##Status##</b>", BodyFormat = BodyFormat.Html });
                config.Rules.Add(new NotificationRule { BackupName = "Nightly", Mode = NotificationMode.OnWarning, To = new[] { "a@x.org", "b@y.org" }, Account = "Office", AttachLog = true });
                return "done";
            });

            Assert.Equal("done", returned);
            var loaded = NewStore().Load();

            var account = Assert.Single(loaded.Accounts);
            Assert.Equal("Office", account.Name);
            Assert.Equal(MailProvider.Outlook, account.Provider);
            Assert.Equal("smtp-mail.outlook.com", account.SmtpServer);
            Assert.Equal(587, account.Port);
            Assert.Equal(MailSecurity.StartTls, account.Security);
            Assert.Equal("Backup <backup@example.com>", account.From);
            Assert.Equal("backup@example.com", account.UserName);
            Assert.Equal("SecretStore", account.Vault);
            Assert.Equal("BackupMail-Office", account.SecretName);
            Assert.Equal(new string('A', 64), account.CertificateThumbprint);
            Assert.Equal(45, account.TimeoutSeconds);
            Assert.True(account.HasCredential);

            var template = Assert.Single(loaded.Templates);
            Assert.Equal("##ComputerName##: Tägliches Backup", template.Subject);
            Assert.Equal("<b>##Status##</b>", template.Body);
            Assert.Equal(BodyFormat.Html, template.BodyFormat);

            var rule = Assert.Single(loaded.Rules);
            Assert.Equal(NotificationMode.OnWarning, rule.Mode);
            Assert.Equal(new[] { "a@x.org", "b@y.org" }, rule.To);
            Assert.True(rule.AttachLog);
        }

        [Fact]
        public void The_file_is_indented_json_with_a_schema_version_and_enums_as_names()
        {
            var store = NewStore();
            store.Update(c => { c.Accounts.Add(new MailAccount { SmtpServer = "mail.example.com", Security = MailSecurity.SslOnConnect }); return 0; });

            var text = File.ReadAllText(store.ConfigFilePath);
            using (var document = JsonDocument.Parse(text))
            {
                Assert.Equal(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
                var account = document.RootElement.GetProperty("accounts")[0];
                Assert.Equal("SslOnConnect", account.GetProperty("security").GetString());
                Assert.False(account.TryGetProperty("hasCredential", out _)); // computed, not stored
            }

            Assert.Contains("\n  ", text);
            Assert.Contains("Tägliches", WriteAndRead(store, "Tägliches Backup")); // readable, not \u00e4
        }

        private static string WriteAndRead(ConfigStore store, string subject)
        {
            store.Update(c => { c.Templates.Add(new MailTemplate { Subject = subject }); return 0; });
            return File.ReadAllText(store.ConfigFilePath, Encoding.UTF8);
        }

        // Every property with a value other than its default: ConfigRoundTripTests, by reflection.
        [Fact]
        public void Default_values_survive_a_round_trip_and_null_values_are_left_out_of_the_file()
        {
            var store = NewStore();
            store.Update(c =>
            {
                c.Accounts.Add(new MailAccount { Name = "Lab", SmtpServer = "lab.local", SkipCertificateValidation = true });
                c.Templates.Add(new MailTemplate { Name = "Short", Subject = "s", Body = "b", IsBuiltIn = true });
                c.Rules.Add(new NotificationRule { BackupName = "Weekly", To = new[] { "a@x.org" }, Account = "Lab", Template = "Short" });
                return 0;
            });

            var loaded = NewStore().Load();

            var account = Assert.Single(loaded.Accounts);
            Assert.True(account.SkipCertificateValidation);
            Assert.Equal(MailProvider.Custom, account.Provider);
            Assert.Equal(25, account.Port);
            Assert.Equal(30, account.TimeoutSeconds);
            Assert.Null(account.UserName);
            Assert.True(Assert.Single(loaded.Templates).IsBuiltIn);
            var rule = Assert.Single(loaded.Rules);
            Assert.Equal("Lab", rule.Account);
            Assert.Equal("Short", rule.Template);
            Assert.Equal(NotificationMode.Always, rule.Mode);
            Assert.False(rule.AttachLog);
            var text = File.ReadAllText(store.ConfigFilePath);
            Assert.DoesNotContain("userName", text);
            Assert.DoesNotContain("null", text);
        }

        [Fact]
        public void Names_match_in_any_case_and_enumerations_are_names_in_any_case_or_numbers()
        {
            var store = StoreWithFile(@"{
  ""SchemaVersion"": 1,
  ""ACCOUNTS"": [ { ""SMTPSERVER"": ""relay.local"", ""Security"": 2, ""provider"": ""gmail"", ""TimeoutSeconds"": 5 } ],
  ""Rules"": [ { ""BackupName"": ""Nightly"", ""MODE"": ""onfailure"", ""To"": [ ""a@x.org"" ] } ],
  ""templates"": [ { ""bodyformat"": ""HTML"" } ]
}");

            var config = store.Load();

            var account = Assert.Single(config.Accounts);
            Assert.Equal("relay.local", account.SmtpServer);
            Assert.Equal((MailSecurity)2, account.Security);
            Assert.Equal(MailProvider.Gmail, account.Provider);
            Assert.Equal(5, account.TimeoutSeconds);
            Assert.Equal(NotificationMode.OnFailure, Assert.Single(config.Rules).Mode);
            Assert.Equal(BodyFormat.Html, Assert.Single(config.Templates).BodyFormat);
        }

        [Theory]
        [InlineData("{\n  \"accounts\": [\n    { \"security\": true }\n  ]\n}", "$.accounts[0].security", 3)]
        [InlineData("{\n  \"rules\": [\n    {},\n    { \"to\": [ \"a@x.org\", 7 ] }\n  ]\n}", "$.rules[1].to[1]", 4)]
        [InlineData("{\n  \"templates\": { \"name\": \"x\" }\n}", "$.templates", 2)]
        [InlineData("{\n  \"accounts\": [ {\n    \"skipCertificateValidation\": \"yes\" } ]\n}", "$.accounts[0].skipCertificateValidation", 3)]
        public void Each_kind_of_wrong_value_is_reported_with_its_path_and_line(string content, string path, int line)
        {
            var store = StoreWithFile(content);

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => store.Load());

                Assert.Equal("ConfigurationCorrupt", error.ErrorId);
                Assert.Contains(path, error.Message);
                Assert.Contains("line " + line + ",", error.Message);
            }
        }

        [Fact]
        public void Unknown_properties_comments_and_trailing_commas_are_accepted()
        {
            var store = StoreWithFile(@"{
  // written by hand
  ""schemaVersion"": 1,
  ""futureSetting"": { ""x"": [1, 2] },
  ""accounts"": [ { ""name"": ""Default"", ""smtpServer"": ""relay.local"", ""port"": 2525, ""security"": ""none"", ""color"": ""blue"", } ],
}");

            var account = Assert.Single(store.Load().Accounts);
            Assert.Equal("relay.local", account.SmtpServer);
            Assert.Equal(2525, account.Port);
            Assert.Equal(MailSecurity.None, account.Security);
        }

        [Fact]
        public void A_file_saved_as_UTF16_or_with_a_BOM_by_an_editor_still_loads()
        {
            var store = NewStore();
            Directory.CreateDirectory(store.DirectoryPath);
            const string json = "{ \"rules\": [ { \"backupName\": \"Sicherung Büro\", \"to\": [\"a@x.org\"] } ] }";

            File.WriteAllText(store.ConfigFilePath, json, new UnicodeEncoding(false, true));
            Assert.Equal("Sicherung Büro", Assert.Single(store.Load().Rules).BackupName);

            File.WriteAllText(store.ConfigFilePath, json, new UTF8Encoding(true));
            Assert.Equal("Sicherung Büro", Assert.Single(store.Load().Rules).BackupName);
        }

        [Fact]
        public void Null_lists_written_by_hand_become_empty()
        {
            var store = StoreWithFile("{ \"accounts\": null, \"rules\": [ null, { \"backupName\": \"x\", \"to\": null } ] }");

            var config = store.Load();
            Assert.Empty(config.Accounts);
            Assert.Empty(config.Templates);
            Assert.Empty(Assert.Single(config.Rules).To);
        }

        [Fact]
        public void Broken_json_is_ConfigurationCorrupt_naming_the_file_and_line_and_the_file_stays_byte_for_byte()
        {
            var store = NewStore();
            store.Update(c => { c.Accounts.Add(new MailAccount { SmtpServer = "a.example.com" }); return 0; });
            var broken = File.ReadAllText(store.ConfigFilePath).Replace("\"smtpServer\": \"a.example.com\"", "\"smtpServer\": a.example.com");
            File.WriteAllText(store.ConfigFilePath, broken);
            var before = File.ReadAllBytes(store.ConfigFilePath);
            var expectedLine = broken.Split('\n').ToList().FindIndex(l => l.Contains("a.example.com")) + 1;

            using (UiCulture.Use("en-US"))
            {
                var onLoad = Assert.Throws<BackupMailException>(() => store.Load());
                var onUpdate = Assert.Throws<BackupMailException>(() => store.Update(c => { c.Rules.Clear(); return 0; }));

                foreach (var error in new[] { onLoad, onUpdate })
                {
                    Assert.Equal("ConfigurationCorrupt", error.ErrorId);
                    Assert.Equal(BackupMailErrorKind.InvalidData, error.Kind);
                    Assert.Equal(store.ConfigFilePath, error.Target);
                    Assert.Contains(store.ConfigFilePath, error.Message);
                    Assert.Contains("line " + expectedLine + ",", error.Message);
                    Assert.Contains("move it aside", error.Message);
                    Assert.Contains("never overwrites", error.Message);
                }
            }

            Assert.Equal(before, File.ReadAllBytes(store.ConfigFilePath));
            Assert.Equal(new[] { "config.json", "config.lock" }, FileNames(store));
        }

        [Fact]
        public void A_value_of_the_wrong_type_is_ConfigurationCorrupt_with_its_path()
        {
            var store = StoreWithFile("{\n  \"accounts\": [\n    { \"port\": \"twenty-five\" }\n  ]\n}\n");

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => store.Load());

                Assert.Equal("ConfigurationCorrupt", error.ErrorId);
                Assert.Contains("line 3,", error.Message);
                Assert.Contains("$.accounts[0].port", error.Message);
            }
        }

        [Theory]
        [InlineData("")]
        [InlineData("[]")]
        [InlineData("null")]
        [InlineData("{ \"schemaVersion\": \"one\" }")]
        [InlineData("{ \"schemaVersion\": 0 }")]
        [InlineData("{ \"accounts\": [")]
        public void Other_damage_is_ConfigurationCorrupt_too(string content)
        {
            var store = StoreWithFile(content);

            var error = Assert.Throws<BackupMailException>(() => store.Update(c => 0));

            Assert.Equal("ConfigurationCorrupt", error.ErrorId);
            Assert.Contains(store.ConfigFilePath, error.Message);
            Assert.Equal(content, File.ReadAllText(store.ConfigFilePath));
        }

        [Fact]
        public void A_newer_schema_is_refused_and_left_alone()
        {
            var store = NewStore();
            Directory.CreateDirectory(store.DirectoryPath);
            const string newer = "{ \"schemaVersion\": 7, \"accounts\": { \"shape\": \"changed\" } }";
            File.WriteAllText(store.ConfigFilePath, newer);

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => store.Update(c => 0));

                Assert.Equal("ConfigurationVersionUnsupported", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidData, error.Kind);
                Assert.Contains("schema version 7", error.Message);
                Assert.Contains("up to version 1", error.Message);
            }

            Assert.Equal(newer, File.ReadAllText(store.ConfigFilePath));
        }

        [Fact]
        public void An_exception_inside_Update_writes_nothing_and_leaves_no_temp_file()
        {
            var store = NewStore();
            store.Update(c => { c.Rules.Add(new NotificationRule { BackupName = "kept", To = new[] { "a@x.org" } }); return 0; });
            var before = File.ReadAllBytes(store.ConfigFilePath);

            Assert.Throws<InvalidOperationException>(() => store.Update<int>(c =>
            {
                c.Rules.Clear();
                c.Rules.Add(new NotificationRule { BackupName = "lost" });
                throw new InvalidOperationException("the change failed half-way");
            }));

            Assert.Equal(before, File.ReadAllBytes(store.ConfigFilePath));
            Assert.Equal("kept", Assert.Single(store.Load().Rules).BackupName);
            Assert.Equal(new[] { "config.json", "config.lock" }, FileNames(store));

            // And the lock was released: the next writer gets in at once.
            store.LockTimeout = TimeSpan.FromSeconds(1);
            store.Update(c => { c.Rules.Add(new NotificationRule { BackupName = "next" }); return 0; });
            Assert.Equal(2, store.Load().Rules.Count);
        }

        [Fact]
        public void Every_write_leaves_exactly_config_json_and_the_lock_file()
        {
            var store = NewStore();
            for (var i = 0; i < 5; i++)
            {
                store.Update(c => { c.Rules.Add(new NotificationRule { BackupName = "r" + c.Rules.Count }); return 0; });
            }

            Assert.Equal(new[] { "config.json", "config.lock" }, FileNames(store));
            Assert.Equal(5, store.Load().Rules.Count);
        }

        [Fact]
        public void A_temp_file_left_by_a_writer_that_died_is_cleaned_up_by_the_next_write()
        {
            var store = NewStore();
            store.Update(c => 0);
            var abandoned = Path.Combine(store.DirectoryPath, "config.json." + Guid.NewGuid().ToString("N") + ".tmp");
            File.WriteAllText(abandoned, "{ \"half\": ");
            var unrelated = Path.Combine(store.DirectoryPath, "notes.tmp");
            File.WriteAllText(unrelated, "mine");

            store.Update(c => 0);

            Assert.False(File.Exists(abandoned));
            Assert.True(File.Exists(unrelated));
        }

        [Fact]
        public void A_directory_that_cannot_be_created_is_ConfigurationNotWritable_mentioning_the_variable()
        {
            var file = _temp.Combine("a-file");
            File.WriteAllText(file, "not a directory");
            var store = new ConfigStore(Path.Combine(file, "BackupMail"));

            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => store.Update(c => 0));

                Assert.Equal("ConfigurationNotWritable", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.PermissionDenied, error.Kind);
                Assert.Equal(store.DirectoryPath, error.Target);
                Assert.Contains(store.DirectoryPath, error.Message);
                Assert.Contains("BACKUPMAIL_CONFIG_DIR", error.Message);
            }
        }

        [Fact]
        public void On_Unix_the_file_is_0600_and_a_directory_BackupMail_creates_is_0700()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return; // Windows: %APPDATA% is private to the user through its ACL.
            }

            var store = new ConfigStore(_temp.Combine("fresh", "BackupMail"));
            store.Update(c => { c.Accounts.Add(new MailAccount { SmtpServer = "x" }); return 0; });

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.ConfigFilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.DirectoryPath));

            // A file someone opened up by hand is private again after the next write.
            File.SetUnixFileMode(store.ConfigFilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            store.Update(c => 0);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.ConfigFilePath));
        }

        [Fact]
        public void On_Unix_a_directory_the_user_chose_keeps_its_mode()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            var chosen = _temp.Combine("chosen");
            Directory.CreateDirectory(chosen);
            const UnixFileMode shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
            File.SetUnixFileMode(chosen, shared);

            new ConfigStore(chosen).Update(c => 0);

            Assert.Equal(shared, File.GetUnixFileMode(chosen));
        }

        internal static string[] FileNames(ConfigStore store) =>
            Directory.GetFiles(store.DirectoryPath).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }
}
