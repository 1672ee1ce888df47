using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupMail.Templates;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>
    /// Completes the <c>##Placeholder##</c> being typed at the end of a subject or body:
    /// <c>'Backup ##Back</c> + Tab gives <c>'Backup ##BackupName##'</c>.
    /// </summary>
    public sealed class PlaceholderCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() => Complete(wordToComplete ?? string.Empty));

        private static IEnumerable<CompletionResult> Complete(string word)
        {
            var quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word[0].ToString() : string.Empty;
            var text = word.Substring(quote.Length).TrimEnd('\'', '"');
            var start = text.LastIndexOf("##", StringComparison.Ordinal);
            // An even number of ## before the end means the last placeholder is closed: nothing is being typed.
            if (start < 0 || CountMarkers(text.Substring(0, start)) % 2 == 1)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var before = text.Substring(0, start);
            var typed = text.Substring(start + 2);
            var closing = quote.Length > 0 ? quote : string.Empty;
            return PlaceholderCatalog.GetAll()
                .Where(p => p.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(p => new CompletionResult(
                    quote + before + "##" + p.Name + "##" + closing,
                    "##" + p.Name + "##", CompletionResultType.ParameterValue, p.Description ?? p.Name))
                .ToList();
        }

        private static int CountMarkers(string text)
        {
            var count = 0;
            for (var i = text.IndexOf("##", StringComparison.Ordinal); i >= 0; i = text.IndexOf("##", i + 2, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}
