#nullable enable
using System;
using System.Collections.Generic;

namespace BackupMail.Digest
{
    /// <summary>What <c>Send-BackupMailDigest</c> was asked for.</summary>
    public sealed class DigestRequest
    {
        /// <summary>
        /// Send one digest to these recipients (already validated) over every job with runs not yet digested, whatever
        /// the rules' recipients; null or empty sends one digest per recipient group of the rules with a digest.
        /// </summary>
        public IReadOnlyList<string>? To { get; set; }

        /// <summary>The account to send with; null for the rules' accounts (with <see cref="To"/>: <c>Default</c>).</summary>
        public string? Account { get; set; }

        /// <summary>The template to render; null for the built-in <c>Digest</c>.</summary>
        public string? Template { get; set; }

        /// <summary>Runs that ended before this are left out of the digest, and count as digested from then on; null for none.</summary>
        public DateTimeOffset? Since { get; set; }

        /// <summary>Send a digest even when there are no new runs (it says so).</summary>
        public bool Force { get; set; }

        /// <summary>True when <see cref="To"/> names recipients.</summary>
        internal bool HasRecipients => To != null && To.Count > 0;
    }
}
