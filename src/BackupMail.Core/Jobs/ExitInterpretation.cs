namespace BackupMail.Jobs
{
    /// <summary>What an exit code means: the status and a sentence for the mail (<c>##ExitStatus##</c>).</summary>
    public sealed class ExitInterpretation
    {
        /// <summary>Creates an interpretation.</summary>
        public ExitInterpretation(BackupStatus status, string sentence)
        {
            Status = status;
            Sentence = sentence;
        }

        /// <summary>Success, Warning or Failure.</summary>
        public BackupStatus Status { get; }

        /// <summary>A human sentence, e.g. "robocopy reported exit code 1: files were copied successfully".</summary>
        public string Sentence { get; }
    }
}
