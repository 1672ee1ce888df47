using System;
using System.Collections.Generic;
using BackupMail.Jobs;
using BackupMail.Templates;
using MimeKit;

namespace BackupMail.Notifications
{
    /// <summary>
    /// One message for <see cref="MailDispatcher.Send(OutgoingMail, System.Threading.CancellationToken)"/>: who gets it,
    /// through which account, the rendered subject and body, and what the result should say about the backup.
    /// </summary>
    public sealed class OutgoingMail
    {
        /// <summary>The account to send with; null or empty means <c>Default</c>.</summary>
        public string? Account { get; set; }

        /// <summary>The envelope and To: recipients, already validated (see <c>MailAddressList.Parse</c>).</summary>
        public IReadOnlyList<string> To { get; set; } = Array.Empty<string>();

        /// <summary>Copy recipients, already validated; empty for none.</summary>
        public IReadOnlyList<string> Cc { get; set; } = Array.Empty<string>();

        /// <summary>Blind copy recipients, already validated; empty for none. They receive the message and appear in no header sent.</summary>
        public IReadOnlyList<string> Bcc { get; set; } = Array.Empty<string>();

        /// <summary>Reply-To addresses, already validated; empty for the sender.</summary>
        public IReadOnlyList<string> ReplyTo { get; set; } = Array.Empty<string>();

        /// <summary>The message's priority.</summary>
        public BackupMail.Delivery.MailPriority Priority { get; set; }

        /// <summary>The rendered template: subject, body and body format.</summary>
        public RenderedMessage Message { get; set; } = null!; // required: MailDispatcher.Send refuses a mail without one

        /// <summary>Attachments (for example the compressed log); null or empty for none.</summary>
        public IReadOnlyList<MimeEntity>? Attachments { get; set; }

        /// <summary>The backup job the message is about (copied to the result).</summary>
        public string? BackupName { get; set; }

        /// <summary>The outcome of the backup run (copied to the result).</summary>
        public BackupStatus Status { get; set; }

        /// <summary>The backup program's exit code, when known (copied to the result).</summary>
        public int? ExitCode { get; set; }
    }
}
