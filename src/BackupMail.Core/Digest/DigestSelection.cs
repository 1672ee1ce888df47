#nullable enable
using System.Collections.Generic;
using BackupMail.History;

namespace BackupMail.Digest
{
    /// <summary>One digest to send: its claim and the runs it lists, oldest first.</summary>
    internal sealed class DigestSelection
    {
        public DigestSelection(DigestClaim claim, IReadOnlyList<RunRecord> runs)
        {
            Claim = claim;
            Runs = runs;
        }

        /// <summary>What the digest takes (written to <c>digest.json</c> before it is sent).</summary>
        public DigestClaim Claim { get; }

        /// <summary>The runs it lists.</summary>
        public IReadOnlyList<RunRecord> Runs { get; }
    }
}
