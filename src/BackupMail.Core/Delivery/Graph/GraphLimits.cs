namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// The size limits of Microsoft Graph's <c>sendMail</c> in its MIME form, where the request body is the message
    /// encoded in base64 (four characters for every three bytes, without line breaks).
    /// </summary>
    public static class GraphLimits
    {
        /// <summary>The largest request body Microsoft Graph takes: 4 MB (4,194,304 bytes). A larger one is answered 413.</summary>
        public const long MaxRequestBytes = 4L * 1024 * 1024;

        /// <summary>
        /// What is kept below the exact limit, so that a message reported as fitting fits even if the service counts a
        /// few bytes more than the base64 text (16 KiB of MIME).
        /// </summary>
        public const long Margin = 16 * 1024;

        /// <summary>
        /// The largest composed (MIME) message that fits in one request, with <see cref="Margin"/>: 3,129,344 bytes.
        /// A session reports it as its <see cref="IMailTransportSession.MaxMessageSize"/>, so that an attached log
        /// is shrunk to fit.
        /// </summary>
        public const long MaxMessageBytes = MaxRequestBytes / 4 * 3 - Margin;

        /// <summary>The length of the base64 text (no line breaks, padded) of <paramref name="mimeBytes"/> bytes.</summary>
        public static long Base64Length(long mimeBytes) => (mimeBytes + 2) / 3 * 4;
    }
}
