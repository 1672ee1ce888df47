namespace BackupMail.Templates
{
    /// <summary>The format of a template's body.</summary>
    public enum BodyFormat : long
    {
        /// <summary>Plain text.</summary>
        Text,
        /// <summary>HTML; placeholder values are HTML-encoded.</summary>
        Html,
    }
}
