namespace BackupMail.Templates
{
    /// <summary>A template with its placeholders replaced: ready to become a MIME message.</summary>
    public sealed class RenderedMessage
    {
        /// <summary>Creates a rendered message.</summary>
        public RenderedMessage(string subject, string body, BodyFormat bodyFormat)
        {
            Subject = subject;
            Body = body;
            BodyFormat = bodyFormat;
        }

        /// <summary>One line, no CR or LF.</summary>
        public string Subject { get; }

        /// <summary>The body text or HTML.</summary>
        public string Body { get; }

        /// <summary>Text or HTML.</summary>
        public BodyFormat BodyFormat { get; }
    }
}
