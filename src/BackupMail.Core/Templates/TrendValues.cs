#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>
    /// The placeholders that compare a run with the job's earlier runs: PreviousStatus, LastSuccessTime,
    /// ConsecutiveFailures, AverageDuration, DurationChange, and Trend, the one sentence the default templates show.
    /// </summary>
    internal static class TrendValues
    {
        // A duration is worth a sentence only when it is far from the average, in share and in time: a 10-second job
        // that took 20 seconds is not news, a 40-minute job that took 80 is.
        private const double UnusualChangePercent = 50;
        private static readonly TimeSpan UnusualChange = TimeSpan.FromMinutes(1);

        /// <summary>Adds the trend values of <paramref name="run"/> to <paramref name="values"/>.</summary>
        public static void Add(IDictionary<string, string> values, BackupRun run, RunTrend trend, CultureInfo culture)
        {
            if (trend.PreviousStatus.HasValue)
            {
                values[PlaceholderNames.PreviousStatus] = TemplateStrings.Get("Status_" + trend.PreviousStatus.Value, culture);
            }

            var lastSuccess = run.Status == BackupStatus.Success ? run.EndTime ?? run.StartTime ?? trend.LastSuccessTime : trend.LastSuccessTime;
            if (lastSuccess.HasValue)
            {
                values[PlaceholderNames.LastSuccessTime] = PlaceholderValues.FormatTime(lastSuccess.Value, culture);
            }

            values[PlaceholderNames.ConsecutiveFailures] = trend.ConsecutiveFailures.ToString(culture);
            if (trend.AverageDuration.HasValue)
            {
                values[PlaceholderNames.AverageDuration] = HumanFormat.Duration(trend.AverageDuration.Value, culture);
            }

            var change = ChangeText(trend.DurationChangePercent, culture);
            if (change != null)
            {
                values[PlaceholderNames.DurationChange] = change;
            }

            var sentence = Sentence(run, trend, culture);
            if (sentence != null)
            {
                values[PlaceholderNames.Trend] = sentence;
            }
        }

        private static string? ChangeText(double? percent, CultureInfo culture)
        {
            if (!percent.HasValue || double.IsNaN(percent.Value) || double.IsInfinity(percent.Value)) return null;
            var rounded = Math.Round(percent.Value, MidpointRounding.AwayFromZero);
            if (rounded == 0) return TemplateStrings.Get("DurationChange_Same", culture);
            return TemplateStrings.FormatIn(culture, rounded > 0 ? "DurationChange_Longer" : "DurationChange_Shorter",
                Math.Abs(rounded).ToString("N0", culture));
        }

        // The one thing worth saying, most important first; nothing for an ordinary run.
        private static string? Sentence(BackupRun run, RunTrend trend, CultureInfo culture)
        {
            if (run.Status == BackupStatus.Failure)
            {
                if (trend.ConsecutiveFailures >= 2)
                {
                    return trend.LastSuccessTime.HasValue
                        ? TemplateStrings.FormatIn(culture, "Trend_FailedInARow", trend.ConsecutiveFailures, PlaceholderValues.FormatTime(trend.LastSuccessTime.Value, culture))
                        : TemplateStrings.FormatIn(culture, "Trend_FailedInARowNever", trend.ConsecutiveFailures);
                }

                return trend.PreviousStatus == BackupStatus.Success && trend.LastSuccessTime.HasValue
                    ? TemplateStrings.FormatIn(culture, "Trend_FirstFailure", PlaceholderValues.FormatTime(trend.LastSuccessTime.Value, culture))
                    : null;
            }

            if (trend.FailuresBefore > 0 && run.Status == BackupStatus.Success)
            {
                return trend.FailuresBefore == 1
                    ? TemplateStrings.Get("Trend_RecoveredOne", culture)
                    : TemplateStrings.FormatIn(culture, "Trend_Recovered", trend.FailuresBefore);
            }

            if (trend.DurationChangePercent.HasValue && trend.AverageDuration.HasValue && run.StartTime.HasValue && run.EndTime.HasValue)
            {
                var difference = (run.EndTime.Value - run.StartTime.Value) - trend.AverageDuration.Value;
                if (Math.Abs(trend.DurationChangePercent.Value) >= UnusualChangePercent && difference.Duration() >= UnusualChange)
                {
                    var share = Math.Abs(Math.Round(trend.DurationChangePercent.Value, MidpointRounding.AwayFromZero)).ToString("N0", culture) + " %";
                    return TemplateStrings.FormatIn(culture, difference > TimeSpan.Zero ? "Trend_Slower" : "Trend_Faster",
                        share, HumanFormat.Duration(trend.AverageDuration.Value, culture));
                }
            }

            return null;
        }
    }
}
