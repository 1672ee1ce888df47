using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Configuration;
using BackupMail.PowerShell.Resources;
using BackupMail.Rules;

namespace BackupMail.PowerShell
{
    /// <summary>Get-BackupNotificationRule: the stored rules; -BackupName takes wildcards.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupNotificationRule")]
    [OutputType(typeof(NotificationRule))]
    public sealed class GetBackupNotificationRuleCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The backup jobs' names; wildcards allowed. All rules when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        public string[] BackupName { get; set; }

        #endregion

        /// <summary>Writes the matching rules.</summary>
        protected override void ProcessRecord()
        {
            try
            {
                var rules = EngineServices.Open(this).Rules;
                if (BackupName == null)
                {
                    WriteObject(rules.GetAll(), true);
                    return;
                }

                foreach (var name in BackupName)
                {
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                        foreach (var rule in rules.GetAll())
                        {
                            if (pattern.IsMatch(rule.BackupName)) WriteObject(rule);
                        }

                        continue;
                    }

                    var found = rules.Find(name);
                    if (found != null)
                    {
                        WriteObject(found);
                        continue;
                    }

                    // One missing name does not hide the others.
                    WriteError(ErrorRecords.From(new BackupMailException(ErrorIds.RuleNotFound, BackupMailErrorKind.ObjectNotFound,
                        NotifyCmdletStrings.Format("RuleNotFound", name), name)));
                }
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
