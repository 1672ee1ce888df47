using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Configuration;
using BackupMail.Templates;

namespace BackupMail.PowerShell
{
    /// <summary>Get-BackupMailTemplate: the templates, built-in defaults included; -Name takes wildcards.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupMailTemplate")]
    [OutputType(typeof(MailTemplate))]
    public sealed class GetBackupMailTemplateCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The templates' names; wildcards allowed. All templates when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string[] Name { get; set; }

        #endregion

        /// <summary>Writes the matching templates.</summary>
        protected override void ProcessRecord()
        {
            try
            {
                var templates = EngineServices.Open(this).Templates;
                if (Name == null)
                {
                    WriteObject(templates.GetAll(), true);
                    return;
                }

                foreach (var name in Name)
                {
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                        foreach (var template in templates.GetAll())
                        {
                            if (pattern.IsMatch(template.Name)) WriteObject(template);
                        }

                        continue;
                    }

                    try
                    {
                        WriteObject(templates.Find(name));
                    }
                    catch (BackupMailException error)
                    {
                        // One missing name does not hide the others.
                        WriteError(ErrorRecords.From(error));
                    }
                }
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
