namespace BackupMail.Templates
{
    /// <summary>The canonical names of every placeholder (write them as <c>##Name##</c> in a template).</summary>
    public static class PlaceholderNames
    {
        /// <summary>The backup job's name.</summary>
        public const string BackupName = nameof(BackupName);
        /// <summary>The outcome as one word (Success, Warning, Failure; localized).</summary>
        public const string Status = nameof(Status);
        /// <summary>The outcome as a phrase, e.g. "Backup completed successfully" (localized).</summary>
        public const string StatusText = nameof(StatusText);
        /// <summary>An HTML colour for the outcome: green, amber or red.</summary>
        public const string StatusColor = nameof(StatusColor);
        /// <summary>A sentence explaining the exit code.</summary>
        public const string ExitStatus = nameof(ExitStatus);
        /// <summary>The program's exit code.</summary>
        public const string ExitCode = nameof(ExitCode);
        /// <summary>The program whose exit code was read (robocopy, rsync, restic...).</summary>
        public const string Tool = nameof(Tool);
        /// <summary>The computer the job ran on.</summary>
        public const string ComputerName = nameof(ComputerName);
        /// <summary>The user the job ran as.</summary>
        public const string UserName = nameof(UserName);
        /// <summary>When the run started, in the template's culture with its UTC offset (e.g. 04.12.2026 17:42 +01:00).</summary>
        public const string StartTime = nameof(StartTime);
        /// <summary>When the run ended, in the template's culture with its UTC offset.</summary>
        public const string EndTime = nameof(EndTime);
        /// <summary>When the run started, ISO 8601 with its UTC offset (round-trip format, e.g. 2026-12-04T17:42:00.0000000+01:00).</summary>
        public const string StartTimeIso = nameof(StartTimeIso);
        /// <summary>When the run ended, ISO 8601 with its UTC offset (round-trip format).</summary>
        public const string EndTimeIso = nameof(EndTimeIso);
        /// <summary>How long the run took, human-readable.</summary>
        public const string Duration = nameof(Duration);
        /// <summary>What was backed up.</summary>
        public const string Source = nameof(Source);
        /// <summary>Where it went.</summary>
        public const string Destination = nameof(Destination);
        /// <summary>Directories copied (from the log).</summary>
        public const string DirsCopied = nameof(DirsCopied);
        /// <summary>Files copied (from the log).</summary>
        public const string FilesCopied = nameof(FilesCopied);
        /// <summary>Files that could not be copied (from the log).</summary>
        public const string FilesFailed = nameof(FilesFailed);
        /// <summary>Data copied, human-readable (e.g. 1.23 GB).</summary>
        public const string BytesCopied = nameof(BytesCopied);
        /// <summary>The error text, given or read from the log.</summary>
        public const string ErrorMessage = nameof(ErrorMessage);
        /// <summary>The path of the job's log file.</summary>
        public const string LogPath = nameof(LogPath);
        /// <summary>The last lines of the log.</summary>
        public const string LogTail = nameof(LogTail);
        /// <summary>How many lines <see cref="LogTail"/> holds.</summary>
        public const string LogTailLines = nameof(LogTailLines);
        /// <summary>The status of the job's run before this one (from the run journal).</summary>
        public const string PreviousStatus = nameof(PreviousStatus);
        /// <summary>When the job last succeeded (this run included).</summary>
        public const string LastSuccessTime = nameof(LastSuccessTime);
        /// <summary>Failed runs in a row, this one included (0 when this run did not fail).</summary>
        public const string ConsecutiveFailures = nameof(ConsecutiveFailures);
        /// <summary>The average duration of the job's last 10 successful runs before this one.</summary>
        public const string AverageDuration = nameof(AverageDuration);
        /// <summary>This run's duration against <see cref="AverageDuration"/> (e.g. "+85 % against the average").</summary>
        public const string DurationChange = nameof(DurationChange);
        /// <summary>A sentence on the job's recent history when it matters (a recovery, failures in a row, an unusual duration); empty otherwise.</summary>
        public const string Trend = nameof(Trend);
    }
}
