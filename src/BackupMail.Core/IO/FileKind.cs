namespace BackupMail.IO
{
    /// <summary>What a path or an open handle is, as far as the platform tells without reading it.</summary>
    internal enum FileKind
    {
        /// <summary>The platform cannot tell (no query available, or it failed for another reason than a missing file).</summary>
        Unknown,
        /// <summary>Nothing at the path (also a link whose target is missing).</summary>
        Missing,
        /// <summary>A regular file.</summary>
        Regular,
        /// <summary>A directory.</summary>
        Directory,
        /// <summary>A named pipe (FIFO): opening it for reading blocks until a writer comes.</summary>
        NamedPipe,
        /// <summary>A character device such as <c>/dev/zero</c>, <c>/dev/random</c> or a terminal.</summary>
        CharacterDevice,
        /// <summary>A block device (a disk).</summary>
        BlockDevice,
        /// <summary>A Unix domain socket.</summary>
        Socket,
    }

    /// <summary>What callers ask of a <see cref="FileKind"/>.</summary>
    internal static class FileKinds
    {
        /// <summary>
        /// True for something that is there but is no regular file (a directory, FIFO, device or socket): it is not read.
        /// Where the platform cannot tell (<see cref="FileKind.Unknown"/>), the file is read, with a bound.
        /// </summary>
        public static bool IsSpecial(this FileKind kind) => kind != FileKind.Regular && kind != FileKind.Unknown && kind != FileKind.Missing;

        /// <summary>The words for <paramref name="kind"/> in messages ("a named pipe (FIFO)"), in the current UI culture.</summary>
        public static string Describe(this FileKind kind) => Resources.LogStrings.Format("LogKind" + kind);
    }
}
