using System;

namespace BackupMail.Jobs
{
    /// <summary>Everything known about one backup run: what the placeholders are filled from.</summary>
    public sealed class BackupRun
    {
        /// <summary>The backup job's name.</summary>
        public string? BackupName { get; set; }
        /// <summary>The outcome.</summary>
        public BackupStatus Status { get; set; }
        /// <summary>The program's exit code, when known.</summary>
        public int? ExitCode { get; set; }
        /// <summary>The program whose exit code it is.</summary>
        public BackupTool Tool { get; set; }
        /// <summary>When the run started.</summary>
        public DateTimeOffset? StartTime { get; set; }
        /// <summary>When the run ended.</summary>
        public DateTimeOffset? EndTime { get; set; }
        /// <summary>What was backed up.</summary>
        public string? Source { get; set; }
        /// <summary>Where it went.</summary>
        public string? Destination { get; set; }
        /// <summary>The job's log file.</summary>
        public string? LogPath { get; set; }
        /// <summary>The error text (given, or read from the log).</summary>
        public string? ErrorMessage { get; set; }
        /// <summary>Directories copied, from the log.</summary>
        public long? DirsCopied { get; set; }
        /// <summary>Files copied, from the log.</summary>
        public long? FilesCopied { get; set; }
        /// <summary>Files that failed, from the log.</summary>
        public long? FilesFailed { get; set; }
        /// <summary>Bytes copied, from the log.</summary>
        public long? BytesCopied { get; set; }
        /// <summary>The last lines of the log.</summary>
        public string? LogTail { get; set; }
        /// <summary>The computer the job ran on.</summary>
        public string ComputerName { get; set; } = Environment.MachineName;
        /// <summary>The user the job ran as.</summary>
        public string UserName { get; set; } = ProcessUserName.Value;

        // A process's user does not change, and on Unix Environment.UserName reads the user database on every call.
        private static readonly Lazy<string> ProcessUserName = new Lazy<string>(() => Environment.UserName);
    }
}
