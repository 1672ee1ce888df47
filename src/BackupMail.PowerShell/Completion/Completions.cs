using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Turns a list of names into tab-completion results for the word being typed.</summary>
    internal static class Completions
    {
        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return names
                .Where(name => !string.IsNullOrEmpty(name) && name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
        }

        // Completion must never disturb typing: a missing or broken config simply offers nothing.
        public static IEnumerable<CompletionResult> Safely(Func<IEnumerable<CompletionResult>> complete)
        {
            try
            {
                return complete();
            }
            catch (Exception)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\t', '\'', '"', '$', '`', ';', ',', '(', ')', '{', '}', '@', '#', '&', '|' }) >= 0
                ? "'" + name.Replace("'", "''") + "'"
                : name;
    }
}
