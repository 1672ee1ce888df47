#nullable enable
using System;

namespace BackupMail.Digest
{
    /// <summary>What the digests know of one job: how far its runs were digested, when, and its last success.</summary>
    internal sealed class DigestJobState
    {
        /// <summary>The job's name, as the run journal spells it.</summary>
        public string BackupName { get; set; } = string.Empty;

        /// <summary>The watermark: the last run journal <c>Sequence</c> of this job that is in a digest (0 for none).</summary>
        public long DigestedThrough { get; set; }

        /// <summary>When the job's runs were last listed in a digest (for the weekly cadence); null for never.</summary>
        public DateTimeOffset? LastDigest { get; set; }

        /// <summary>The job's last successful run among the runs digested so far; null for none.</summary>
        public DateTimeOffset? LastSuccess { get; set; }
    }
}
