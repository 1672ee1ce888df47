namespace BackupMail.Attachments
{
    /// <summary>How a log was attached.</summary>
    public enum LogAttachmentKind
    {
        /// <summary>The file as it is (at most 1 MB).</summary>
        Plain,
        /// <summary>The whole file, gzip-compressed, named <c>&lt;file&gt;.gz</c>.</summary>
        Gzip,
        /// <summary>Only its last 1,000 lines, because even compressed it was too large; a note says so.</summary>
        Tail,
    }
}
