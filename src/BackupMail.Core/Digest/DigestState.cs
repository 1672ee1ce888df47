#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupMail.Digest
{
    /// <summary>The content of <c>journal/digest.json</c>: the per-job watermarks and the digests being sent.</summary>
    internal sealed class DigestState
    {
        /// <summary>The format's version.</summary>
        public const int CurrentVersion = 1;

        /// <summary>The format's version (1).</summary>
        public int Version { get; set; } = CurrentVersion;

        /// <summary>Every job a digest has listed.</summary>
        public List<DigestJobState> Jobs { get; set; } = new List<DigestJobState>();

        /// <summary>Digests that a call claimed and did not finish (normally none).</summary>
        public List<DigestClaim> Pending { get; set; } = new List<DigestClaim>();

        /// <summary>The job called <paramref name="backupName"/> (any case), or null.</summary>
        public DigestJobState? Find(string backupName) =>
            Jobs.FirstOrDefault(j => string.Equals(j.BackupName, backupName, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The last run of <paramref name="backupName"/> that is digested or claimed by a pending digest: a new digest
        /// starts after it, so nothing is listed twice even while a claim waits to be resolved.
        /// </summary>
        public long Watermark(string backupName)
        {
            long mark = Find(backupName)?.DigestedThrough ?? 0;
            foreach (var claim in Pending)
            {
                foreach (var range in claim.Ranges)
                {
                    if (string.Equals(range.BackupName, backupName, StringComparison.OrdinalIgnoreCase))
                    {
                        mark = Math.Max(mark, range.Through);
                    }
                }
            }

            return mark;
        }

        /// <summary>Moves the watermarks of <paramref name="claim"/>'s jobs and forgets the claim.</summary>
        public void Commit(DigestClaim claim)
        {
            foreach (var range in claim.Ranges)
            {
                var job = Find(range.BackupName);
                if (job == null)
                {
                    job = new DigestJobState { BackupName = range.BackupName };
                    Jobs.Add(job);
                }

                job.DigestedThrough = Math.Max(job.DigestedThrough, range.Through);
                if (range.Listed)
                {
                    job.LastDigest = claim.Created;
                }

                if (range.LastSuccess.HasValue && (!job.LastSuccess.HasValue || range.LastSuccess > job.LastSuccess))
                {
                    job.LastSuccess = range.LastSuccess;
                }
            }

            Forget(claim);
        }

        /// <summary>Removes <paramref name="claim"/> from the pending digests (it was sent nowhere).</summary>
        public void Forget(DigestClaim claim) =>
            Pending.RemoveAll(c => string.Equals(c.MessageId, claim.MessageId, StringComparison.Ordinal));
    }
}
