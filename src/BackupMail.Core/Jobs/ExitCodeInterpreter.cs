using System;
using System.Collections.Generic;
using System.Globalization;
using BackupMail.Resources;

namespace BackupMail.Jobs
{
    /// <summary>
    /// Turns a backup program's exit code into a status and a sentence (DESIGN.md §3): robocopy's bit mask
    /// (0-3 Success, 4-7 Warning, 8 and above Failure), rsync (24 Warning), restic (3 Warning), and any
    /// other program (0 Success, else Failure).
    /// </summary>
    public static class ExitCodeInterpreter
    {
        private static readonly int[] RobocopyBits = { 1, 2, 4, 8, 16 };
        private static readonly HashSet<int> KnownRsyncCodes = new HashSet<int> { 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 25, 30, 35 };
        private static readonly HashSet<int> KnownResticCodes = new HashSet<int> { 1, 2, 3, 10, 11, 12, 130 };

        /// <summary>Interprets <paramref name="exitCode"/> of <paramref name="tool"/>; the sentence is in <paramref name="culture"/> (the current UI culture when null).</summary>
        public static ExitInterpretation Interpret(BackupTool tool, int exitCode, CultureInfo? culture = null)
        {
            switch (tool)
            {
                case BackupTool.Robocopy: return Robocopy(exitCode, culture);
                case BackupTool.Rsync: return Rsync(exitCode, culture);
                case BackupTool.Restic: return Restic(exitCode, culture);
                default: return Generic(exitCode, culture);
            }
        }

        /// <summary>
        /// The tool a program path names: <c>robocopy</c>, <c>robocopy.exe</c>, <c>rsync</c>, <c>restic</c>
        /// (also versioned file names such as <c>restic_0.17.3_windows_amd64.exe</c>); anything else is Generic.
        /// </summary>
        public static BackupTool GuessTool(string programPath)
        {
            if (string.IsNullOrWhiteSpace(programPath)) return BackupTool.Generic;
            // Both separators, whatever the OS: a Windows path may be given to a job running elsewhere.
            string trimmed = programPath.Trim().Trim('"', '\'');
            int slash = Math.Max(trimmed.LastIndexOf('/'), trimmed.LastIndexOf('\\'));
            string name = trimmed.Substring(slash + 1);
            if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)) name = name.Substring(0, name.Length - 4);
            if (Names(name, "robocopy")) return BackupTool.Robocopy;
            if (Names(name, "rsync")) return BackupTool.Rsync;
            if (Names(name, "restic")) return BackupTool.Restic;
            return BackupTool.Generic;
        }

        private static bool Names(string fileName, string tool)
        {
            if (string.Equals(fileName, tool, StringComparison.OrdinalIgnoreCase)) return true;
            return fileName.Length > tool.Length
                && fileName.StartsWith(tool, StringComparison.OrdinalIgnoreCase)
                && (fileName[tool.Length] == '_' || fileName[tool.Length] == '-' || fileName[tool.Length] == '.');
        }

        private static ExitInterpretation Robocopy(int code, CultureInfo? culture)
        {
            if (code < 0 || code > 31)
                return new ExitInterpretation(BackupStatus.Failure, TemplateStrings.FormatIn(culture, "Exit_Robocopy_NotRobocopy", code));
            BackupStatus status = code >= 8 ? BackupStatus.Failure : code >= 4 ? BackupStatus.Warning : BackupStatus.Success;
            var meanings = new List<string>();
            if (code == 0) meanings.Add(TemplateStrings.Get("Exit_Robocopy_0", culture));
            foreach (int bit in RobocopyBits)
            {
                if ((code & bit) != 0) meanings.Add(TemplateStrings.Get("Exit_Robocopy_Bit" + bit.ToString(CultureInfo.InvariantCulture), culture));
            }
            string joined = string.Join(TemplateStrings.Get("Exit_ListSeparator", culture), meanings);
            return new ExitInterpretation(status, TemplateStrings.FormatIn(culture, "Exit_Robocopy", code, joined));
        }

        private static ExitInterpretation Rsync(int code, CultureInfo? culture) =>
            ByDocumentedCode("Rsync", code, warningCode: 24, KnownRsyncCodes, culture);

        private static ExitInterpretation Restic(int code, CultureInfo? culture) =>
            ByDocumentedCode("Restic", code, warningCode: 3, KnownResticCodes, culture);

        // A tool whose manual lists its exit codes: 0 is Success, one code a Warning, every other a Failure; each
        // documented code has its own sentence (Exit_<Tool>_<code>), any other the tool's Exit_<Tool>_Other.
        private static ExitInterpretation ByDocumentedCode(string tool, int code, int warningCode, HashSet<int> documented, CultureInfo? culture)
        {
            BackupStatus status = code == 0 ? BackupStatus.Success : code == warningCode ? BackupStatus.Warning : BackupStatus.Failure;
            string meaning = code == 0 || documented.Contains(code)
                ? TemplateStrings.Get("Exit_" + tool + "_" + code.ToString(CultureInfo.InvariantCulture), culture)
                : TemplateStrings.Get("Exit_" + tool + "_Other", culture);
            return new ExitInterpretation(status, TemplateStrings.FormatIn(culture, "Exit_" + tool, code, meaning));
        }

        private static ExitInterpretation Generic(int code, CultureInfo? culture)
            => code == 0
                ? new ExitInterpretation(BackupStatus.Success, TemplateStrings.FormatIn(culture, "Exit_Generic_0", code))
                : new ExitInterpretation(BackupStatus.Failure, TemplateStrings.FormatIn(culture, "Exit_Generic_Other", code));
    }
}
