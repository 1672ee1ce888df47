using System.Collections.Generic;
using BackupMail.Accounts;
using BackupMail.Rules;
using BackupMail.Templates;

namespace BackupMail.Configuration
{
    /// <summary>Everything in <c>config.json</c>: accounts, templates and rules. Never a secret.</summary>
    public sealed class BackupMailConfig
    {
        /// <summary>The schema version this build writes.</summary>
        public const int CurrentSchemaVersion = 1;

        /// <summary>The file's schema version.</summary>
        public int SchemaVersion { get; set; } = CurrentSchemaVersion;

        /// <summary>The SMTP accounts.</summary>
        public List<MailAccount> Accounts { get; set; } = new List<MailAccount>();

        /// <summary>The user's templates (built-in defaults are not stored until changed).</summary>
        public List<MailTemplate> Templates { get; set; } = new List<MailTemplate>();

        /// <summary>The per-job notification rules.</summary>
        public List<NotificationRule> Rules { get; set; } = new List<NotificationRule>();

        /// <summary>The run journal's settings.</summary>
        public JournalSettings Journal { get; set; } = new JournalSettings();

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal List<UnknownJsonProperty>? UnknownProperties { get; set; }
    }
}
