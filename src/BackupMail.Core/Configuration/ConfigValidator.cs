using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Resources;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Checks every value of a configuration just read from <c>config.json</c>, so that a hand-edited port of -25 or
    /// a host of 300 characters is reported where it stands instead of failing later, deep in a send, with an
    /// exception that loses the notification. Accepts at least everything the Set- commands store.
    /// </summary>
    internal static class ConfigValidator
    {
        /// <summary>Checks the values in file order; lists still hold the file's null entries, so indexes match the file.</summary>
        /// <exception cref="ConfigValueException">The first value that is not allowed, with its JSON path.</exception>
        public static void Validate(BackupMailConfig config)
        {
            ForEach(config.Accounts, "$.accounts", ValidateAccount);
            ForEach(config.Templates, "$.templates", ValidateTemplate);
            ForEach(config.Rules, "$.rules", ValidateRule);
            if (config.Journal != null)
            {
                RequireRange("$.journal.retentionDays", config.Journal.RetentionDays, JournalSettings.MinRetentionDays, JournalSettings.MaxRetentionDays);
            }
        }

        /// <summary>A number that is not a whole number in the range of <see cref="int"/>, at <paramref name="path"/>.</summary>
        public static ConfigValueException NotWholeNumber(string path, string text)
        {
            var property = path.Substring(path.LastIndexOf('.') + 1).ToLowerInvariant();
            int min = int.MinValue, max = int.MaxValue;
            if (property == "port")
            {
                min = AccountService.MinPort;
                max = AccountService.MaxPort;
            }
            else if (property == "timeoutseconds")
            {
                min = AccountService.MinTimeoutSeconds;
                max = AccountService.MaxTimeoutSeconds;
            }
            else if (property == "retentiondays")
            {
                min = JournalSettings.MinRetentionDays;
                max = JournalSettings.MaxRetentionDays;
            }

            return new ConfigValueException(path, ConfigStrings.Format("InvalidValueWholeNumber", text, Number(min), Number(max)));
        }

        /// <summary>A name that is not one of <paramref name="enumType"/>'s, at <paramref name="path"/>.</summary>
        public static ConfigValueException UnknownName(string path, string text, Type enumType) =>
            new ConfigValueException(path, ConfigStrings.Format("InvalidValueEnum", Show(text), string.Join(", ", Enum.GetNames(enumType))));

        private static void ValidateAccount(MailAccount account, string path)
        {
            RequireName(path + ".name", account.Name, allowControl: false);
            RequireDefined(path + ".provider", typeof(MailProvider), account.Provider);

            var serverPath = path + ".smtpServer";
            if (account.SmtpServer == null)
            {
                throw Missing(serverPath);
            }

            var hostProblem = SmtpHost.Problem(account.SmtpServer, out _, out _);
            if (hostProblem != null)
            {
                throw new ConfigValueException(serverPath, ConfigStrings.Format("InvalidValueHost", Show(account.SmtpServer), hostProblem));
            }

            RequireRange(path + ".port", account.Port, AccountService.MinPort, AccountService.MaxPort);
            RequireDefined(path + ".security", typeof(MailSecurity), account.Security);
            if (account.From != null)
            {
                RequireAddress(path + ".from", account.From);
            }

            OptionalText(path + ".userName", account.UserName);
            OptionalText(path + ".vault", account.Vault);
            OptionalText(path + ".secretName", account.SecretName);
            if (account.CertificateThumbprint != null)
            {
                try
                {
                    CertificateThumbprint.Normalize(account.CertificateThumbprint);
                }
                catch (BackupMailException)
                {
                    throw new ConfigValueException(path + ".certificateThumbprint", ConfigStrings.Format("InvalidValueThumbprint", Show(account.CertificateThumbprint)));
                }
            }

            RequireRange(path + ".timeoutSeconds", account.TimeoutSeconds, AccountService.MinTimeoutSeconds, AccountService.MaxTimeoutSeconds);
            ValidateOAuth(account, path);
        }

        // What Set-BackupMailAccount checks for OAuth, checked again for a hand-edited file: an account that would send a
        // token unencrypted, or to an http endpoint, is refused before anything is sent.
        private static void ValidateOAuth(MailAccount account, string path)
        {
            RequireDefined(path + ".transport", typeof(MailTransportKind), account.Transport);
            RequireDefined(path + ".authentication", typeof(MailAuthentication), account.Authentication);
            RequireDefined(path + ".clientCredential", typeof(OAuthClientCredential), account.ClientCredential);
            RequireDefined(path + ".cloud", typeof(MicrosoftCloud), account.Cloud);
            OptionalText(path + ".tenantId", account.TenantId);
            OptionalText(path + ".clientId", account.ClientId);
            OptionalText(path + ".tokenSecretName", account.TokenSecretName);
            foreach (var endpoint in new[] { ("authorityHost", account.AuthorityHost), ("graphEndpoint", account.GraphEndpoint), ("tokenEndpoint", account.TokenEndpoint) })
            {
                var value = endpoint.Item2;
                var problem = value == null ? null : OAuthAccountSetup.EndpointProblem(value);
                if (value != null && problem != null)
                {
                    throw new ConfigValueException(path + "." + endpoint.Item1, ConfigStrings.Format("InvalidValueEndpoint", Show(value), problem));
                }
            }

            if (!account.UsesOAuth)
            {
                if (account.Transport == MailTransportKind.Graph)
                {
                    throw new ConfigValueException(path + ".authentication", ConfigStrings.Format("InvalidValueGraphPassword", Show(account.Authentication.ToString())));
                }

                return;
            }

            if (account.ClientId == null)
            {
                throw Missing(path + ".clientId");
            }

            if (account.TokenSecretName == null)
            {
                throw Missing(path + ".tokenSecretName");
            }

            if (account.TenantId == null && account.TokenEndpoint == null)
            {
                throw Missing(path + ".tenantId");
            }

            if (account.Transport == MailTransportKind.Smtp && account.Security == MailSecurity.None)
            {
                throw new ConfigValueException(path + ".security", ConfigStrings.Get("InvalidValueOAuthWithoutTls"));
            }

            if (account.Authentication == MailAuthentication.OAuthApp)
            {
                if (account.ClientCredential == OAuthClientCredential.None)
                {
                    throw Missing(path + ".clientCredential");
                }

                if (account.ClientCredential == OAuthClientCredential.StoreCertificate ? account.ClientCertificateThumbprint == null : account.SecretName == null)
                {
                    throw Missing(path + (account.ClientCredential == OAuthClientCredential.StoreCertificate ? ".clientCertificateThumbprint" : ".secretName"));
                }
            }
        }

        private static void ValidateTemplate(MailTemplate template, string path)
        {
            // Subject and body are free text; their placeholders are checked when they are rendered, so that a
            // placeholder a newer version added does not make this one refuse the whole file.
            RequireName(path + ".name", template.Name, allowControl: false);
            RequireDefined(path + ".bodyFormat", typeof(BodyFormat), template.BodyFormat);
        }

        private static void ValidateRule(NotificationRule rule, string path)
        {
            // Backup names come from whatever a job is called, so only an empty one is refused (as Set-BackupNotificationRule does).
            var namePath = path + ".backupName";
            RequireName(namePath, rule.BackupName, allowControl: true);
            RequireDefined(path + ".mode", typeof(NotificationMode), rule.Mode);
            RequireDefined(path + ".priority", typeof(BackupMail.Delivery.MailPriority), rule.Priority);
            RequireDefined(path + ".digest", typeof(DigestCadence), rule.Digest);
            RequireAddresses(path + ".to", rule.To);
            RequireAddresses(path + ".cc", rule.Cc);
            RequireAddresses(path + ".bcc", rule.Bcc);
            RequireAddresses(path + ".replyTo", rule.ReplyTo);

            if (rule.Account != null)
            {
                RequireName(path + ".account", rule.Account, allowControl: true);
            }

            if (rule.Template != null)
            {
                RequireName(path + ".template", rule.Template, allowControl: true);
            }
        }

        private static void RequireAddresses(string path, string[]? addresses)
        {
            if (addresses == null)
            {
                return;
            }

            for (var i = 0; i < addresses.Length; i++)
            {
                var addressPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                // ConfigJsonReader keeps a null entry of the file.
                string? address = addresses[i];
                if (address == null)
                {
                    throw Missing(addressPath);
                }

                RequireAddress(addressPath, address);
            }
        }

        private delegate void ItemCheck<T>(T item, string path);

        private static void ForEach<T>(List<T>? items, string path, ItemCheck<T> check)
            where T : class
        {
            if (items == null)
            {
                return;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item != null)
                {
                    check(item, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                }
            }
        }

        private static void RequireRange(string path, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                throw new ConfigValueException(path, ConfigStrings.Format("InvalidValueRange", Number(value), Number(min), Number(max)));
            }
        }

        // A number the name does not define, such as "security": 42.
        private static void RequireDefined(string path, Type enumType, object value)
        {
            if (!Enum.IsDefined(enumType, value))
            {
                throw new ConfigValueException(path, ConfigStrings.Format("InvalidValueEnum", Convert.ToInt32(value, CultureInfo.InvariantCulture), string.Join(", ", Enum.GetNames(enumType))));
            }
        }

        private static void RequireAddress(string path, string value)
        {
            try
            {
                MailAddressList.ParseOne(value);
            }
            catch (BackupMailException)
            {
                throw new ConfigValueException(path, ConfigStrings.Format("InvalidValueAddress", Show(value)));
            }
        }

        // Names are required wherever they appear; null here is a "name": null written by hand.
        private static void RequireName(string path, string? value, bool allowControl)
        {
            if (value == null)
            {
                throw Missing(path);
            }

            if (value.Trim().Length == 0 || (!allowControl && HasControl(value)))
            {
                throw new ConfigValueException(path, ConfigStrings.Format(allowControl ? "InvalidValueBlank" : "InvalidValueText", Show(value)));
            }
        }

        // User name, vault and secret name: absent, or one line of something.
        private static void OptionalText(string path, string? value)
        {
            if (value != null && (value.Trim().Length == 0 || HasControl(value)))
            {
                throw new ConfigValueException(path, ConfigStrings.Format("InvalidValueText", Show(value)));
            }
        }

        private static bool HasControl(string value)
        {
            foreach (var c in value)
            {
                if (char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static ConfigValueException Missing(string path) => new ConfigValueException(path, ConfigStrings.Get("InvalidValueMissing"));

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// A string as the message shows it: quoted, line breaks and other invisible characters as escapes, and
        /// cut after 60 characters with the full length given (a 300-character host would drown the message).
        /// </summary>
        internal static string Show(string value)
        {
            const int Shown = 60;
            var text = new System.Text.StringBuilder("\"");
            for (var i = 0; i < value.Length && i < Shown; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '\r': text.Append("\\r"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\t': text.Append("\\t"); break;
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    default:
                        if (char.IsControl(c))
                        {
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            text.Append('"');
            if (value.Length > Shown)
            {
                text.Append(ConfigStrings.Format("InvalidValueCut", value.Length));
            }

            return text.ToString();
        }
    }

    /// <summary>A value of <c>config.json</c> that is not allowed: where (its JSON path) and why (a clause naming the value and what would do).</summary>
    internal sealed class ConfigValueException : Exception
    {
        public ConfigValueException(string path, string reason)
            : base(reason)
        {
            Path = path;
            Reason = reason;
        }

        public string Path { get; }

        public string Reason { get; }
    }
}
