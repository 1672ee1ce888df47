namespace BackupMail.Templates
{
    /// <summary>One placeholder as <c>Get-BackupMailTemplateValue</c> lists it.</summary>
    public sealed class PlaceholderInfo
    {
        /// <summary>Creates the description of a placeholder.</summary>
        public PlaceholderInfo(string name, string description, string example)
        {
            Name = name;
            Description = description;
            Example = example;
        }

        /// <summary>The canonical name (write it as <c>##Name##</c>).</summary>
        public string Name { get; }

        /// <summary>What the value is, in the UI language.</summary>
        public string Description { get; }

        /// <summary>An example value, as the test mail shows it.</summary>
        public string Example { get; }

        /// <summary>The token to paste into a template, e.g. <c>##BackupName##</c>.</summary>
        public string Token => "##" + Name + "##";
    }
}
