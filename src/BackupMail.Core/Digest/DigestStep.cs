#nullable enable
namespace BackupMail.Digest
{
    /// <summary>The points of a digest at which <see cref="DigestService"/> calls its fault injection (tests).</summary>
    internal enum DigestStep
    {
        /// <summary>The claim is in <c>digest.json</c>; nothing has been sent or queued yet.</summary>
        Claimed,

        /// <summary>The message is durably in the outbox and the claim says so; nothing has gone to the server yet.</summary>
        WrittenAhead,

        /// <summary>The dispatcher sent or queued the message; the watermarks are not moved yet.</summary>
        Queued,
    }
}
