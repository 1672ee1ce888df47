namespace BackupMail.Notifications
{
    /// <summary>Whether a prepared notification goes out.</summary>
    public enum NotificationDecision
    {
        /// <summary>The mode asks for a message for this status.</summary>
        Send,
        /// <summary>The mode says no message for this status.</summary>
        Skip,
    }
}
