using System.Linq;
using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Accounts;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Gets the stored SMTP accounts. Never a password: that stays in the vault.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BackupMailAccount")]
    [OutputType(typeof(MailAccount))]
    public sealed class GetBackupMailAccountCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The accounts' names; wildcards allowed. All accounts when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[] Name { get; set; }

        #endregion

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            try
            {
                var services = EngineServices.Open(this);
                var accounts = services.Accounts.GetAll();
                if (Name == null)
                {
                    WriteObject(accounts, enumerateCollection: true);
                    return;
                }

                foreach (var name in Name)
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        // Find says what is missing and how to create it.
                        WriteAccount(() => services.Accounts.Find(name));
                        continue;
                    }

                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    WriteObject(accounts.Where(a => pattern.IsMatch(a.Name)), enumerateCollection: true);
                }
            }
            catch (BackupMailException ex)
            {
                WriteError(ErrorRecords.From(ex));
            }
        }

        private void WriteAccount(System.Func<MailAccount> find)
        {
            try
            {
                WriteObject(find());
            }
            catch (BackupMailException ex)
            {
                WriteError(ErrorRecords.From(ex));
            }
        }
    }
}
