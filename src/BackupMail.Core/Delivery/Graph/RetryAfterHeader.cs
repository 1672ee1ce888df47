using System;
using System.Net.Http.Headers;

namespace BackupMail.Delivery.Graph
{
    /// <summary>Reads an HTTP <c>Retry-After</c> header: delta-seconds or an HTTP date (RFC 9110 10.2.3).</summary>
    internal static class RetryAfterHeader
    {
        /// <summary>How long the service asked to wait; null when it did not say (or said something unreadable).</summary>
        /// <param name="headers">The response's headers.</param>
        /// <param name="now">The current time, for a date.</param>
        public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
        {
            var value = headers?.RetryAfter;
            if (value == null)
            {
                return null;
            }

            if (value.Delta.HasValue)
            {
                return value.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : value.Delta.Value;
            }

            if (value.Date.HasValue)
            {
                var wait = value.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
