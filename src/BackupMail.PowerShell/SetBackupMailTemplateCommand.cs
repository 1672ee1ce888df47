using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Configuration;
using BackupMail.PowerShell.Resources;
using BackupMail.Templates;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Set-BackupMailTemplate: creates or changes a named template. Every <c>##Placeholder##</c> is checked when
    /// saved; an unknown one is refused (TemplatePlaceholderUnknown) naming the nearest valid one.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "BackupMailTemplate", SupportsShouldProcess = true)]
    [OutputType(typeof(MailTemplate))]
    public sealed class SetBackupMailTemplateCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The template's name (default Default).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Name { get; set; } = "Default";

        /// <summary>The subject line; rendered to one line.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(PlaceholderCompleter))]
        public string Subject { get; set; }

        /// <summary>The body.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(PlaceholderCompleter))]
        public string Body { get; set; }

        /// <summary>Text or Html (values are HTML-encoded in HTML bodies).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public BodyFormat BodyFormat { get; set; }

        /// <summary>
        /// The plain-text alternative of an HTML body (sent as text/plain beside text/html); an empty string removes it,
        /// and the text is then derived from the HTML.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(PlaceholderCompleter))]
        public string TextBody { get; set; }

        /// <summary>
        /// The culture of the template's values: language, numbers and dates (e.g. de-DE, en-US); an empty string removes
        /// it, so the current UI culture at send time is used.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(CultureNameCompleter))]
        public string Culture { get; set; }

        /// <summary>Returns the saved template.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        /// <summary>Saves the template.</summary>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess(NotifyCmdletStrings.Format("SetTemplateTarget", Name), NotifyCmdletStrings.Format("SetTemplateAction")))
            {
                return;
            }

            try
            {
                var format = MyInvocation.BoundParameters.ContainsKey(nameof(BodyFormat)) ? BodyFormat : (BodyFormat?)null;
                var saved = EngineServices.Open(this).Templates.Set(Name, Subject, Body, format, TextBody, Culture);
                if (PassThru) WriteObject(saved);
            }
            catch (BackupMailException error)
            {
                WriteError(ErrorRecords.From(error));
            }
        }
    }
}
