using System;

namespace BackupMail.Delivery
{
    /// <summary>What the server said when it accepted a message.</summary>
    public sealed class SendReceipt
    {
        /// <summary>The message's Message-Id.</summary>
        public string? MessageId { get; set; }
        /// <summary>The server's reply to the end of DATA.</summary>
        public string? ServerResponse { get; set; }
        /// <summary>Recipients the server refused for good (5xx) while accepting others.</summary>
        public string[] RejectedRecipients { get; set; } = Array.Empty<string>();

        /// <summary>Recipients the server refused for now (4xx) while accepting others: they may be accepted later.</summary>
        public string[] DeferredRecipients { get; set; } = Array.Empty<string>();
    }
}
