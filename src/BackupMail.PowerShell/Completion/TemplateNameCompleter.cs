using System.Collections.Generic;
using System.Linq;
using BackupMail.Configuration;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes template names: the stored ones and the built-in <c>Default</c>.</summary>
    public sealed class TemplateNameCompleter : ConfigNameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<string> NamesIn(BackupMailConfig config) =>
            new[] { "Default" }.Concat(config.Templates.Select(t => t.Name));
    }
}
