using System;
using System.Collections.Generic;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Delivery
{
    /// <summary>Builds the MIME message: headers from safe values only, UTF-8 text or HTML body, attachments.</summary>
    public static class MessageComposer
    {
        /// <summary>Composes a message from a rendered template.</summary>
        public static MimeMessage Compose(string from, IReadOnlyList<string> to, RenderedMessage rendered, IEnumerable<MimeEntity> attachments = null) =>
            throw new NotImplementedException();
    }
}
