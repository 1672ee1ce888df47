using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupMail.Configuration;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes template names: the stored ones and the built-in <c>Default</c>.</summary>
    public sealed class TemplateNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() => Completions.Matching(
                new[] { "Default" }.Concat(ConfigStore.OpenDefault().Load().Templates.Select(t => t.Name)), wordToComplete));
    }
}
