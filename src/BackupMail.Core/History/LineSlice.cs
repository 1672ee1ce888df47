#nullable enable
namespace BackupMail.History
{
    /// <summary>
    /// One line of a file as <see cref="JournalLines"/> found it, without its line feed: a window on a buffer that is
    /// reused as soon as the next line is asked for.
    /// </summary>
    internal readonly struct LineSlice
    {
        internal LineSlice(byte[] buffer, int offset, int length)
        {
            Buffer = buffer;
            Offset = offset;
            Length = length;
        }

        /// <summary>The buffer holding the line.</summary>
        internal byte[] Buffer { get; }

        /// <summary>Where the line starts in <see cref="Buffer"/>.</summary>
        internal int Offset { get; }

        /// <summary>The line's length in bytes.</summary>
        internal int Length { get; }
    }
}
