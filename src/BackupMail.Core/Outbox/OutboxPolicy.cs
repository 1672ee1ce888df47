namespace BackupMail.Outbox
{
    /// <summary>
    /// Which delivery failures keep a message in the outbox, and which are final: read from the error's
    /// <see cref="BackupMailException.Recovery"/>, which is set where the error is created.
    /// </summary>
    public static class OutboxPolicy
    {
        /// <summary>True when <paramref name="error"/> means "not now" rather than "never" for this message.</summary>
        public static bool ShouldQueue(BackupMailException error) =>
            error != null && (error.Recovery == ErrorRecovery.Retry || error.Recovery == ErrorRecovery.Administrator);

        /// <summary>True when the server refused the message itself: sending it again unchanged would be refused again.</summary>
        public static bool IsPermanent(BackupMailException error) => error != null && error.Recovery == ErrorRecovery.Never;
    }
}
