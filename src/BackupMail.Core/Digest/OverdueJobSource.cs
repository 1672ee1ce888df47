#nullable enable
using System;
using System.Collections.Generic;

namespace BackupMail.Digest
{
    /// <summary>Ready-made <see cref="IOverdueJobSource"/>s.</summary>
    public static class OverdueJobSource
    {
        /// <summary>Lists no overdue job (used until the watchdog feeds the digest).</summary>
        public static IOverdueJobSource None { get; } = new Fixed(Array.Empty<OverdueJob>());

        /// <summary>Always lists <paramref name="jobs"/> (tests, or a caller that computed them already).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="jobs"/> is null.</exception>
        public static IOverdueJobSource Of(IReadOnlyList<OverdueJob> jobs) =>
            new Fixed(jobs ?? throw new ArgumentNullException(nameof(jobs)));

        private sealed class Fixed : IOverdueJobSource
        {
            private readonly IReadOnlyList<OverdueJob> _jobs;

            public Fixed(IReadOnlyList<OverdueJob> jobs) => _jobs = jobs;

            public IReadOnlyList<OverdueJob> GetOverdueJobs(DateTimeOffset now) => _jobs;
        }
    }
}
