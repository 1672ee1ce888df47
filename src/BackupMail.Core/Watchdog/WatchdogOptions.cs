#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;

namespace BackupMail.Watchdog
{
    /// <summary>How a <see cref="WatchdogCheck"/> runs: its clock, which jobs, who is told, in which language.</summary>
    public sealed class WatchdogOptions
    {
        /// <summary>The current time (replaceable in tests).</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>Which job names to check (a <c>-BackupName</c> wildcard); null for every watched job.</summary>
        public Func<string, bool>? Include { get; set; }

        /// <summary>Recipients for every notice instead of each rule's; null or empty for the rules'.</summary>
        public IReadOnlyList<string>? To { get; set; }

        /// <summary>The account every notice goes through instead of each rule's; null for the rules'.</summary>
        public string? Account { get; set; }

        /// <summary>The notices' language and date format; null for the current UI culture.</summary>
        public CultureInfo? Culture { get; set; }

        /// <summary>How long to wait for another check that holds the watchdog's lock.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);
    }
}
