#nullable enable
using System;
using System.Globalization;
using BackupMail.Jobs;
using BackupMail.Resources;
using BackupMail.Templates;

namespace BackupMail.Watchdog
{
    /// <summary>The subject and plain-text body of the watchdog's notices, in English or German.</summary>
    internal static class WatchdogMessages
    {
        /// <summary>"Backup X has not run for ...": for a job that became overdue at <paramref name="now"/>.</summary>
        public static RenderedMessage Overdue(JobStatus job, DateTimeOffset? firstSeen, DateTimeOffset now, CultureInfo culture)
        {
            var silentFor = now - (job.LastRun ?? firstSeen ?? now);
            var subject = WatchdogStrings.FormatIn(culture, "OverdueSubject", job.BackupName, HumanFormat.Duration(silentFor, culture));
            var expectEvery = HumanFormat.Duration(job.ExpectEvery ?? TimeSpan.Zero, culture);
            var nextDue = Time(job.NextDue, culture);
            var overdueBy = HumanFormat.Duration(job.OverdueBy ?? TimeSpan.Zero, culture);
            var body = job.LastRun == null
                ? WatchdogStrings.FormatIn(culture, "OverdueBodyNeverRun", job.BackupName, expectEvery, Time(firstSeen, culture), nextDue, overdueBy)
                : WatchdogStrings.FormatIn(culture, "OverdueBody", job.BackupName, expectEvery, Time(job.LastRun, culture),
                    Status(job.LastStatus, culture), Time(job.LastSuccess, culture), nextDue, overdueBy,
                    job.ComputerName ?? WatchdogStrings.Get("Unknown", culture));
            return new RenderedMessage(subject, body, BodyFormat.Text);
        }

        /// <summary>"Backup X ran again": for a job notified as overdue at <paramref name="notifiedAt"/> that has a newer run.</summary>
        public static RenderedMessage RanAgain(JobStatus job, DateTimeOffset? notifiedAt, CultureInfo culture)
        {
            var status = Status(job.LastStatus, culture);
            var subject = WatchdogStrings.FormatIn(culture, "RanAgainSubject", job.BackupName, status);
            var body = WatchdogStrings.FormatIn(culture, "RanAgainBody", job.BackupName, Time(notifiedAt, culture), Time(job.LastRun, culture),
                status, Time(job.LastSuccess, culture), Time(job.NextDue, culture));
            return new RenderedMessage(subject, body, BodyFormat.Text);
        }

        // Times in this computer's zone with their offset, as the notification templates show them.
        internal static string Time(DateTimeOffset? time, CultureInfo culture) =>
            time == null
                ? WatchdogStrings.Get("Never", culture)
                : time.Value.ToLocalTime().ToString("g", culture) + " " + time.Value.ToLocalTime().ToString("zzz", CultureInfo.InvariantCulture);

        private static string Status(BackupStatus? status, CultureInfo culture) =>
            status == null ? WatchdogStrings.Get("Unknown", culture) : TemplateStrings.Get("Status_" + status.Value, culture);
    }
}
