#nullable enable
using System;

namespace BackupMail.Digest
{
    /// <summary>The runs of one job that a digest takes: every run journal <c>Sequence</c> in (<see cref="After"/>, <see cref="Through"/>].</summary>
    internal sealed class DigestRange
    {
        /// <summary>The job's name.</summary>
        public string BackupName { get; set; } = string.Empty;

        /// <summary>The job's watermark before this digest (exclusive).</summary>
        public long After { get; set; }

        /// <summary>The last run taken (inclusive): the job's watermark once the digest is out.</summary>
        public long Through { get; set; }

        /// <summary>True when at least one run of the range is listed (not all left out by <c>-Since</c>).</summary>
        public bool Listed { get; set; }

        /// <summary>The last successful run in the range; null for none.</summary>
        public DateTimeOffset? LastSuccess { get; set; }

        /// <summary>True when <paramref name="sequence"/> belongs to the range.</summary>
        public bool Contains(long sequence) => sequence > After && sequence <= Through;
    }
}
