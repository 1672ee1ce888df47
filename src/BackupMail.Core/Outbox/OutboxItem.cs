using System;
using System.Linq;
using System.Text.Json.Serialization;
using BackupMail.Jobs;

namespace BackupMail.Outbox
{
    /// <summary>
    /// A message waiting in the outbox: the metadata kept beside its complete MIME text.
    /// </summary>
    public sealed class OutboxItem
    {
        /// <summary>The item's id (sortable by creation time).</summary>
        // Null only while an item is being made: OutboxStore gives every item it queues, lists or leases its id (one read
        // from a file whose id does not match is listed as damaged, under the file's id).
        public string Id { get; set; } = null!;

        /// <summary>The backup job the message is about.</summary>
        public string? BackupName { get; set; }

        /// <summary>The outcome of the backup run the message reports.</summary>
        public BackupStatus Status { get; set; }

        /// <summary>The account to send it with.</summary>
        public string? Account { get; set; }

        /// <summary>The envelope recipients named in To (after a partial delivery: every recipient still waiting).</summary>
        public RecipientList To { get; set; } = new RecipientList();

        /// <summary>The envelope recipients named in Cc.</summary>
        public RecipientList Cc { get; set; } = new RecipientList();

        /// <summary>The blind copy recipients: envelope recipients named in no header that is sent.</summary>
        public RecipientList Bcc { get; set; } = new RecipientList();

        /// <summary>Everyone the message still goes to: <see cref="To"/>, <see cref="Cc"/> and <see cref="Bcc"/>, each once.</summary>
        internal string[] EnvelopeRecipients() =>
            (To ?? new RecipientList()).Concat(Cc ?? new RecipientList()).Concat(Bcc ?? new RecipientList())
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        /// <summary>After a partial delivery: the item waits on for <paramref name="deferred"/> alone, all kept in <see cref="To"/>.</summary>
        internal void WaitFor(string[] deferred)
        {
            To = deferred;
            Cc = Array.Empty<string>();
            Bcc = Array.Empty<string>();
        }

        /// <summary>The message's subject.</summary>
        public string? Subject { get; set; }

        /// <summary>The message's Message-Id (the same on every attempt).</summary>
        public string? MessageId { get; set; }

        /// <summary>When the message was first queued.</summary>
        public DateTimeOffset Created { get; set; }

        /// <summary>How many times delivery was tried.</summary>
        public int Attempts { get; set; }

        /// <summary>
        /// The stable error ID of the last failure (e.g. <c>SmtpConnectFailed</c>, <c>SmtpRecipientRejected</c>,
        /// <c>QueueItemDamaged</c>), beside its text in <see cref="LastError"/>; null while no attempt failed.
        /// </summary>
        public string? LastErrorId { get; set; }

        /// <summary>
        /// True when the item's files are damaged (metadata unreadable, message missing or unparseable): it can never be
        /// sent as it is. Such an item is listed with what is known (its id and the damage in <see cref="LastError"/>).
        /// </summary>
        [JsonIgnore]
        public bool IsDamaged { get; set; }

        /// <summary>Why the first attempt failed.</summary>
        public string? FirstError { get; set; }

        /// <summary>Why the latest attempt failed.</summary>
        public string? LastError { get; set; }

        /// <summary>When delivery was last tried.</summary>
        public DateTimeOffset? LastAttempt { get; set; }

        /// <summary>When the next automatic attempt is due.</summary>
        public DateTimeOffset NextAttempt { get; set; }

        /// <summary>True when the item is due at <paramref name="now"/>.</summary>
        public bool IsDue(DateTimeOffset now) => NextAttempt <= now;
    }
}
