using System;
using BackupMail.Resources;

namespace BackupMail.Configuration
{
    /// <summary>Reads and changes the run journal's settings in <c>config.json</c>.</summary>
    public sealed class JournalSettingsService
    {
        private readonly ConfigStore _store;

        /// <summary>Creates the service.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
        public JournalSettingsService(ConfigStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>The journal's settings (the defaults when none are stored).</summary>
        /// <exception cref="BackupMailException">Configuration errors (<c>ConfigurationCorrupt</c>...).</exception>
        public JournalSettings Get() => Copy(_store.Load().Journal ?? new JournalSettings());

        /// <summary>Changes what is given (null keeps the stored value) and returns the settings as stored.</summary>
        /// <exception cref="BackupMailException"><c>InvalidRetentionDays</c>; configuration errors.</exception>
        public JournalSettings Set(bool? enabled, int? retentionDays)
        {
            if (retentionDays.HasValue && (retentionDays < JournalSettings.MinRetentionDays || retentionDays > JournalSettings.MaxRetentionDays))
            {
                throw new BackupMailException(ErrorIds.InvalidRetentionDays, BackupMailErrorKind.InvalidArgument,
                    ConfigStrings.Format("InvalidRetentionDays", retentionDays, JournalSettings.MinRetentionDays, JournalSettings.MaxRetentionDays), retentionDays);
            }

            return _store.Update(config =>
            {
                var journal = config.Journal ?? new JournalSettings();
                journal.Enabled = enabled ?? journal.Enabled;
                journal.RetentionDays = retentionDays ?? journal.RetentionDays;
                config.Journal = journal;
                return Copy(journal);
            });
        }

        // Callers get their own copy: the stored object belongs to the configuration just read.
        private static JournalSettings Copy(JournalSettings settings) =>
            new JournalSettings { Enabled = settings.Enabled, RetentionDays = settings.RetentionDays };
    }
}
