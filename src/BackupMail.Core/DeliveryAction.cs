namespace BackupMail
{
    /// <summary>What BackupMail did with a message.</summary>
    // Int64-based: PowerShell's ConvertTo-Json writes such an enum by name, not as a number (see RecipientList for Export-Csv).
    public enum DeliveryAction : long
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
