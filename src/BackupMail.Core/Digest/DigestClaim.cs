#nullable enable
using System;
using System.Collections.Generic;

namespace BackupMail.Digest
{
    /// <summary>
    /// A digest that is being sent: written to <c>digest.json</c> before the message goes to the outbox, removed (and the
    /// watermarks moved) once it is there. A claim found by the next call belongs to a call that was killed in between:
    /// its message is adopted when the outbox holds it (same Message-Id), else the same digest is built again from the
    /// same runs and sent with the same Message-Id.
    /// </summary>
    internal sealed class DigestClaim
    {
        /// <summary>The message's Message-Id (without angle brackets), fixed before the message is built.</summary>
        public string MessageId { get; set; } = string.Empty;

        /// <summary>When the digest was made: the end of its period.</summary>
        public DateTimeOffset Created { get; set; }

        /// <summary>The start of its period: the previous digest of its jobs, else its first run; null when it lists no run.</summary>
        public DateTimeOffset? PeriodStart { get; set; }

        /// <summary>The account it is sent with; null for <c>Default</c>.</summary>
        public string? Account { get; set; }

        /// <summary>Its recipients.</summary>
        public List<string> To { get; set; } = new List<string>();

        /// <summary>The template it is rendered with; null for the built-in <c>Digest</c>.</summary>
        public string? Template { get; set; }

        /// <summary>Runs before this were left out (<c>-Since</c>).</summary>
        public DateTimeOffset? Since { get; set; }

        /// <summary>The jobs whose overdue state it shows; null for every job.</summary>
        public List<string>? OverdueJobs { get; set; }

        /// <summary>The runs it takes, per job.</summary>
        public List<DigestRange> Ranges { get; set; } = new List<DigestRange>();

        /// <summary>
        /// Set once the message is durably in the outbox, before its first byte goes out: a claim so marked whose message
        /// is no longer in the outbox was delivered (by this call or by a later queue flush), and is not built again.
        /// </summary>
        public bool WrittenAhead { get; set; }
    }
}
