#nullable enable
using System;
using BackupMail.Jobs;

namespace BackupMail.History
{
    /// <summary>
    /// One backup run as the run journal keeps it: what the run was (name, status, times, counts) and what the
    /// notification did about it. <see cref="RunJournal.Append"/> assigns <see cref="Sequence"/> and
    /// <see cref="RecordedAt"/>; everything else is the caller's.
    /// </summary>
    public sealed class RunRecord
    {
        /// <summary>The longest <see cref="ErrorMessage"/> kept; a longer one is cut (the log holds the rest).</summary>
        public const int MaxErrorMessageLength = 1000;

        /// <summary>
        /// The run's number in the journal, assigned by <see cref="RunJournal.Append"/>: strictly increasing in the
        /// order runs were recorded, never reused (also not after old runs were trimmed). 0 before it is recorded.
        /// </summary>
        public long Sequence { get; set; }

        /// <summary>When the run was recorded, assigned by <see cref="RunJournal.Append"/> from its clock.</summary>
        public DateTimeOffset RecordedAt { get; set; }

        /// <summary>The backup job's name.</summary>
        public string BackupName { get; set; } = string.Empty;

        /// <summary>The outcome.</summary>
        public BackupStatus Status { get; set; }

        /// <summary>The program's exit code, when known.</summary>
        public int? ExitCode { get; set; }

        /// <summary>The program whose exit code it is.</summary>
        public BackupTool Tool { get; set; }

        /// <summary>When the run started, when known.</summary>
        public DateTimeOffset? StartTime { get; set; }

        /// <summary>When the run ended, when known.</summary>
        public DateTimeOffset? EndTime { get; set; }

        /// <summary>How long the run took: <see cref="EndTime"/> minus <see cref="StartTime"/> when both are known.</summary>
        public TimeSpan? Duration => StartTime.HasValue && EndTime.HasValue ? EndTime.Value - StartTime.Value : (TimeSpan?)null;

        /// <summary>Directories copied, from the log.</summary>
        public long? DirsCopied { get; set; }

        /// <summary>Files copied, from the log.</summary>
        public long? FilesCopied { get; set; }

        /// <summary>Files that failed, from the log.</summary>
        public long? FilesFailed { get; set; }

        /// <summary>Bytes copied, from the log.</summary>
        public long? BytesCopied { get; set; }

        /// <summary>What was backed up.</summary>
        public string? Source { get; set; }

        /// <summary>Where it went.</summary>
        public string? Destination { get; set; }

        /// <summary>The computer the job ran on.</summary>
        public string? ComputerName { get; set; }

        /// <summary>The user the job ran as.</summary>
        public string? UserName { get; set; }

        /// <summary>What the notification did (Sent, Skipped, Queued, Failed); null when the run was not notified.</summary>
        public DeliveryAction? Action { get; set; }

        /// <summary>The notification's Message-Id, when a message was made.</summary>
        public string? MessageId { get; set; }

        /// <summary>The error text, at most <see cref="MaxErrorMessageLength"/> characters.</summary>
        public string? ErrorMessage { get; set; }

        /// <summary>When the run happened: its end, else its start, else when it was recorded.</summary>
        public DateTimeOffset When => EndTime ?? StartTime ?? RecordedAt;

        /// <summary>A record of <paramref name="run"/>'s values (its error text cut to <see cref="MaxErrorMessageLength"/>).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
        public static RunRecord From(BackupRun run)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            return new RunRecord
            {
                BackupName = run.BackupName ?? string.Empty,
                Status = run.Status,
                ExitCode = run.ExitCode,
                Tool = run.Tool,
                StartTime = run.StartTime,
                EndTime = run.EndTime,
                DirsCopied = run.DirsCopied,
                FilesCopied = run.FilesCopied,
                FilesFailed = run.FilesFailed,
                BytesCopied = run.BytesCopied,
                Source = run.Source,
                Destination = run.Destination,
                ComputerName = run.ComputerName,
                UserName = run.UserName,
                ErrorMessage = Shorten(run.ErrorMessage),
            };
        }

        /// <summary>A copy of this record (a shallow one: its values are immutable).</summary>
        public RunRecord Clone() => (RunRecord)MemberwiseClone();

        /// <summary>The record's name, sequence, status and time, for debugging.</summary>
        public override string ToString() => $"#{Sequence} {BackupName} {Status} {When:u}";

        // Cut at a character boundary that does not split a surrogate pair.
        internal static string? Shorten(string? text)
        {
            if (text == null || text.Length <= MaxErrorMessageLength) return text;
            var length = MaxErrorMessageLength;
            if (char.IsHighSurrogate(text[length - 1])) length--;
            return text.Substring(0, length);
        }
    }
}
