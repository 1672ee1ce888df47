#nullable enable
using System;
using BackupMail.Jobs;

namespace BackupMail.History
{
    /// <summary>
    /// What a reader of the journal may reject before a line is parsed in full (no strings made for runs nobody wants):
    /// the sequence, the backup name and the status.
    /// </summary>
    internal sealed class RunLineFilter
    {
        /// <summary>Only runs with a greater sequence.</summary>
        internal long AfterSequence { get; set; }

        /// <summary>Only runs whose backup name this accepts; null for all.</summary>
        internal Func<string, bool>? Name { get; set; }

        /// <summary>Only runs with one of these statuses; null for all.</summary>
        internal BackupStatus[]? Statuses { get; set; }

        internal bool Accepts(BackupStatus status)
        {
            if (Statuses == null) return true;
            foreach (var accepted in Statuses)
            {
                if (accepted == status) return true;
            }

            return false;
        }
    }
}
