#nullable enable
using System;

namespace BackupMail.Watchdog
{
    /// <summary>What the watchdog remembers about one job between checks (one entry of <c>journal/watchdog.json</c>).</summary>
    public sealed class WatchedJobState
    {
        /// <summary>When the watchdog first saw the job watched and without any run; null once it has run.</summary>
        public DateTimeOffset? FirstSeen { get; set; }

        /// <summary>
        /// The last run's sequence number (0: it never ran) when the overdue notice was sent or queued; null while the
        /// job is not notified as overdue. No second notice goes out for the same value.
        /// </summary>
        public long? OverdueSequence { get; set; }

        /// <summary>When the overdue notice was sent or queued.</summary>
        public DateTimeOffset? OverdueNotifiedAt { get; set; }

        /// <summary>True when nothing is remembered (the entry can go).</summary>
        internal bool IsEmpty => FirstSeen == null && OverdueSequence == null;
    }
}
