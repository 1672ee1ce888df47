using System.Collections.Generic;

namespace BackupMail.Logs
{
    /// <summary>The summary block at the end of a robocopy log.</summary>
    public sealed class RobocopySummary
    {
        /// <summary>Directories.</summary>
        public RobocopySummaryRow Dirs { get; internal set; } = null!; // set by RobocopyLogReader.Parse, which makes every summary
        /// <summary>Files.</summary>
        public RobocopySummaryRow Files { get; internal set; } = null!; // set by RobocopyLogReader.Parse, which makes every summary
        /// <summary>Bytes.</summary>
        public RobocopySummaryRow Bytes { get; internal set; } = null!; // set by RobocopyLogReader.Parse, which makes every summary
        /// <summary>The Times row as written (Total, Copied, FAILED, Extras), or empty when the log has none.</summary>
        public IReadOnlyList<string> Times { get; internal set; } = new string[0];
        /// <summary>The Speed lines' values as written (bytes per second, then megabytes per minute), or empty.</summary>
        public IReadOnlyList<string> Speed { get; internal set; } = new string[0];
        /// <summary>The copy rate in bytes per second (from the first Speed line), when the log has one.</summary>
        public long? BytesPerSecond { get; internal set; }
        /// <summary>The Ended line's value as written (its date format is the computer's), or null.</summary>
        public string? Ended { get; internal set; }
        /// <summary>The last distinct <c>ERROR n (0x...)</c> messages of the run, each with robocopy's explanation line, or null.</summary>
        public string? ErrorMessage { get; internal set; }
    }
}
