using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using BackupMail.Accounts;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Writes a <see cref="BackupMailConfig"/> as indented <c>config.json</c>: camelCase names, enumerations by name,
    /// null values left out, unknown properties kept. The counterpart of <see cref="ConfigJsonReader"/>, and written by hand for the same reason.
    /// </summary>
    internal static class ConfigJsonWriter
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions
        {
            Indented = true,

            // Non-ASCII text (a German subject, say) stays readable for whoever edits the file by hand;
            // the file is never embedded in HTML, so HTML-safe escaping would only obscure it.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>The configuration as UTF-8 JSON.</summary>
        public static byte[] Write(BackupMailConfig config)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer, Options))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("schemaVersion", config.SchemaVersion);
                    WriteList(writer, "accounts", config.Accounts, WriteAccount, a => a.UnknownProperties);
                    WriteList(writer, "templates", config.Templates, WriteTemplate, t => t.UnknownProperties);
                    WriteList(writer, "rules", config.Rules, WriteRule, r => r.UnknownProperties);
                    WriteJournal(writer, config.Journal);
                    WriteUnknown(writer, config.UnknownProperties);
                    writer.WriteEndObject();
                }

                return buffer.ToArray();
            }
        }

        private static void WriteAccount(Utf8JsonWriter writer, MailAccount account)
        {
            WriteString(writer, "name", account.Name);
            writer.WriteString("provider", account.Provider.ToString());
            WriteString(writer, "smtpServer", account.SmtpServer);
            writer.WriteNumber("port", account.Port);
            writer.WriteString("security", account.Security.ToString());
            WriteString(writer, "from", account.From);
            WriteString(writer, "userName", account.UserName);
            WriteString(writer, "vault", account.Vault);
            WriteString(writer, "secretName", account.SecretName);
            writer.WriteBoolean("skipCertificateValidation", account.SkipCertificateValidation);
            WriteString(writer, "certificateThumbprint", account.CertificateThumbprint);
            writer.WriteNumber("timeoutSeconds", account.TimeoutSeconds);
            writer.WriteBoolean("allowInsecureAuthentication", account.AllowInsecureAuthentication);

            // A password account written as before: older versions read it unchanged.
            if (account.Transport == MailTransportKind.Smtp && !account.UsesOAuth)
            {
                return;
            }

            writer.WriteString("transport", account.Transport.ToString());
            writer.WriteString("authentication", account.Authentication.ToString());
            WriteString(writer, "tenantId", account.TenantId);
            WriteString(writer, "clientId", account.ClientId);
            writer.WriteString("clientCredential", account.ClientCredential.ToString());
            WriteString(writer, "clientCertificateThumbprint", account.ClientCertificateThumbprint);
            writer.WriteString("cloud", account.Cloud.ToString());
            WriteString(writer, "authorityHost", account.AuthorityHost);
            WriteString(writer, "graphEndpoint", account.GraphEndpoint);
            WriteString(writer, "tokenEndpoint", account.TokenEndpoint);
            writer.WriteBoolean("saveToSentItems", account.SaveToSentItems);
            WriteString(writer, "tokenSecretName", account.TokenSecretName);
        }

        private static void WriteTemplate(Utf8JsonWriter writer, MailTemplate template)
        {
            WriteString(writer, "name", template.Name);
            WriteString(writer, "subject", template.Subject);
            WriteString(writer, "body", template.Body);
            writer.WriteString("bodyFormat", template.BodyFormat.ToString());
            WriteString(writer, "textBody", template.TextBody);
            WriteString(writer, "culture", template.Culture);
            writer.WriteBoolean("isBuiltIn", template.IsBuiltIn);
        }

        private static void WriteRule(Utf8JsonWriter writer, NotificationRule rule)
        {
            WriteString(writer, "backupName", rule.BackupName);
            writer.WriteString("mode", rule.Mode.ToString());
            if (rule.To != null)
            {
                writer.WriteStartArray("to");
                foreach (string address in rule.To)
                {
                    writer.WriteStringValue(address);
                }

                writer.WriteEndArray();
            }

            WriteString(writer, "account", rule.Account);
            WriteString(writer, "template", rule.Template);
            writer.WriteBoolean("attachLog", rule.AttachLog);

            // Written only when used: a configuration without them reads the same in a version that does not know them.
            WriteAddresses(writer, "cc", rule.Cc);
            WriteAddresses(writer, "bcc", rule.Bcc);
            WriteAddresses(writer, "replyTo", rule.ReplyTo);
            if (rule.Priority != BackupMail.Delivery.MailPriority.Normal)
            {
                writer.WriteString("priority", rule.Priority.ToString());
            }

            if (rule.Digest != DigestCadence.None)
            {
                writer.WriteString("digest", rule.Digest.ToString());
            }

            if (rule.ExpectEvery.HasValue)
            {
                writer.WriteString("expectEvery", rule.ExpectEvery.Value.ToString("c", CultureInfo.InvariantCulture));
            }

            if (!rule.NotifyOnRecovery)
            {
                writer.WriteBoolean("notifyOnRecovery", false);
            }

            if (rule.PingUrl != null)
            {
                writer.WriteString("pingUrl", rule.PingUrl);
            }
        }

        // Written only when it differs from the defaults (or holds what a newer version stored).
        private static void WriteJournal(Utf8JsonWriter writer, JournalSettings journal)
        {
            if (journal == null || (journal.Enabled && journal.RetentionDays == JournalSettings.DefaultRetentionDays && journal.UnknownProperties == null))
            {
                return;
            }

            writer.WriteStartObject("journal");
            writer.WriteBoolean("enabled", journal.Enabled);
            writer.WriteNumber("retentionDays", journal.RetentionDays);
            WriteUnknown(writer, journal.UnknownProperties);
            writer.WriteEndObject();
        }

        private static void WriteAddresses(Utf8JsonWriter writer, string name, string[]? addresses)
        {
            if (addresses == null || addresses.Length == 0)
            {
                return;
            }

            writer.WriteStartArray(name);
            foreach (string address in addresses)
            {
                writer.WriteStringValue(address);
            }

            writer.WriteEndArray();
        }

        private static void WriteList<T>(
            Utf8JsonWriter writer, string name, List<T>? items, System.Action<Utf8JsonWriter, T> writeItem, System.Func<T, List<UnknownJsonProperty>?> unknown)
            where T : class
        {
            if (items == null)
            {
                return;
            }

            writer.WriteStartArray(name);
            foreach (T item in items)
            {
                if (item == null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartObject();
                writeItem(writer, item);
                WriteUnknown(writer, unknown(item));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        // What a newer version (or a person) wrote and this one does not know goes back as it came, after the known properties.
        private static void WriteUnknown(Utf8JsonWriter writer, List<UnknownJsonProperty>? properties)
        {
            if (properties == null)
            {
                return;
            }

            foreach (var property in properties)
            {
                writer.WritePropertyName(property.Name);
                property.Value.WriteTo(writer);
            }
        }

        private static void WriteString(Utf8JsonWriter writer, string name, string? value)
        {
            if (value != null)
            {
                writer.WriteString(name, value);
            }
        }
    }
}
