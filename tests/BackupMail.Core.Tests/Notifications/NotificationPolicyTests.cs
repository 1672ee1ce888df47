using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Rules;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    public class NotificationPolicyTests
    {
        // DESIGN.md §3: OnFailure sends on Failure; OnWarning on Warning or Failure.
        [Theory]
        [InlineData(NotificationMode.Never, BackupStatus.Success, false)]
        [InlineData(NotificationMode.Never, BackupStatus.Warning, false)]
        [InlineData(NotificationMode.Never, BackupStatus.Failure, false)]
        [InlineData(NotificationMode.Always, BackupStatus.Success, true)]
        [InlineData(NotificationMode.Always, BackupStatus.Warning, true)]
        [InlineData(NotificationMode.Always, BackupStatus.Failure, true)]
        [InlineData(NotificationMode.OnFailure, BackupStatus.Success, false)]
        [InlineData(NotificationMode.OnFailure, BackupStatus.Warning, false)]
        [InlineData(NotificationMode.OnFailure, BackupStatus.Failure, true)]
        [InlineData(NotificationMode.OnWarning, BackupStatus.Success, false)]
        [InlineData(NotificationMode.OnWarning, BackupStatus.Warning, true)]
        [InlineData(NotificationMode.OnWarning, BackupStatus.Failure, true)]
        public void Every_mode_against_every_status(NotificationMode mode, BackupStatus status, bool sends)
        {
            Assert.Equal(sends, NotificationPolicy.ShouldSend(mode, status));
        }

        [Fact]
        public void An_undefined_mode_is_refused()
        {
            Assert.Throws<System.ArgumentOutOfRangeException>(() => NotificationPolicy.ShouldSend((NotificationMode)42, BackupStatus.Failure));
        }
    }
}
