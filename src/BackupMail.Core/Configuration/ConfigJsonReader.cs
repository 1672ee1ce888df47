using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using BackupMail.Accounts;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Reads <c>config.json</c> into a <see cref="BackupMailConfig"/>, property by property. Written by hand rather
    /// than through JsonSerializer: a scheduled task reads the file once in a fresh process, where the serializer's
    /// generic metadata for every property type (some 280 methods) would be compiled first, on every run.
    /// Property names match in any case, comments and trailing commas are allowed, unknown properties are kept aside
    /// (so that a file written by a newer version keeps them when this one writes it again), enumerations are their
    /// names (or numbers), and null lists or entries are left for the caller to tidy. <see cref="Locate"/> reads the
    /// same file again recording where each value stood, so that a refused value's path and line can be named.
    /// </summary>
    internal sealed class ConfigJsonReader
    {
        private static readonly JsonReaderOptions Options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        private static readonly JsonDocumentOptions UnknownValueOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        private readonly byte[] _utf8;

        // Null on an ordinary read; filled only by Locate.
        private readonly ConfigLocations? _locations;

        // The JSON path of the value being read ("$.accounts[0].port"), for the error message.
        private readonly List<string> _path = new List<string> { "$" };

        private ConfigJsonReader(byte[] utf8, ConfigLocations? locations)
        {
            _utf8 = utf8;
            _locations = locations;
        }

        /// <summary>Reads a configuration from UTF-8 JSON whose syntax has already been checked.</summary>
        /// <exception cref="JsonException">A value has the wrong type; the exception gives its path, line and position.</exception>
        /// <exception cref="ConfigValueException">An enumeration's name is unknown, or a number is not a whole number that fits.</exception>
        public static BackupMailConfig? Read(byte[] utf8) => new ConfigJsonReader(utf8, null).ReadConfig();

        /// <summary>
        /// Where each value of <paramref name="utf8"/> stands, up to the first one <see cref="Read"/> refuses. Only
        /// asked once a value was refused: the paths are not worth building on every read.
        /// </summary>
        public static ConfigLocations Locate(byte[] utf8)
        {
            var locations = new ConfigLocations(utf8);
            try
            {
                new ConfigJsonReader(utf8, locations).ReadConfig();
            }
            catch (Exception e) when (e is ConfigValueException || e is JsonException)
            {
                // The refused value itself was recorded before it was read.
            }

            return locations;
        }

        private BackupMailConfig? ReadConfig()
        {
            var reader = new Utf8JsonReader(_utf8, Options);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.StartObject);
            var config = new BackupMailConfig();
            while (NextProperty(ref reader, out string? name))
            {
                switch (name.ToLowerInvariant())
                {
                    case "schemaversion": config.SchemaVersion = ReadInt(ref reader); break;
                    // The file's nulls are kept as they are (a null list, a null entry) so that ConfigValidator reports
                    // paths that match the file; ConfigSerializer.Complete then drops them before anyone else sees the lists.
                    case "accounts": config.Accounts = ReadList(ref reader, ReadAccount)!; break;
                    case "templates": config.Templates = ReadList(ref reader, ReadTemplate)!; break;
                    case "rules": config.Rules = ReadList(ref reader, ReadRule)!; break;
                    case "journal": config.Journal = ReadJournal(ref reader)!; break; // null is completed to the defaults
                    default: config.UnknownProperties = KeepUnknown(ref reader, name, config.UnknownProperties); break;
                }

                EndProperty();
            }

            return config;
        }

        private MailAccount ReadAccount(ref Utf8JsonReader reader)
        {
            var account = new MailAccount();
            while (NextProperty(ref reader, out string? name))
            {
                switch (name.ToLowerInvariant())
                {
                    // Required values may be null here (a "name": null written by hand): ConfigValidator refuses them.
                    case "name": account.Name = ReadString(ref reader)!; break;
                    case "provider": account.Provider = (MailProvider)ReadEnum(ref reader, typeof(MailProvider)); break;
                    case "smtpserver": account.SmtpServer = ReadString(ref reader)!; break;
                    case "port": account.Port = ReadInt(ref reader); break;
                    case "security": account.Security = (MailSecurity)ReadEnum(ref reader, typeof(MailSecurity)); break;
                    case "from": account.From = ReadString(ref reader); break;
                    case "username": account.UserName = ReadString(ref reader); break;
                    case "vault": account.Vault = ReadString(ref reader); break;
                    case "secretname": account.SecretName = ReadString(ref reader); break;
                    case "skipcertificatevalidation": account.SkipCertificateValidation = ReadBool(ref reader); break;
                    case "certificatethumbprint": account.CertificateThumbprint = ReadString(ref reader); break;
                    case "timeoutseconds": account.TimeoutSeconds = ReadInt(ref reader); break;
                    case "allowinsecureauthentication": account.AllowInsecureAuthentication = ReadBool(ref reader); break;
                    case "transport": account.Transport = (MailTransportKind)ReadEnum(ref reader, typeof(MailTransportKind)); break;
                    case "authentication": account.Authentication = (MailAuthentication)ReadEnum(ref reader, typeof(MailAuthentication)); break;
                    case "tenantid": account.TenantId = ReadString(ref reader); break;
                    case "clientid": account.ClientId = ReadString(ref reader); break;
                    case "clientcredential": account.ClientCredential = (OAuthClientCredential)ReadEnum(ref reader, typeof(OAuthClientCredential)); break;
                    case "clientcertificatethumbprint": account.ClientCertificateThumbprint = ReadString(ref reader); break;
                    case "cloud": account.Cloud = (MicrosoftCloud)ReadEnum(ref reader, typeof(MicrosoftCloud)); break;
                    case "authorityhost": account.AuthorityHost = ReadString(ref reader); break;
                    case "graphendpoint": account.GraphEndpoint = ReadString(ref reader); break;
                    case "tokenendpoint": account.TokenEndpoint = ReadString(ref reader); break;
                    case "savetosentitems": account.SaveToSentItems = ReadBool(ref reader); break;
                    case "tokensecretname": account.TokenSecretName = ReadString(ref reader); break;
                    default: account.UnknownProperties = KeepUnknown(ref reader, name, account.UnknownProperties); break;
                }

                EndProperty();
            }

            return account;
        }

        private MailTemplate ReadTemplate(ref Utf8JsonReader reader)
        {
            var template = new MailTemplate();
            while (NextProperty(ref reader, out string? name))
            {
                switch (name.ToLowerInvariant())
                {
                    case "name": template.Name = ReadString(ref reader)!; break; // null is refused by ConfigValidator
                    case "subject": template.Subject = ReadString(ref reader); break;
                    case "body": template.Body = ReadString(ref reader); break;
                    case "bodyformat": template.BodyFormat = (BodyFormat)ReadEnum(ref reader, typeof(BodyFormat)); break;
                    case "isbuiltin": template.IsBuiltIn = ReadBool(ref reader); break;
                    case "textbody": template.TextBody = ReadString(ref reader); break;
                    case "culture": template.Culture = ReadString(ref reader); break;
                    default: template.UnknownProperties = KeepUnknown(ref reader, name, template.UnknownProperties); break;
                }

                EndProperty();
            }

            return template;
        }

        private NotificationRule ReadRule(ref Utf8JsonReader reader)
        {
            var rule = new NotificationRule();
            while (NextProperty(ref reader, out string? name))
            {
                switch (name.ToLowerInvariant())
                {
                    case "backupname": rule.BackupName = ReadString(ref reader)!; break; // null is refused by ConfigValidator
                    case "mode": rule.Mode = (NotificationMode)ReadEnum(ref reader, typeof(NotificationMode)); break;
                    case "to": rule.To = ReadStrings(ref reader); break;
                    case "account": rule.Account = ReadString(ref reader); break;
                    case "template": rule.Template = ReadString(ref reader); break;
                    case "attachlog": rule.AttachLog = ReadBool(ref reader); break;
                    case "cc": rule.Cc = ReadStrings(ref reader); break;
                    case "bcc": rule.Bcc = ReadStrings(ref reader); break;
                    case "replyto": rule.ReplyTo = ReadStrings(ref reader); break;
                    case "priority": rule.Priority = (BackupMail.Delivery.MailPriority)ReadEnum(ref reader, typeof(BackupMail.Delivery.MailPriority)); break;
                    case "digest": rule.Digest = (DigestCadence)ReadEnum(ref reader, typeof(DigestCadence)); break;
                    case "expectevery": rule.ExpectEvery = ReadDuration(ref reader); break;
                    case "notifyonrecovery": rule.NotifyOnRecovery = ReadBool(ref reader); break;
                    case "pingurl": rule.PingUrl = ReadUrl(ref reader); break;
                    default: rule.UnknownProperties = KeepUnknown(ref reader, name, rule.UnknownProperties); break;
                }

                EndProperty();
            }

            return rule;
        }

        private JournalSettings? ReadJournal(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.StartObject);
            var journal = new JournalSettings();
            while (NextProperty(ref reader, out string? name))
            {
                switch (name.ToLowerInvariant())
                {
                    case "enabled": journal.Enabled = ReadBool(ref reader); break;
                    case "retentiondays": journal.RetentionDays = ReadInt(ref reader); break;
                    default: journal.UnknownProperties = KeepUnknown(ref reader, name, journal.UnknownProperties); break;
                }

                EndProperty();
            }

            return journal;
        }

        // A duration as .NET writes it ("1.02:00:00"), or as an administrator does ("26:00:00" is 26 hours); null stays null.
        private TimeSpan? ReadDuration(ref Utf8JsonReader reader)
        {
            var text = ReadString(ref reader);
            if (text == null) return null;
            var value = WatchValues.ParseInterval(text);
            if (!value.HasValue || !WatchValues.IsExpectEvery(value.Value))
            {
                throw new ConfigValueException(string.Concat(_path), Resources.ConfigStrings.Format("InvalidValueDuration", text));
            }

            return value.Value;
        }

        // An absolute http or https URL; null stays null.
        private string? ReadUrl(ref Utf8JsonReader reader)
        {
            var text = ReadString(ref reader);
            if (text == null) return null;
            return WatchValues.TryPingUrl(text)?.OriginalString ?? throw new ConfigValueException(string.Concat(_path), Resources.ConfigStrings.Format("InvalidValueUrl", text));
        }

        private delegate T ItemReader<T>(ref Utf8JsonReader reader);

        // A JSON array of objects; null stays null, and so does a null entry.
        private List<T>? ReadList<T>(ref Utf8JsonReader reader, ItemReader<T> readItem)
            where T : class
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            var items = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                _path.Add("[" + items.Count + "]");
                _locations?.Record(_path, reader.TokenStartIndex);
                T? item = null;
                if (reader.TokenType != JsonTokenType.Null)
                {
                    Expect(ref reader, JsonTokenType.StartObject);
                    item = readItem(ref reader);
                }

                items.Add(item!); // a null entry stays, so that indexes match the file
                _path.RemoveAt(_path.Count - 1);
            }

            return items;
        }

        private string[]? ReadStrings(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                _path.Add("[" + items.Count + "]");
                _locations?.Record(_path, reader.TokenStartIndex);
                items.Add(ReadString(ref reader)!); // a null entry stays: ConfigValidator refuses it at its index
                _path.RemoveAt(_path.Count - 1);
            }

            return items.ToArray();
        }

        // Moves to the next property's value and names it; false at the end of the object.
        private bool NextProperty(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? name)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = null;
                return false;
            }

            name = reader.GetString()!; // a property name is never null
            _path.Add("." + name);
            reader.Read();
            _locations?.Record(_path, reader.TokenStartIndex);
            return true;
        }

        // A property this version does not know, kept as it was written: an older BackupMail must not drop what a
        // newer one wrote. Copied out of the file's bytes so that nothing here depends on the reader's buffer.
        private List<UnknownJsonProperty> KeepUnknown(ref Utf8JsonReader reader, string name, List<UnknownJsonProperty>? kept)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            using (var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(_utf8, start, end - start), UnknownValueOptions))
            {
                kept = kept ?? new List<UnknownJsonProperty>();
                kept.Add(new UnknownJsonProperty(name, document.RootElement.Clone()));
                return kept;
            }
        }

        private void EndProperty() => _path.RemoveAt(_path.Count - 1);

        private string? ReadString(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.String);
            return reader.GetString();
        }

        private int ReadInt(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw WrongValue(ref reader);
            }

            if (!reader.TryGetInt32(out int value))
            {
                // A number all the same (2.5, 1e12): the validator says which whole numbers would do.
                throw ConfigValidator.NotWholeNumber(string.Concat(_path), Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            }

            return value;
        }

        private bool ReadBool(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True: return true;
                case JsonTokenType.False: return false;
                default: throw WrongValue(ref reader);
            }
        }

        // A name of the enumeration in any case, or its number. Not generic on purpose: an instantiation over each
        // enumeration would be compiled at run time, which is what this reader exists to avoid.
        private object ReadEnum(ref Utf8JsonReader reader, Type enumType)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int number))
            {
                return Enum.ToObject(enumType, number);
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                string text = reader.GetString()!; // a String token's value is never null
                foreach (string name in Enum.GetNames(enumType))
                {
                    if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                    {
                        return Enum.Parse(enumType, name);
                    }
                }

                // A string is the right kind of value, just not a name this version knows: say which ones it does.
                throw ConfigValidator.UnknownName(string.Concat(_path), text, enumType);
            }

            throw WrongValue(ref reader);
        }

        private void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
        {
            if (reader.TokenType != expected)
            {
                throw WrongValue(ref reader);
            }
        }

        // Where the offending value starts, as JsonException counts (from zero), so the caller reports it like a syntax error.
        private JsonException WrongValue(ref Utf8JsonReader reader)
        {
            long start = reader.TokenStartIndex;
            long line = 0;
            long lineStart = 0;
            for (long i = 0; i < start; i++)
            {
                if (_utf8[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            string path = string.Concat(_path);
            return new JsonException($"The value at {path} has the wrong type.", path, line, start - lineStart);
        }
    }
}
