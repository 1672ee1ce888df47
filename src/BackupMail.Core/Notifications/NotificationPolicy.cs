using System;
using BackupMail.Jobs;
using BackupMail.Rules;

namespace BackupMail.Notifications
{
    /// <summary>The table of DESIGN.md §3: which modes send for which status.</summary>
    public static class NotificationPolicy
    {
        /// <summary>True when <paramref name="mode"/> asks for a message about a run that ended with <paramref name="status"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">An undefined mode.</exception>
        public static bool ShouldSend(NotificationMode mode, BackupStatus status)
        {
            switch (mode)
            {
                case NotificationMode.Never: return false;
                case NotificationMode.Always: return true;
                case NotificationMode.OnFailure: return status == BackupStatus.Failure;
                case NotificationMode.OnWarning: return status == BackupStatus.Warning || status == BackupStatus.Failure;
                default: throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
            }
        }

        /// <summary>
        /// True when a run that <paramref name="mode"/> would not send about is a recovery worth a message: the mode is
        /// OnFailure or OnWarning, the run succeeded, and the job's previous run was one the mode sent about.
        /// </summary>
        public static bool IsRecovery(NotificationMode mode, BackupStatus status, BackupStatus? previousStatus) =>
            (mode == NotificationMode.OnFailure || mode == NotificationMode.OnWarning)
            && status == BackupStatus.Success
            && previousStatus.HasValue
            && ShouldSend(mode, previousStatus.Value);
    }
}
