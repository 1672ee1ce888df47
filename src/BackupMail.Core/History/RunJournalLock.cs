#nullable enable
using System;
using System.Threading;

namespace BackupMail.History
{
    /// <summary>What <see cref="RunJournal.Lock"/> returns: disposing it (once; again is harmless) releases one hold.</summary>
    internal sealed class RunJournalLock : IDisposable
    {
        private RunJournal? _journal;

        internal RunJournalLock(RunJournal journal) => _journal = journal;

        /// <summary>Releases this hold of the lock; the file lock goes with the last one.</summary>
        public void Dispose() => Interlocked.Exchange(ref _journal, null)?.ReleaseLock();
    }
}
