using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Configuration;
using BackupMail.PowerShell.Resources;
using BackupMail.Templates;

namespace BackupMail.PowerShell
{
    /// <summary>Reset-BackupMailTemplate: puts a template back to the built-in default.</summary>
    [Cmdlet(VerbsCommon.Reset, "BackupMailTemplate", SupportsShouldProcess = true)]
    [OutputType(typeof(MailTemplate))]
    public sealed class ResetBackupMailTemplateCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The template's name (default Default).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Name { get; set; } = "Default";

        /// <summary>Returns the template as it is after the reset.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        /// <summary>Resets the template.</summary>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("SetTemplateTarget", Name), NotifyCmdletStrings.Format("ResetTemplateAction")))
            {
                return;
            }

            try
            {
                var templates = EngineServices.Open(this).Templates;
                templates.Reset(Name);
                // Default and Report are back to the built-in ones; any other template is gone, so there is nothing to pass on.
                if (PassThru && DefaultTemplates.GetBuiltIn(Name, null) != null)
                {
                    WriteObject(templates.Find(Name));
                }
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
