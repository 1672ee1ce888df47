namespace BackupMail
{
    /// <summary>What BackupMail did with a message.</summary>
    public enum DeliveryAction
    {
        /// <summary>The server accepted the message.</summary>
        Sent,
        /// <summary>The notification rule said not to send for this status.</summary>
        Skipped,
        /// <summary>The message could not be delivered now and waits in the outbox.</summary>
        Queued,
        /// <summary>The message was refused for good and will not be retried.</summary>
        Failed,
    }
}
