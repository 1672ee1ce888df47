#nullable enable
using System;
using BackupMail.Jobs;

namespace BackupMail.Digest
{
    /// <summary>A run a digest lists among the errors: one that failed or ended with a warning.</summary>
    public sealed class DigestProblem
    {
        /// <summary>The job's name.</summary>
        public string BackupName { get; internal set; } = string.Empty;

        /// <summary>When the run ended (else started, else was recorded).</summary>
        public DateTimeOffset When { get; internal set; }

        /// <summary>Failure or Warning.</summary>
        public BackupStatus Status { get; internal set; }

        /// <summary>The backup program's exit code, when known.</summary>
        public int? ExitCode { get; internal set; }

        /// <summary>The run's error text; null when it had none.</summary>
        public string? ErrorMessage { get; internal set; }
    }
}
