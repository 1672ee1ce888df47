using System.Collections.Generic;
using System.Linq;
using BackupMail.Configuration;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>Completes the names of the stored SMTP accounts.</summary>
    public sealed class AccountNameCompleter : ConfigNameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<string> NamesIn(BackupMailConfig config) => config.Accounts.Select(a => a.Name);
    }
}
