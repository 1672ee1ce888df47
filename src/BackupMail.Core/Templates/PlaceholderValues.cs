using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.History;
using BackupMail.Jobs;
using BackupMail.Resources;

namespace BackupMail.Templates
{
    /// <summary>The value of every placeholder for one backup run, formatted for the reader's culture.</summary>
    public static class PlaceholderValues
    {
        /// <summary>
        /// The values for <paramref name="run"/>, keyed by canonical placeholder name (case-insensitive).
        /// A value that is not known for the run (no log, no exit code...) is absent, so it renders empty
        /// and the default templates leave its line out.
        /// </summary>
        /// <param name="run">The run.</param>
        /// <param name="culture">Language and number/date format: the template's culture (the current UI culture when null).
        /// Times are shown in it with their UTC offset; StartTimeIso and EndTimeIso are ISO 8601 whatever the culture.</param>
        /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
        public static IReadOnlyDictionary<string, string> From(BackupRun run, CultureInfo? culture) => From(run, culture, null);

        /// <summary>
        /// As <see cref="From(BackupRun, CultureInfo)"/>, with the values that come from the job's earlier runs
        /// (PreviousStatus, LastSuccessTime, ConsecutiveFailures, AverageDuration, DurationChange, Trend) taken from
        /// <paramref name="trend"/>; they are absent when it is null (no run journal).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
        public static IReadOnlyDictionary<string, string> From(BackupRun run, CultureInfo? culture, RunTrend? trend)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            culture = culture ?? CultureInfo.CurrentUICulture;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            void Set(string name, string? value)
            {
                if (!Strings.IsNullOrWhiteSpace(value)) values[name] = value;
            }

            Set(PlaceholderNames.BackupName, run.BackupName);
            Set(PlaceholderNames.Status, TemplateStrings.Get("Status_" + run.Status, culture));
            Set(PlaceholderNames.StatusText, TemplateStrings.Get("StatusText_" + run.Status, culture));
            Set(PlaceholderNames.StatusColor, TemplateStrings.Get("StatusColor_" + run.Status, CultureInfo.InvariantCulture));
            if (run.ExitCode.HasValue)
            {
                Set(PlaceholderNames.ExitCode, run.ExitCode.Value.ToString(CultureInfo.InvariantCulture));
                Set(PlaceholderNames.ExitStatus, ExitCodeInterpreter.Interpret(run.Tool, run.ExitCode.Value, culture).Sentence);
            }
            if (run.ExitCode.HasValue || run.Tool != BackupTool.Generic)
                Set(PlaceholderNames.Tool, TemplateStrings.Get("Tool_" + run.Tool, culture));
            Set(PlaceholderNames.ComputerName, run.ComputerName);
            Set(PlaceholderNames.UserName, run.UserName);
            if (run.StartTime.HasValue)
            {
                Set(PlaceholderNames.StartTime, FormatTime(run.StartTime.Value, culture));
                Set(PlaceholderNames.StartTimeIso, run.StartTime.Value.ToString("o", CultureInfo.InvariantCulture));
            }
            if (run.EndTime.HasValue)
            {
                Set(PlaceholderNames.EndTime, FormatTime(run.EndTime.Value, culture));
                Set(PlaceholderNames.EndTimeIso, run.EndTime.Value.ToString("o", CultureInfo.InvariantCulture));
            }
            if (run.StartTime.HasValue && run.EndTime.HasValue)
                Set(PlaceholderNames.Duration, HumanFormat.Duration(run.EndTime.Value - run.StartTime.Value, culture));
            Set(PlaceholderNames.Source, run.Source);
            Set(PlaceholderNames.Destination, run.Destination);
            if (run.DirsCopied.HasValue) Set(PlaceholderNames.DirsCopied, run.DirsCopied.Value.ToString("N0", culture));
            if (run.FilesCopied.HasValue) Set(PlaceholderNames.FilesCopied, run.FilesCopied.Value.ToString("N0", culture));
            if (run.FilesFailed.HasValue) Set(PlaceholderNames.FilesFailed, run.FilesFailed.Value.ToString("N0", culture));
            if (run.BytesCopied.HasValue) Set(PlaceholderNames.BytesCopied, HumanFormat.Bytes(run.BytesCopied.Value, culture));
            Set(PlaceholderNames.ErrorMessage, run.ErrorMessage?.Trim());
            Set(PlaceholderNames.LogPath, run.LogPath);
            if (!Strings.IsNullOrWhiteSpace(run.LogTail))
            {
                string tail = run.LogTail.TrimEnd('\r', '\n');
                Set(PlaceholderNames.LogTail, tail);
                Set(PlaceholderNames.LogTailLines, CountLines(tail).ToString(culture));
            }
            if (trend != null) TrendValues.Add(values, run, trend, culture);
            return values;
        }

        /// <summary>
        /// Example values for every placeholder, as <c>Get-BackupMailTemplateValue</c> lists them: the values of the
        /// sample run (<see cref="TestMailSample"/>) in <paramref name="culture"/>, and for what that run does not have
        /// (an error text) the example from the resources. ComputerName and UserName are this computer's and this user's.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Examples(CultureInfo? culture)
        {
            culture = culture ?? CultureInfo.CurrentUICulture;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> sample in TestMailSample(culture))
                values[sample.Key] = sample.Value;
            foreach (string name in PlaceholderCatalog.Names)
            {
                if (!values.ContainsKey(name)) values[name] = TemplateStrings.Get("Placeholder_" + name + "_Example", culture);
            }
            return values;
        }

        /// <summary>
        /// The values of the sample run that <c>Send-BackupMailTest</c> renders: a robocopy run that succeeded (exit
        /// code 1, nothing failed, so no error text), formatted in <paramref name="culture"/> (the current UI culture
        /// when null). Every value agrees with the others; ComputerName and UserName are this computer's and this user's.
        /// </summary>
        public static IReadOnlyDictionary<string, string> TestMailSample(CultureInfo? culture)
        {
            culture = culture ?? CultureInfo.CurrentUICulture;
            return From(SampleRun(culture), culture);
        }

        /// <summary>The backup name of the sample run in the culture <paramref name="templateCulture"/> (else <paramref name="uiCulture"/>).</summary>
        public static string SampleBackupName(string? templateCulture, CultureInfo? uiCulture)
            => TemplateStrings.Get("Placeholder_BackupName_Example", TemplateCulture.Resolve(templateCulture, uiCulture));

        /// <summary>The sample run: 27 November 2026, 01:00 to 01:42:17 in this computer's time zone.</summary>
        internal static BackupRun SampleRun(CultureInfo culture)
        {
            var start = new DateTime(2026, 11, 27, 1, 0, 0, DateTimeKind.Unspecified);
            var offset = TimeZoneInfo.Local.GetUtcOffset(start);
            return new BackupRun
            {
                BackupName = TemplateStrings.Get("Placeholder_BackupName_Example", culture),
                Status = BackupStatus.Success,
                Tool = BackupTool.Robocopy,
                ExitCode = 1,
                ComputerName = Environment.MachineName,
                UserName = Environment.UserName,
                StartTime = new DateTimeOffset(start, offset),
                EndTime = new DateTimeOffset(start.AddMinutes(42).AddSeconds(17), offset),
                Source = TemplateStrings.Get("Placeholder_Source_Example", culture),
                Destination = TemplateStrings.Get("Placeholder_Destination_Example", culture),
                LogPath = TemplateStrings.Get("Placeholder_LogPath_Example", culture),
                DirsCopied = 1024,
                FilesCopied = 18342,
                FilesFailed = 0,
                BytesCopied = 13314398618, // 12.4 GB, as the log tail says
                LogTail = TemplateStrings.Get("Placeholder_LogTail_Example", culture),
            };
        }

        /// <summary>
        /// The culture's short date and short time, then the UTC offset, so a reader in another zone (or a mail client
        /// that shows its own zone) knows when it was: <c>12/4/2026 5:42 PM +01:00</c>, <c>04.12.2026 17:42 +01:00</c>.
        /// </summary>
        internal static string FormatTime(DateTimeOffset time, CultureInfo culture)
            => time.ToString("g", culture) + " " + time.ToString("zzz", CultureInfo.InvariantCulture);

        private static int CountLines(string text)
        {
            int lines = 1;
            foreach (char c in text) if (c == '\n') lines++;
            return lines;
        }
    }
}
