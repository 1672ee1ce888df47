#nullable enable
using System;
using BackupMail.Jobs;

namespace BackupMail.Digest
{
    /// <summary>One job's line in a digest: its runs since the previous digest, summed up.</summary>
    public sealed class DigestJobRow
    {
        /// <summary>The job's name.</summary>
        public string BackupName { get; internal set; } = string.Empty;

        /// <summary>The status of its last run in the digest.</summary>
        public BackupStatus LastStatus { get; internal set; }

        /// <summary>How many of its runs the digest lists.</summary>
        public int Runs { get; internal set; }

        /// <summary>How many of them failed.</summary>
        public int Failures { get; internal set; }

        /// <summary>How many of them ended with a warning.</summary>
        public int Warnings { get; internal set; }

        /// <summary>When it last succeeded: in this digest, else as an earlier digest saw it; null when not known.</summary>
        public DateTimeOffset? LastSuccess { get; internal set; }

        /// <summary>How long its last run took; null when not known.</summary>
        public TimeSpan? LastDuration { get; internal set; }

        /// <summary>The bytes its runs copied, summed; null when no run reported any.</summary>
        public long? BytesCopied { get; internal set; }

        /// <summary>The files its runs copied, summed; null when no run reported any.</summary>
        public long? FilesCopied { get; internal set; }
    }
}
