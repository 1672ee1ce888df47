#nullable enable
using System;
using System.Collections.Generic;
using BackupMail.Configuration;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Ping;
using BackupMail.Resources;

namespace BackupMail.Notifications
{
    /// <summary>
    /// What a notification call reads from and adds to the job's history: the trend before a run (for the trend
    /// placeholders and recovery mails), the run's record in the journal afterwards, and the ping of the job's
    /// monitoring URL. None of it can cost the notification: a journal that cannot be read or written, or a ping that
    /// fails, is a warning.
    /// </summary>
    /// <remarks>One per cmdlet call, like the notification service; the journal's settings are read once, on first use.</remarks>
    public sealed class RunHistory : IDisposable
    {
        private readonly string _configDirectory;
        private readonly JournalSettingsService _settings;
        private readonly IOutputWriter _output;
        private readonly Func<DateTimeOffset>? _clock;
        private RunJournal? _journal;
        private bool _opened;
        private HealthPing? _ping;
        private readonly Dictionary<string, List<RunRecord>> _runsByJob = new Dictionary<string, List<RunRecord>>(StringComparer.OrdinalIgnoreCase);
        private IEnumerator<RunRecord>? _reader;
        private bool _readAll;
        private bool _unreadable;
        private long _firstRecorded = long.MaxValue;

        /// <summary>Creates the history of the configuration directory <paramref name="configDirectory"/>.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public RunHistory(string configDirectory, JournalSettingsService settings, IOutputWriter? output, Func<DateTimeOffset>? clock = null)
        {
            _configDirectory = configDirectory ?? throw new ArgumentNullException(nameof(configDirectory));
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _output = output ?? NullOutputWriter.Instance;
            _clock = clock;
        }

        /// <summary>Whether runs are recorded (the journal is on and its settings could be read).</summary>
        public bool Records => Journal() != null;

        /// <summary>How long a ping may take (default <see cref="HealthPing.DefaultTimeout"/>).</summary>
        public TimeSpan PingTimeout { get; set; } = HealthPing.DefaultTimeout;

        /// <summary>
        /// The job's history before this run, or null when the journal is off or cannot be read (a warning says why).
        /// </summary>
        public RunTrend? TrendOf(string backupName, BackupStatus status, TimeSpan? duration)
        {
            if (backupName == null) throw new ArgumentNullException(nameof(backupName));
            var journal = Journal();
            if (journal == null || _unreadable) return null;
            try
            {
                return RunTrend.Of(RunsOf(journal, backupName), backupName, status, duration);
            }
            catch (BackupMailException error)
            {
                // Reported once; the rest of the call's notifications go without trend values.
                _unreadable = true;
                _reader?.Dispose();
                _reader = null;
                _output.WriteWarning(NotificationStrings.Format("HistoryUnreadable", error.Message));
                return null;
            }
        }

        // The job's runs, newest first, from one backward reading of the journal shared by the whole call: it goes on
        // only as far as this job needs (its RunTrend.AverageOver-th success) and keeps what it passed for the other
        // jobs, so a pipeline of many jobs reads the journal at most once instead of once per notification. Runs this
        // call records are put in front.
        private List<RunRecord> RunsOf(RunJournal journal, string backupName)
        {
            var runs = Runs(backupName);
            if (_readAll) return runs;
            _reader = _reader ?? journal.ReadNewestFirst().GetEnumerator();
            var successes = 0;
            foreach (var run in runs)
            {
                if (run.Status == BackupStatus.Success) successes++;
            }

            while (successes < RunTrend.AverageOver)
            {
                if (!_reader.MoveNext())
                {
                    _readAll = true;
                    _reader.Dispose();
                    _reader = null;
                    break;
                }

                var run = _reader.Current;
                if (run.Sequence >= _firstRecorded) continue; // recorded by this call after the reading began
                var list = Runs(run.BackupName);
                list.Add(run);
                if (ReferenceEquals(list, runs) && run.Status == BackupStatus.Success) successes++;
            }

            return runs;
        }

        private List<RunRecord> Runs(string backupName)
        {
            var key = backupName.Trim();
            if (!_runsByJob.TryGetValue(key, out var runs))
            {
                runs = new List<RunRecord>();
                _runsByJob[key] = runs;
            }

            return runs;
        }

        /// <summary>
        /// Records the run and how it was notified (<paramref name="result"/>), unless the journal is off. Returns the
        /// record as stored, or null when it was not recorded (a warning says why when it failed).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
        public RunRecord? Record(BackupRun run, BackupMailResult? result)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            var journal = Journal();
            if (journal == null) return null;
            var record = RunRecord.From(run);
            record.Action = result?.Action;
            record.MessageId = result?.MessageId;
            try
            {
                var stored = journal.Append(record);
                // Remembered for the trends of this call's later notifications, newest first.
                if (_firstRecorded == long.MaxValue) _firstRecorded = stored.Sequence;
                Runs(stored.BackupName).Insert(0, stored.Clone());
                _output.WriteVerbose(NotificationStrings.Format("RunRecorded", stored.BackupName, stored.Sequence, journal.FilePath));
                return stored;
            }
            catch (BackupMailException error)
            {
                _output.WriteWarning(NotificationStrings.Format("RunNotRecorded", run.BackupName, error.Message));
                return null;
            }
        }

        /// <summary>
        /// Calls the job's healthchecks-style URL for <paramref name="status"/> (nothing when <paramref name="pingUrl"/>
        /// is empty). A ping that fails is a warning; this never throws for it.
        /// </summary>
        public PingOutcome? Ping(string? pingUrl, BackupStatus status, System.Threading.CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(pingUrl) || !Uri.TryCreate(pingUrl, UriKind.Absolute, out var url)) return null;
            _ping = _ping ?? new HealthPing(PingTimeout);
            var outcome = _ping.Send(url, status, cancellationToken);
            if (outcome.Succeeded) _output.WriteVerbose(outcome.Message);
            else _output.WriteWarning(outcome.Message);
            return outcome;
        }

        // The journal, opened on first use with the stored settings; null when recording is off or the settings cannot be read.
        private RunJournal? Journal()
        {
            if (_opened) return _journal;
            _opened = true;
            try
            {
                var settings = _settings.Get();
                if (!settings.Enabled) return null;
                _journal = RunJournal.InConfigDirectory(_configDirectory, _clock);
                _journal.RetentionDays = settings.RetentionDays;
            }
            catch (BackupMailException error)
            {
                _output.WriteWarning(NotificationStrings.Format("HistoryUnreadable", error.Message));
            }

            return _journal;
        }

        /// <summary>Releases the ping's HTTP client, if one was made.</summary>
        public void Dispose()
        {
            _reader?.Dispose();
            _ping?.Dispose();
        }
    }
}
