namespace BackupMail.Notifications
{
    /// <summary>One line a program wrote.</summary>
    public sealed class ProgramOutputLine
    {
        /// <summary>Creates a line.</summary>
        public ProgramOutputLine(string text, bool isError)
        {
            Text = text;
            IsError = isError;
        }

        /// <summary>The text, without its line break.</summary>
        public string Text { get; }

        /// <summary>True when it came from standard error.</summary>
        public bool IsError { get; }
    }
}
