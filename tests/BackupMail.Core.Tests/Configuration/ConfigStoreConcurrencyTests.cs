using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Configuration;
using BackupMail.Rules;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    public class ConfigStoreConcurrencyTests : IDisposable
    {
        private static readonly TimeSpan TestBound = TimeSpan.FromMinutes(3);

        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public async Task Eight_threads_of_25_updates_each_lose_nothing()
        {
            const int threads = 8;
            const int perThread = 25;
            var directory = _temp.Combine("config");
            using (var start = new Barrier(threads))
            {
                var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
                    () =>
                    {
                        // Each thread has its own store object, as separate cmdlet calls would.
                        var store = new ConfigStore(directory) { LockTimeout = TestBound };
                        start.SignalAndWait(TestBound);
                        for (var i = 0; i < perThread; i++)
                        {
                            store.Update(c =>
                            {
                                c.Rules.Add(new NotificationRule { BackupName = $"job-{t}-{i}", To = new[] { "a@x.org" } });
                                return 0;
                            });
                        }
                    },
                    TaskCreationOptions.LongRunning)).ToArray();

                await Bounded.Within(Task.WhenAll(tasks), TestBound, "the writers");
            }

            var config = new ConfigStore(directory).Load();
            var names = config.Rules.Select(r => r.BackupName).ToList();
            Assert.Equal(threads * perThread, names.Count);
            Assert.Equal(threads * perThread, names.Distinct().Count());
            Assert.Contains("job-0-0", names);
            Assert.Contains("job-7-24", names);
            Assert.Equal(new[] { "config.json", "config.lock" }, ConfigStoreTests.FileNames(new ConfigStore(directory)));
        }

        [Fact]
        public async Task Readers_never_see_a_half_written_file()
        {
            var directory = _temp.Combine("config");
            var writer = new ConfigStore(directory) { LockTimeout = TestBound };
            writer.Update(c => 0);
            using (var done = new CancellationTokenSource())
            {
                var reads = 0;
                var reader = Task.Run(() =>
                {
                    var store = new ConfigStore(directory);
                    var seen = 0;
                    while (!done.IsCancellationRequested)
                    {
                        var count = store.Load().Rules.Count; // throws ConfigurationCorrupt on a torn file
                        // The writer only adds rules: a reader sees whole versions, one after another, never an older one.
                        Assert.InRange(count, seen, 60);
                        seen = count;
                        Interlocked.Increment(ref reads);
                    }
                });

                var started = Stopwatch.StartNew();
                while (Volatile.Read(ref reads) == 0 && !reader.IsCompleted)
                {
                    Assert.True(started.Elapsed < TestBound, "the reader did not start");
                    Thread.Sleep(1);
                }

                for (var i = 0; i < 60; i++)
                {
                    writer.Update(c =>
                    {
                        c.Rules.Add(new NotificationRule { BackupName = "r" + i, To = new[] { new string('x', 200) + "@example.com" } });
                        return 0;
                    });
                }

                done.Cancel();
                await Bounded.Within(reader, TestBound, "the reader");
            }

            Assert.Equal(60, new ConfigStore(directory).Load().Rules.Count);
        }

        [Fact]
        public async Task A_lock_held_by_another_process_gives_ConfigurationLocked_then_is_waited_for()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || !File.Exists("/usr/bin/flock"))
            {
                return; // Needs util-linux flock(1), which takes the same flock(2) lock .NET uses for FileShare.None.
            }

            var directory = _temp.Combine("config");
            Directory.CreateDirectory(directory);
            var store = new ConfigStore(directory) { LockTimeout = TimeSpan.FromMilliseconds(500) };
            var ready = Path.Combine(directory, "holder-ready");

            // The other process holds config.lock until we delete the "hold" file.
            var hold = Path.Combine(directory, "hold");
            File.WriteAllText(hold, "");
            var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", new[]
            {
                "-x", store.LockFilePath, "/bin/sh", "-c", $"touch '{ready}'; while [ -e '{hold}' ]; do sleep 0.05; done",
            }) { UseShellExecute = false });
            try
            {
                var waited = Stopwatch.StartNew();
                while (!File.Exists(ready))
                {
                    Assert.True(waited.Elapsed < TestBound, "flock did not start");
                    Thread.Sleep(20);
                }

                using (UiCulture.Use("en-US"))
                {
                    var error = Assert.Throws<BackupMailException>(() => store.Update(c => { c.Rules.Add(new NotificationRule { BackupName = "blocked" }); return 0; }));

                    Assert.Equal("ConfigurationLocked", error.ErrorId);
                    Assert.Equal(BackupMailErrorKind.ResourceUnavailable, error.Kind);
                    Assert.True(error.IsTransient);
                    Assert.Contains(store.LockFilePath, error.Message);
                    Assert.Contains("another BackupMail command", error.Message);
                }

                Assert.False(File.Exists(store.ConfigFilePath));

                // Released while we wait: the update goes through.
                store.LockTimeout = TestBound;
                var update = Task.Run(() => store.Update(c => { c.Rules.Add(new NotificationRule { BackupName = "after" }); return 0; }));
                await Task.Delay(200);
                Assert.False(update.IsCompleted);
                File.Delete(hold);
                await Bounded.Within(update, TestBound, "the update after the lock was released");
                Assert.Equal("after", Assert.Single(store.Load().Rules).BackupName);
            }
            finally
            {
                if (File.Exists(hold))
                {
                    File.Delete(hold);
                }

                if (!holder.WaitForExit(10_000))
                {
                    holder.Kill();
                }

                holder.Dispose();
            }
        }
    }
}
