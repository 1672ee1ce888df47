using System;
using System.Threading;

namespace BackupMail
{
    /// <summary>
    /// The exceptions no code can recover from. Everything else, even a failure nobody foresaw, is turned into a
    /// result and an error where a notification must not be lost: the outbox flush, a send.
    /// </summary>
    internal static class FatalExceptions
    {
        /// <summary>True for an exception that must be left to end the process.</summary>
        public static bool Is(Exception error) =>
            error is OutOfMemoryException || error is StackOverflowException || error is ThreadAbortException || error is AccessViolationException;
    }
}
