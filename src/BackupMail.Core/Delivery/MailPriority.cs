namespace BackupMail.Delivery
{
    /// <summary>
    /// How urgent a message is, as <c>Send-MailMessage -Priority</c> says it. High and Low set the <c>X-Priority</c>,
    /// <c>Importance</c> and <c>Priority</c> headers (see <see cref="MessageComposer.AddHeaders"/>); Normal sets none.
    /// </summary>
    public enum MailPriority
    {
        /// <summary>No priority headers.</summary>
        Normal,
        /// <summary><c>X-Priority: 1 (Highest)</c>, <c>Importance: high</c>, <c>Priority: urgent</c>.</summary>
        High,
        /// <summary><c>X-Priority: 5 (Lowest)</c>, <c>Importance: low</c>, <c>Priority: non-urgent</c>.</summary>
        Low,
    }
}
