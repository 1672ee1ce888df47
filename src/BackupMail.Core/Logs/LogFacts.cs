using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BackupMail.Jobs;

namespace BackupMail.Logs
{
    /// <summary>
    /// What a backup log tells about the run: counts, bytes, errors and its last lines. Read from the end
    /// of the file only (at most about 1 MB), whatever its size.
    /// </summary>
    public sealed class LogFacts
    {
        /// <summary>Directories copied, when the log says.</summary>
        public long? DirsCopied { get; internal set; }
        /// <summary>Files copied, when the log says.</summary>
        public long? FilesCopied { get; internal set; }
        /// <summary>Files that failed, when the log says.</summary>
        public long? FilesFailed { get; internal set; }
        /// <summary>Bytes copied, when the log says.</summary>
        public long? BytesCopied { get; internal set; }
        /// <summary>The last errors found in the log, or null.</summary>
        public string? ErrorMessage { get; internal set; }
        /// <summary>The last lines of the log.</summary>
        public string? LogTail { get; internal set; }
        /// <summary>The robocopy summary, when the log is a robocopy log that has one.</summary>
        public RobocopySummary? RobocopySummary { get; internal set; }
        /// <summary>The encoding the log was read in.</summary>
        // Set by Read, the only place that makes facts.
        public Encoding Encoding { get; internal set; } = null!;

        /// <summary>
        /// Reads the facts of the log at <paramref name="path"/> written by <paramref name="tool"/>; for
        /// <see cref="BackupTool.Generic"/> the robocopy, rsync and restic formats are each tried.
        /// </summary>
        /// <param name="path">The log file.</param>
        /// <param name="tool">The program that wrote it.</param>
        /// <param name="tailLines">How many lines <see cref="LogTail"/> holds (0 for none).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="tailLines"/> is negative.</exception>
        /// <exception cref="BackupMailException"><c>LogNotFound</c> (ObjectNotFound), <c>LogIsDirectory</c> (InvalidArgument), <c>LogUnreadable</c> (ResourceUnavailable).</exception>
        public static LogFacts Read(string path, BackupTool tool, int tailLines = 20)
        {
            if (tailLines < 0) throw new ArgumentOutOfRangeException(nameof(tailLines));
            using (FileStream stream = LogFile.Open(path))
            {
                try
                {
                    Encoding encoding = LogEncoding.Detect(stream, out int preamble);
                    var facts = new LogFacts { Encoding = encoding };
                    if (tool == BackupTool.Robocopy || tool == BackupTool.Generic)
                    {
                        RobocopySummary? summary = RobocopyLogReader.Analyze(stream, encoding, preamble, out string? errors);
                        if (summary != null)
                        {
                            facts.RobocopySummary = summary;
                            facts.DirsCopied = summary.Dirs.Copied;
                            facts.FilesCopied = summary.Files.Copied;
                            facts.FilesFailed = summary.Files.Failed;
                            facts.BytesCopied = summary.Bytes.Copied;
                        }
                        facts.ErrorMessage = errors;
                    }
                    if (tool != BackupTool.Robocopy && facts.RobocopySummary == null)
                    {
                        List<string> lines = LogText.ReadLastLines(stream, encoding, preamble, 256 * 1024, out _);
                        bool found = (tool == BackupTool.Rsync || tool == BackupTool.Generic) && RsyncStats.TryRead(lines, facts);
                        if (!found && (tool == BackupTool.Restic || tool == BackupTool.Generic)) ResticSummary.TryRead(lines, facts);
                    }
                    if (tailLines > 0)
                    {
                        string tail = Logs.LogTail.Read(stream, encoding, preamble, tailLines, Logs.LogTail.DefaultMaxBytes);
                        facts.LogTail = tail.Length == 0 ? null : tail;
                    }
                    return facts;
                }
                catch (IOException e)
                {
                    throw LogFile.Unreadable(path, e);
                }
            }
        }

        /// <summary>Copies the facts into <paramref name="run"/> where it has no value yet (a given ErrorMessage wins).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
        public void ApplyTo(BackupRun run)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            run.DirsCopied = run.DirsCopied ?? DirsCopied;
            run.FilesCopied = run.FilesCopied ?? FilesCopied;
            run.FilesFailed = run.FilesFailed ?? FilesFailed;
            run.BytesCopied = run.BytesCopied ?? BytesCopied;
            if (string.IsNullOrWhiteSpace(run.ErrorMessage)) run.ErrorMessage = ErrorMessage;
            if (string.IsNullOrWhiteSpace(run.LogTail)) run.LogTail = LogTail;
        }
    }
}
