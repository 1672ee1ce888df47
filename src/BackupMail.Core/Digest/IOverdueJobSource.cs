#nullable enable
using System;
using System.Collections.Generic;

namespace BackupMail.Digest
{
    /// <summary>
    /// The seam through which a digest learns which jobs are overdue: the watchdog's job status
    /// (<c>Get-BackupJobStatus</c>) implements it; <see cref="OverdueJobSource.None"/> lists none.
    /// </summary>
    public interface IOverdueJobSource
    {
        /// <summary>The jobs that are overdue at <paramref name="now"/>, in any order.</summary>
        /// <param name="now">The digest's time.</param>
        IReadOnlyList<OverdueJob> GetOverdueJobs(DateTimeOffset now);
    }
}
