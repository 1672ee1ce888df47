using System;
using BackupMail.Jobs;

namespace BackupMail
{
    /// <summary>What happened to one notification or test e-mail: the object every send returns.</summary>
    public sealed class BackupMailResult
    {
        /// <summary>The backup job the message was about.</summary>
        public string? BackupName { get; set; }

        /// <summary>The outcome of the backup job.</summary>
        public BackupStatus Status { get; set; }

        /// <summary>Whether the message was sent, skipped by the rule, queued in the outbox or failed.</summary>
        public DeliveryAction Action { get; set; }

        /// <summary>The envelope recipients.</summary>
        public RecipientList To { get; set; } = new RecipientList();

        /// <summary>The rendered subject line.</summary>
        public string? Subject { get; set; }

        /// <summary>The Message-Id header of the message (stable across retries).</summary>
        public string? MessageId { get; set; }

        /// <summary>The server's reply to the end of DATA, when the message was sent.</summary>
        public string? ServerResponse { get; set; }

        /// <summary>The outbox item id, when the message was queued.</summary>
        public string? QueueId { get; set; }

        /// <summary>Recipients the server refused while accepting the others.</summary>
        public RecipientList RejectedRecipients { get; set; } = new RecipientList();

        /// <summary>The backup job's exit code, when one was given or measured.</summary>
        public int? ExitCode { get; set; }

        /// <summary>Why the message was skipped, queued or failed; empty when it was sent.</summary>
        public string? Reason { get; set; }

        /// <summary>
        /// The stable error ID behind <see cref="Reason"/> when the message was queued or failed (e.g. <c>SmtpConnectFailed</c>,
        /// <c>SmtpRecipientRejected</c>), for scripts to test; null when it was sent or skipped.
        /// </summary>
        public string? ErrorId { get; set; }
    }
}
