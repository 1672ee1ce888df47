using System.Collections.Generic;
using System.Linq;
using BackupMail.Configuration;
using BackupMail.Templates;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes template names: the stored ones and the built-in <c>Default</c>, <c>Report</c> and <c>Digest</c>.</summary>
    public sealed class TemplateNameCompleter : ConfigNameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<string> NamesIn(BackupMailConfig config) =>
            DefaultTemplates.BuiltInNames.Concat(config.Templates.Select(t => t.Name));
    }
}
