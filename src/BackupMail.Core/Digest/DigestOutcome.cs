#nullable enable
namespace BackupMail.Digest
{
    /// <summary>What became of one digest: its result (sent, queued), or the error that stopped it.</summary>
    public sealed class DigestOutcome
    {
        internal DigestOutcome(BackupMailResult? result, BackupMailException? error)
        {
            Result = result;
            Error = error;
        }

        /// <summary>The digest's result; null when it failed (see <see cref="Error"/>).</summary>
        public BackupMailResult? Result { get; }

        /// <summary>Why the digest was not sent; null when it was sent or queued. Its runs count as digested when the message was kept in the outbox (<see cref="BackupMailException.QueueId"/>).</summary>
        public BackupMailException? Error { get; }
    }
}
