using System;
using System.Collections.Generic;
using System.Globalization;
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
        /// <param name="culture">Language and number/date format (the current UI culture when null).</param>
        /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
        public static IReadOnlyDictionary<string, string> From(BackupRun run, CultureInfo culture)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            culture = culture ?? CultureInfo.CurrentUICulture;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            void Set(string name, string value)
            {
                if (!string.IsNullOrWhiteSpace(value)) values[name] = value;
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
            if (run.StartTime.HasValue) Set(PlaceholderNames.StartTime, FormatTime(run.StartTime.Value, culture));
            if (run.EndTime.HasValue) Set(PlaceholderNames.EndTime, FormatTime(run.EndTime.Value, culture));
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
            if (!string.IsNullOrWhiteSpace(run.LogTail))
            {
                string tail = run.LogTail.TrimEnd('\r', '\n');
                Set(PlaceholderNames.LogTail, tail);
                Set(PlaceholderNames.LogTailLines, CountLines(tail).ToString(culture));
            }
            return values;
        }

        /// <summary>
        /// Example values for every placeholder (the test mail): the examples <c>Get-BackupMailTemplateValue</c>
        /// shows, except ComputerName and UserName, which are this computer's and this user's.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Examples(CultureInfo culture)
        {
            culture = culture ?? CultureInfo.CurrentUICulture;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in PlaceholderCatalog.Names)
                values[name] = PlaceholderCatalog.ExampleValue(name, culture);
            values[PlaceholderNames.ComputerName] = Environment.MachineName;
            values[PlaceholderNames.UserName] = Environment.UserName;
            values[PlaceholderNames.LogTailLines] = CountLines(values[PlaceholderNames.LogTail]).ToString(culture);
            return values;
        }

        private static string FormatTime(DateTimeOffset time, CultureInfo culture)
            => time.DateTime.ToString("G", culture);

        private static int CountLines(string text)
        {
            int lines = 1;
            foreach (char c in text) if (c == '\n') lines++;
            return lines;
        }
    }
}
