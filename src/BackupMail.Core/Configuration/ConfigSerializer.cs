using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using BackupMail.Accounts;
using BackupMail.Resources;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail.Configuration
{
    /// <summary>Turns <see cref="BackupMailConfig"/> into <c>config.json</c> and back, reporting damage precisely.</summary>
    internal static class ConfigSerializer
    {
        private const string SchemaVersionProperty = "schemaVersion";

        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        public static byte[] Serialize(BackupMailConfig config) => ConfigJsonWriter.Write(config);

        /// <exception cref="BackupMailException"><c>ConfigurationCorrupt</c>, <c>ConfigurationInvalid</c>, <c>ConfigurationVersionUnsupported</c>.</exception>
        public static BackupMailConfig Deserialize(byte[] bytes, string path)
        {
            var utf8 = ToUtf8(bytes, path);

            // The version is read first, on its own, so that a newer file is reported as newer even
            // when its shape no longer fits this build's classes.
            CheckSchemaVersion(utf8, path);

            BackupMailConfig? config;
            try
            {
                config = ConfigJsonReader.Read(utf8);
                if (config != null)
                {
                    ConfigValidator.Validate(config);
                }
            }
            catch (ConfigValueException e)
            {
                throw Invalid(path, e, ConfigJsonReader.Locate(utf8));
            }
            catch (JsonException e)
            {
                throw Corrupt(path, ConfigStrings.Get("CorruptReasonValue"), e);
            }
            catch (Exception e) when (e is NotSupportedException || e is InvalidOperationException || e is ArgumentException || e is FormatException)
            {
                throw CorruptWithoutPosition(path, ConfigStrings.Get("CorruptReasonValue"), e);
            }

            return Complete(config);
        }

        private static void CheckSchemaVersion(byte[] utf8, string path)
        {
            try
            {
                using (var document = JsonDocument.Parse(utf8, DocumentOptions))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        throw CorruptWithoutPosition(path, ConfigStrings.Get("CorruptReasonNotObject"), null);
                    }

                    foreach (var property in root.EnumerateObject())
                    {
                        if (!string.Equals(property.Name, SchemaVersionProperty, StringComparison.OrdinalIgnoreCase))
                        {
                            continue;
                        }

                        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var version) || version < 1)
                        {
                            throw CorruptWithoutPosition(path, ConfigStrings.Get("CorruptReasonSchemaVersion"), null);
                        }

                        if (version > BackupMailConfig.CurrentSchemaVersion)
                        {
                            throw new BackupMailException(
                                ErrorIds.ConfigurationVersionUnsupported,
                                BackupMailErrorKind.InvalidData,
                                ConfigStrings.Format("ConfigurationVersionUnsupported", path, version, BackupMailConfig.CurrentSchemaVersion),
                                path);
                        }
                    }
                }
            }
            catch (JsonException e)
            {
                throw Corrupt(path, ConfigStrings.Get("CorruptReasonSyntax"), e);
            }
        }

        // Hand-edited files may come back with a BOM or as UTF-16 (Windows PowerShell's Out-File).
        private static byte[] ToUtf8(byte[] bytes, string path)
        {
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                var rest = new byte[bytes.Length - 3];
                Buffer.BlockCopy(bytes, 3, rest, 0, rest.Length);
                return rest;
            }

            Encoding? utf16 = null;
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                utf16 = new UnicodeEncoding(false, true, true);
            }
            else if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                utf16 = new UnicodeEncoding(true, true, true);
            }

            if (utf16 == null)
            {
                return bytes;
            }

            try
            {
                return Encoding.UTF8.GetBytes(utf16.GetString(bytes, 2, bytes.Length - 2));
            }
            catch (DecoderFallbackException e)
            {
                throw CorruptWithoutPosition(path, ConfigStrings.Get("CorruptReasonEncoding"), e);
            }
        }

        // Lists written as null by hand become empty, so callers never meet a null list.
        private static BackupMailConfig Complete(BackupMailConfig? config)
        {
            config = config ?? new BackupMailConfig();
            config.Accounts = config.Accounts ?? new List<MailAccount>();
            config.Templates = config.Templates ?? new List<MailTemplate>();
            config.Rules = config.Rules ?? new List<NotificationRule>();
            config.Journal = config.Journal ?? new JournalSettings();
            config.Accounts.RemoveAll(a => a == null);
            config.Templates.RemoveAll(t => t == null);
            config.Rules.RemoveAll(r => r == null);
            foreach (var rule in config.Rules)
            {
                rule.To = rule.To ?? Array.Empty<string>();
                rule.Cc = rule.Cc ?? Array.Empty<string>();
                rule.Bcc = rule.Bcc ?? Array.Empty<string>();
                rule.ReplyTo = rule.ReplyTo ?? Array.Empty<string>();
            }

            return config;
        }

        private static BackupMailException Corrupt(string path, string reason, JsonException e)
        {
            if (e.LineNumber == null)
            {
                return CorruptWithoutPosition(path, reason, e);
            }

            // JsonException counts from zero; editors count from one.
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? string.Empty : ConfigStrings.Format("CorruptReasonPath", e.Path);
            return new BackupMailException(
                ErrorIds.ConfigurationCorrupt,
                BackupMailErrorKind.InvalidData,
                ConfigStrings.Format("ConfigurationCorrupt", path, reason, e.LineNumber + 1, (e.BytePositionInLine ?? 0) + 1, at),
                path,
                e);
        }

        // A well-formed file with a value BackupMail cannot use: the path as written in the file, and its line.
        private static BackupMailException Invalid(string path, ConfigValueException e, ConfigLocations locations)
        {
            var location = locations.Find(e.Path.ToLowerInvariant());
            long line = 1, position = 1;
            var jsonPath = e.Path;
            if (location != null)
            {
                locations.LineAndPosition(location.Index, out line, out position);

                // A missing value has its parent's line, but keeps its own path.
                if (string.Equals(location.Path, e.Path, StringComparison.OrdinalIgnoreCase))
                {
                    jsonPath = location.Path;
                }
            }

            return new BackupMailException(
                ErrorIds.ConfigurationInvalid,
                BackupMailErrorKind.InvalidData,
                ConfigStrings.Format("ConfigurationInvalid", path, jsonPath, line, position, e.Reason),
                path);
        }

        private static BackupMailException CorruptWithoutPosition(string path, string reason, Exception? e) =>
            new BackupMailException(
                ErrorIds.ConfigurationCorrupt,
                BackupMailErrorKind.InvalidData,
                ConfigStrings.Format("ConfigurationCorruptNoPosition", path, reason),
                path,
                e);
    }
}
