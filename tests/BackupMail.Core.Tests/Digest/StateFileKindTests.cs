#nullable enable
using System;
using System.IO;
using BackupMail.Digest;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using BackupMail.Watchdog;
using Xunit;

namespace BackupMail.Tests.Digest
{
    /// <summary>
    /// What stands in place of digest.json or watchdog.json: a FIFO (reading it would wait for a writer forever), a link
    /// to /dev/zero (it never ends), a directory, a file too large to be a state. Each is refused at once as a damaged
    /// state, with its error ID, and never hangs the digest or the watchdog.
    /// </summary>
    public sealed class StateFileKindTests : IDisposable
    {
        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly string _journal;

        public StateFileKindTests()
        {
            _journal = _temp.Combine("journal");
            Directory.CreateDirectory(_journal);
        }

        public void Dispose() => _temp.Dispose();

        [Theory]
        [InlineData("a FIFO", "named pipe")]
        [InlineData("a link to /dev/zero", "device")]
        [InlineData("a directory", "directory")]
        [InlineData("17 MB of zeros", "larger than 16 MiB")]
        public void The_digest_state_refuses_it_at_once(string what, string reason)
        {
            var store = new DigestStateStore(_journal);
            PutInPlace(store.FilePath, what);

            var error = TestDeadline.Run(() => Assert.Throws<BackupMailException>(() => store.Load()), Deadline);

            Assert.Equal(ErrorIds.DigestStateCorrupt, error.ErrorId);
            Assert.Contains(reason, error.Message);
        }

        [Theory]
        [InlineData("a FIFO", "named pipe")]
        [InlineData("a link to /dev/zero", "device")]
        [InlineData("a directory", "directory")]
        [InlineData("17 MB of zeros", "larger than 16 MiB")]
        public void The_watchdog_state_refuses_it_at_once(string what, string reason)
        {
            var path = WatchdogCheck.StatePath(_journal);
            PutInPlace(path, what);

            var error = TestDeadline.Run(() => Assert.Throws<BackupMailException>(() => WatchdogState.Load(path)), Deadline);

            Assert.Equal(ErrorIds.WatchdogStateCorrupt, error.ErrorId);
            Assert.Contains(reason, error.Message);
        }

        private static void PutInPlace(string path, string what)
        {
            switch (what)
            {
                case "a FIFO":
                    using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
                    {
                        mkfifo.WaitForExit();
                        Assert.Equal(0, mkfifo.ExitCode);
                    }

                    break;
                case "a link to /dev/zero":
                    File.CreateSymbolicLink(path, "/dev/zero");
                    break;
                case "a directory":
                    Directory.CreateDirectory(path);
                    break;
                default:
                    using (var file = File.Create(path))
                    {
                        file.SetLength(17L * 1024 * 1024);
                    }

                    break;
            }
        }
    }
}
