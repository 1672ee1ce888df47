namespace BackupMail
{
    /// <summary>Where the engine reports progress and warnings; the cmdlets forward these to PowerShell's streams.</summary>
    public interface IOutputWriter
    {
        /// <summary>Writes a verbose message.</summary>
        void WriteVerbose(string message);

        /// <summary>Writes a warning.</summary>
        void WriteWarning(string message);

        /// <summary>Writes a debug message.</summary>
        void WriteDebug(string message);
    }

    /// <summary>An <see cref="IOutputWriter"/> that discards everything.</summary>
    public sealed class NullOutputWriter : IOutputWriter
    {
        /// <summary>The shared instance.</summary>
        public static readonly NullOutputWriter Instance = new NullOutputWriter();

        private NullOutputWriter() { }

        /// <inheritdoc />
        public void WriteVerbose(string message) { }

        /// <inheritdoc />
        public void WriteWarning(string message) { }

        /// <inheritdoc />
        public void WriteDebug(string message) { }
    }
}
