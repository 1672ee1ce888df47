using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Templates;

namespace BackupMail.PowerShell
{
    /// <summary>Get-BackupMailTemplateValue: every placeholder a template may use, with a description and an example value.</summary>
    [Cmdlet(VerbsCommon.Get, "BackupMailTemplateValue")]
    [OutputType(typeof(PlaceholderInfo))]
    public sealed class GetBackupMailTemplateValueCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The placeholders' names; wildcards allowed. All when omitted.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(PlaceholderNameCompleter))]
        public string[] Name { get; set; }

        #endregion

        /// <summary>Writes the placeholders.</summary>
        protected override void EndProcessing()
        {
            foreach (var placeholder in PlaceholderCatalog.GetAll())
            {
                if (Name == null || Matches(placeholder.Name)) WriteObject(placeholder);
            }
        }

        private bool Matches(string name)
        {
            foreach (var pattern in Name)
            {
                if (new WildcardPattern(pattern, WildcardOptions.IgnoreCase).IsMatch(name)) return true;
            }

            return false;
        }
    }
}
