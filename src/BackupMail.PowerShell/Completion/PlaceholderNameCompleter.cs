using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupMail.Templates;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes bare placeholder names (for Get-BackupMailTemplateValue -Name).</summary>
    public sealed class PlaceholderNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() => Completions.Matching(PlaceholderCatalog.GetAll().Select(p => p.Name), wordToComplete));
    }
}
