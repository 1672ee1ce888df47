using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupMail.Configuration;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes the names of backup jobs that have a notification rule.</summary>
    public sealed class BackupNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() => Completions.Matching(ConfigStore.OpenDefault().Load().Rules.Select(r => r.BackupName), wordToComplete));
    }
}
