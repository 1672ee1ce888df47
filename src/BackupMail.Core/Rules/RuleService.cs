using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Resources;

namespace BackupMail.Rules
{
    /// <summary>Creates, reads and removes the per-job notification rules in <c>config.json</c>.</summary>
    public sealed class RuleService
    {
        private readonly ConfigStore _store;

        /// <summary>Creates the service.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
        public RuleService(ConfigStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        // The notification service keeps its temporary files in the same configuration directory as the rules.
        internal string ConfigDirectoryPath => _store.DirectoryPath;

        /// <summary>
        /// Creates the rule, or replaces the one with the same <see cref="NotificationRule.BackupName"/> (any case).
        /// <see cref="NotificationRule.To"/> may hold an array of addresses or strings separated by commas or
        /// semicolons; the stored rule holds each validated address once. A rule with mode
        /// <see cref="NotificationMode.Never"/> may have no recipients.
        /// </summary>
        /// <returns>The rule as stored.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
        /// <exception cref="BackupMailException"><c>BackupNameRequired</c>, <c>InvalidMailAddress</c>, <c>NoRecipients</c>; configuration errors.</exception>
        public NotificationRule Set(NotificationRule rule)
        {
            if (rule == null)
            {
                throw new ArgumentNullException(nameof(rule));
            }

            var backupName = rule.BackupName?.Trim();
            if (Strings.IsNullOrEmpty(backupName))
            {
                throw new BackupMailException(ErrorIds.BackupNameRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Get("BackupNameRequired"), rule.BackupName);
            }

            var to = rule.Mode == NotificationMode.Never && (rule.To ?? Array.Empty<string>()).All(string.IsNullOrWhiteSpace)
                ? Array.Empty<string>()
                : MailAddressList.Parse(rule.To).ToArray();

            var stored = new NotificationRule
            {
                BackupName = backupName,
                Mode = rule.Mode,
                To = to,
                Account = EmptyToNull(rule.Account),
                Template = EmptyToNull(rule.Template),
                AttachLog = rule.AttachLog,
                Cc = AddressesOrNone(rule.Cc ?? Array.Empty<string>()),
                Bcc = AddressesOrNone(rule.Bcc ?? Array.Empty<string>()),
                ReplyTo = AddressesOrNone(rule.ReplyTo ?? Array.Empty<string>()),
                Priority = rule.Priority,
                Digest = rule.Digest,
                ExpectEvery = rule.ExpectEvery.HasValue ? WatchValues.ExpectEvery(rule.ExpectEvery.Value) : null,
                NotifyOnRecovery = rule.NotifyOnRecovery,
                PingUrl = WatchValues.PingUrl(rule.PingUrl)?.OriginalString,
            };

            return _store.Update(config =>
            {
                // What a newer version stored on the rule it replaces stays with it.
                stored.UnknownProperties = Find(config.Rules, backupName)?.UnknownProperties;
                config.Rules.RemoveAll(r => IsFor(r, backupName));
                config.Rules.Add(stored);
                config.Rules.Sort((x, y) => StringComparer.OrdinalIgnoreCase.Compare(x.BackupName, y.BackupName));
                return stored;
            });
        }

        /// <summary>
        /// Creates the rule for <see cref="RuleSettings.BackupName"/>, or changes the existing one (any case) in what
        /// <paramref name="settings"/> gives: every property left null keeps its stored value (a new rule takes the
        /// default). Addresses are validated as in <see cref="Set(NotificationRule)"/>; the rule that results needs
        /// recipients unless its mode is <see cref="NotificationMode.Never"/>.
        /// </summary>
        /// <returns>The rule as stored.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
        /// <exception cref="BackupMailException"><c>BackupNameRequired</c>, <c>InvalidMailAddress</c>, <c>NoRecipients</c>; configuration errors.</exception>
        public NotificationRule Set(RuleSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            var backupName = settings.BackupName?.Trim();
            if (Strings.IsNullOrEmpty(backupName))
            {
                throw new BackupMailException(ErrorIds.BackupNameRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Get("BackupNameRequired"), settings.BackupName);
            }

            // Addresses are checked before the lock is taken: a typo changes nothing on disk.
            var to = settings.To == null ? null : AddressesOrNone(settings.To);
            var cc = settings.Cc == null ? null : AddressesOrNone(settings.Cc);
            var bcc = settings.Bcc == null ? null : AddressesOrNone(settings.Bcc);
            var replyTo = settings.ReplyTo == null ? null : AddressesOrNone(settings.ReplyTo);
            var expectEvery = settings.ExpectEvery.HasValue ? WatchValues.ExpectEvery(settings.ExpectEvery.Value) : null;
            var pingUrl = settings.PingUrl == null ? null : WatchValues.PingUrl(settings.PingUrl)?.OriginalString;

            return _store.Update(config =>
            {
                var existing = Find(config.Rules, backupName);
                var stored = new NotificationRule
                {
                    // A rule keeps the name it was created with, unless it is new.
                    BackupName = existing?.BackupName ?? backupName,
                    Mode = settings.Mode ?? existing?.Mode ?? NotificationMode.Always,
                    To = to ?? existing?.To ?? Array.Empty<string>(),
                    Account = settings.Account != null ? EmptyToNull(settings.Account) : existing?.Account,
                    Template = settings.Template != null ? EmptyToNull(settings.Template) : existing?.Template,
                    AttachLog = settings.AttachLog ?? existing?.AttachLog ?? false,
                    Cc = cc ?? existing?.Cc ?? Array.Empty<string>(),
                    Bcc = bcc ?? existing?.Bcc ?? Array.Empty<string>(),
                    ReplyTo = replyTo ?? existing?.ReplyTo ?? Array.Empty<string>(),
                    Priority = settings.Priority ?? existing?.Priority ?? MailPriority.Normal,
                    Digest = settings.Digest ?? existing?.Digest ?? DigestCadence.None,
                    ExpectEvery = settings.ExpectEvery.HasValue ? expectEvery : existing?.ExpectEvery,
                    NotifyOnRecovery = settings.NotifyOnRecovery ?? existing?.NotifyOnRecovery ?? true,
                    PingUrl = settings.PingUrl != null ? pingUrl : existing?.PingUrl,
                    UnknownProperties = existing?.UnknownProperties,
                };

                if ((stored.Mode != NotificationMode.Never || stored.Digest != DigestCadence.None) && stored.To.Length == 0)
                {
                    throw new BackupMailException(ErrorIds.NoRecipients, BackupMailErrorKind.InvalidArgument,
                        stored.Mode == NotificationMode.Never
                            ? ConfigStrings.Format("RuleDigestNeedsRecipients", stored.BackupName, stored.Digest)
                            : ConfigStrings.Format(existing == null ? "RuleNeedsRecipients" : "RuleHasNoRecipients", stored.BackupName, stored.Mode), backupName);
                }

                config.Rules.RemoveAll(r => IsFor(r, backupName));
                config.Rules.Add(stored);
                config.Rules.Sort((x, y) => StringComparer.OrdinalIgnoreCase.Compare(x.BackupName, y.BackupName));
                return stored;
            });
        }

        // Validated addresses, each once; none when every value is blank (a list given empty removes the addresses).
        private static string[] AddressesOrNone(IEnumerable<string> values) =>
            values.All(string.IsNullOrWhiteSpace) ? Array.Empty<string>() : MailAddressList.Parse(values).ToArray();

        /// <summary>All rules, by backup name.</summary>
        /// <exception cref="BackupMailException">Configuration errors (<c>ConfigurationCorrupt</c>...).</exception>
        public IReadOnlyList<NotificationRule> GetAll() =>
            _store.Load().Rules.OrderBy(r => r.BackupName, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The rule for <paramref name="backupName"/> (any case), or null when there is none.</summary>
        /// <exception cref="BackupMailException">Configuration errors (<c>ConfigurationCorrupt</c>...).</exception>
        public NotificationRule? Find(string? backupName) =>
            Strings.IsNullOrWhiteSpace(backupName) ? null : Find(_store.Load().Rules, backupName);

        /// <summary>The rule for <paramref name="backupName"/> (any case) among <paramref name="rules"/> (as <see cref="GetAll"/> gave them), or null.</summary>
        internal static NotificationRule? Find(IEnumerable<NotificationRule> rules, string? backupName)
        {
            var name = backupName?.Trim();
            return Strings.IsNullOrEmpty(name) ? null : rules.FirstOrDefault(r => IsFor(r, name));
        }

        /// <summary>Removes the rule for <paramref name="backupName"/> (any case).</summary>
        /// <exception cref="BackupMailException"><c>RuleNotFound</c>; configuration errors.</exception>
        public void Remove(string? backupName)
        {
            var name = backupName?.Trim() ?? string.Empty;

            // Checked before taking the lock, so that a typo changes nothing on disk.
            if (Find(name) == null)
            {
                throw NotFound(name);
            }

            var removed = _store.Update(config => config.Rules.RemoveAll(r => IsFor(r, name)));
            if (removed == 0)
            {
                throw NotFound(name); // removed by someone else in between
            }
        }

        private static BackupMailException NotFound(string name) =>
            new BackupMailException(ErrorIds.RuleNotFound, BackupMailErrorKind.ObjectNotFound, ConfigStrings.Format("RuleNotFound", name), name);

        private static bool IsFor(NotificationRule rule, string backupName) =>
            string.Equals(rule.BackupName?.Trim(), backupName, StringComparison.OrdinalIgnoreCase);

        private static string? EmptyToNull(string? value) => Strings.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
