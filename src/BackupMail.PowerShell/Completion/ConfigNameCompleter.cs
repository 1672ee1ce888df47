using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupMail.Configuration;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes names stored in <c>config.json</c> (accounts, templates, backup jobs).</summary>
    public abstract class ConfigNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() => Completions.Matching(NamesIn(ConfigStore.OpenDefault().Load()), wordToComplete));

        /// <summary>The names this completer offers.</summary>
        protected abstract IEnumerable<string> NamesIn(BackupMailConfig config);
    }
}
