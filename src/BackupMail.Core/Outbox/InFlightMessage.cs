namespace BackupMail.Outbox
{
    /// <summary>
    /// A message written ahead into a dispatcher's journal and not yet done: its outbox item as it would be queued, and
    /// the message exactly as it is sent.
    /// </summary>
    internal sealed class InFlightMessage
    {
        public InFlightMessage(OutboxItem item, byte[] message)
        {
            Item = item;
            Message = message;
        }

        /// <summary>The item the message becomes when it is queued (its id, Message-Id, account and recipients).</summary>
        public OutboxItem Item { get; }

        /// <summary>The message's bytes, as <see cref="OutboxStore"/> keeps them.</summary>
        public byte[] Message { get; }

        /// <summary>Ends once the message is on disk: it must not be sent before.</summary>
        public System.Threading.Tasks.Task Synced { get; set; } = System.Threading.Tasks.Task.CompletedTask;

        /// <summary>The message as composed, when it is written ahead to be sent as it is (see <see cref="Notifications.MailDispatcher.WriteAhead(Notifications.OutgoingMail)"/>).</summary>
        public MimeKit.MimeMessage? Composed { get; set; }
    }
}
