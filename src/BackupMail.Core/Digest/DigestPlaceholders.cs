#nullable enable
using System.Collections.Generic;

namespace BackupMail.Digest
{
    /// <summary>
    /// The placeholders a digest fills (besides <c>##Status##</c>, <c>##StatusColor##</c>, <c>##ComputerName##</c> and
    /// <c>##UserName##</c>). The three lists (<see cref="DigestJobs"/>, <see cref="DigestErrors"/>, <see cref="OverdueJobs"/>)
    /// are rendered as aligned text in a text body and in a plain-text alternative, and as HTML (a table, lists) in an HTML
    /// body; in a text body, a list that is not empty starts with a line break, so <c>Errors:##DigestErrors##</c> puts the
    /// label above it, and the line is left out when there is nothing to list. In an ordinary notification they are empty.
    /// </summary>
    public static class DigestPlaceholders
    {
        /// <summary>The banner sentence: the worst outcome and the counts ("2 failed — runs: 14, jobs: 5.").</summary>
        public const string DigestStatus = "DigestStatus";

        /// <summary>One row per job: last status, runs, failures, last success, duration, data copied.</summary>
        public const string DigestJobs = "DigestJobs";

        /// <summary>The runs that failed or ended with a warning, with their errors.</summary>
        public const string DigestErrors = "DigestErrors";

        /// <summary>The jobs that are overdue, with their last run and when they were due.</summary>
        public const string OverdueJobs = "OverdueJobs";

        /// <summary>The period the digest covers (previous digest to now).</summary>
        public const string DigestPeriod = "DigestPeriod";

        /// <summary>How many runs the digest lists.</summary>
        public const string RunCount = "RunCount";

        /// <summary>How many of them failed.</summary>
        public const string FailureCount = "FailureCount";

        /// <summary>Every digest placeholder, in the order <c>Get-BackupMailTemplateValue</c> lists them.</summary>
        public static IReadOnlyList<string> All { get; } = new[]
        {
            DigestStatus, DigestPeriod, RunCount, FailureCount, DigestJobs, DigestErrors, OverdueJobs,
        };

        /// <summary>The placeholders whose value is a list (text or HTML by body format).</summary>
        internal static IReadOnlyList<string> Lists { get; } = new[] { DigestJobs, DigestErrors, OverdueJobs };
    }
}
