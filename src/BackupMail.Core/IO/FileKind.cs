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

    /// <summary>The words for a <see cref="FileKind"/> in messages ("a named pipe (FIFO)"), in the current UI culture.</summary>
    internal static class FileKindText
    {
        public static string Of(FileKind kind) => Resources.LogStrings.Format("LogKind" + kind);
    }
}
