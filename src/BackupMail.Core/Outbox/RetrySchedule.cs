using System;

namespace BackupMail.Outbox
{
    /// <summary>When a queued message is tried again: exponential backoff, and a maximum age.</summary>
    public sealed class RetrySchedule
    {
        /// <summary>One minute after the first failure, doubling up to an hour; given up after three days.</summary>
        public static readonly RetrySchedule Default = new RetrySchedule(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(3));

        /// <summary>Creates a schedule.</summary>
        public RetrySchedule(TimeSpan firstDelay, TimeSpan maximumDelay, TimeSpan maximumAge)
        {
            if (firstDelay <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(firstDelay));
            if (maximumDelay < firstDelay) throw new ArgumentOutOfRangeException(nameof(maximumDelay));
            FirstDelay = firstDelay;
            MaximumDelay = maximumDelay;
            MaximumAge = maximumAge;
        }

        /// <summary>The wait after the first failed attempt.</summary>
        public TimeSpan FirstDelay { get; }

        /// <summary>The longest wait between two attempts.</summary>
        public TimeSpan MaximumDelay { get; }

        /// <summary>An item older than this is moved to <c>outbox/failed</c> instead of being retried.</summary>
        public TimeSpan MaximumAge { get; }

        /// <summary>The wait after <paramref name="attempts"/> failed attempts (1 → FirstDelay, 2 → twice that...).</summary>
        public TimeSpan DelayAfter(int attempts)
        {
            if (attempts < 1) return TimeSpan.Zero;
            // Doubling from FirstDelay; the exponent is capped so the arithmetic never overflows.
            var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
            var ticks = Math.Min(FirstDelay.Ticks * factor, MaximumDelay.Ticks);
            return TimeSpan.FromTicks((long)ticks);
        }

        /// <summary>
        /// The wait after <paramref name="attempts"/> failed attempts when the service asked for <paramref name="retryAfter"/>:
        /// the longer of the two, but never more than <see cref="MaximumDelay"/> (a hostile or mistaken Retry-After cannot park
        /// a notification for days).
        /// </summary>
        public TimeSpan DelayAfter(int attempts, TimeSpan? retryAfter)
        {
            var delay = DelayAfter(attempts);
            if (retryAfter.HasValue && retryAfter.Value > delay)
            {
                delay = retryAfter.Value < MaximumDelay ? retryAfter.Value : MaximumDelay;
            }

            return delay;
        }

        /// <summary>True when <paramref name="item"/> has waited longer than <see cref="MaximumAge"/>.</summary>
        public bool IsExpired(OutboxItem item, DateTimeOffset now) => now - item.Created > MaximumAge;
    }
}
