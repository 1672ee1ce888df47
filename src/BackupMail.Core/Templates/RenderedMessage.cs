namespace BackupMail.Templates
{
    /// <summary>A template with its placeholders replaced: ready to become a MIME message.</summary>
    public sealed class RenderedMessage
    {
        /// <summary>Creates a rendered message.</summary>
        public RenderedMessage(string subject, string body, BodyFormat bodyFormat)
            : this(subject, body, bodyFormat, null)
        {
        }

        /// <summary>Creates a rendered message with the plain-text alternative of an HTML body.</summary>
        public RenderedMessage(string subject, string body, BodyFormat bodyFormat, string? textBody)
        {
            Subject = subject;
            Body = body;
            BodyFormat = bodyFormat;
            TextBody = string.IsNullOrEmpty(textBody) ? null : textBody;
        }

        /// <summary>One line, no CR or LF.</summary>
        public string Subject { get; }

        /// <summary>The body text or HTML.</summary>
        public string Body { get; }

        /// <summary>Text or HTML.</summary>
        public BodyFormat BodyFormat { get; }

        /// <summary>
        /// For an HTML body, the plain-text alternative the template gives; null when there is none, and the text part
        /// is derived from the HTML (see <see cref="HtmlToText"/>).
        /// </summary>
        public string? TextBody { get; }
    }
}
