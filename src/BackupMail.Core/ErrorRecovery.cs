namespace BackupMail
{
    /// <summary>
    /// What can make a failed delivery succeed later. Set where the error is created; it decides whether the message
    /// waits in the outbox (<see cref="Retry"/>, <see cref="Administrator"/>) or is kept in <c>outbox/failed</c>
    /// (<see cref="Never"/>).
    /// </summary>
    public enum ErrorRecovery
    {
        /// <summary>Not a failure of a delivery (a wrong argument, a broken configuration): nothing to retry.</summary>
        None,

        /// <summary>Trying again later may succeed by itself: the server is down, busy or lost the connection.</summary>
        Retry,

        /// <summary>Succeeds once the administrator fixes something: a password, a pinned certificate, the vault, TLS.</summary>
        Administrator,

        /// <summary>Can never succeed as it is: the server refused this message for good.</summary>
        Never,
    }
}
