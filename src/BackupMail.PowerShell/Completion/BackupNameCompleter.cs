using System.Collections.Generic;
using System.Linq;
using BackupMail.Configuration;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes the names of backup jobs that have a notification rule.</summary>
    public sealed class BackupNameCompleter : ConfigNameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<string> NamesIn(BackupMailConfig config) => config.Rules.Select(r => r.BackupName);
    }
}
