namespace BackupMail.Templates
{
    /// <summary>A subject and body with <c>##Placeholder##</c> tokens.</summary>
    public sealed class MailTemplate
    {
        /// <summary>The template's name (default <c>Default</c>).</summary>
        public string Name { get; set; } = "Default";

        /// <summary>The subject line template (always rendered to one line).</summary>
        public string? Subject { get; set; }

        /// <summary>The body template.</summary>
        public string? Body { get; set; }

        /// <summary>Text or HTML.</summary>
        public BodyFormat BodyFormat { get; set; } = BodyFormat.Text;

        /// <summary>
        /// For an HTML body, the plain-text alternative sent beside it (multipart/alternative); null or empty derives
        /// the text from the HTML. Not used by a text body.
        /// </summary>
        public string? TextBody { get; set; }

        /// <summary>
        /// The culture of the template's numbers, dates and value texts (e.g. <c>de-DE</c>); null or empty means the
        /// current UI culture at send time.
        /// </summary>
        public string? Culture { get; set; }

        /// <summary>True when this is a built-in default that the user has not changed.</summary>
        public bool IsBuiltIn { get; set; }

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<BackupMail.Configuration.UnknownJsonProperty>? UnknownProperties { get; set; }
    }
}
