using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using BackupMail.Configuration;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    // config.json is opened only when it is a regular file: a FIFO would block the reader until a writer came, a
    // device such as /dev/zero never ends. Each case must fail promptly; the bound turns a hang into a failure.
    public class ConfigFileKindTests : IDisposable
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private ConfigStore NewStore()
        {
            var store = new ConfigStore(_temp.Combine("config"));
            Directory.CreateDirectory(store.DirectoryPath);
            return store;
        }

        private static async Task AssertCorruptPromptly(ConfigStore store, params string[] fragments)
        {
            BackupMailException onLoad = null, onUpdate = null;
            var work = Task.Run(() =>
            {
                using (UiCulture.Use("en-US"))
                {
                    onLoad = Assert.Throws<BackupMailException>(() => store.Load());
                    onUpdate = Assert.Throws<BackupMailException>(() => store.Update(c => 0));
                }
            });

            await Bounded.Within(work, Bound, "Reading config.json");

            foreach (var error in new[] { onLoad, onUpdate })
            {
                Assert.Equal("ConfigurationCorrupt", error.ErrorId);
                Assert.Equal(store.ConfigFilePath, error.Target);
                Assert.Contains(store.ConfigFilePath, error.Message);
                foreach (var fragment in fragments)
                {
                    Assert.Contains(fragment, error.Message);
                }
            }
        }

        [Fact]
        public async Task A_FIFO_is_ConfigurationCorrupt_without_waiting_for_a_writer()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            var store = NewStore();
            Run("mkfifo", store.ConfigFilePath);

            await AssertCorruptPromptly(store, "is a named pipe (FIFO), not a regular file", "move it aside");
        }

        [Fact]
        public async Task A_link_to_dev_zero_is_ConfigurationCorrupt_without_reading_it()
        {
            if (!File.Exists("/dev/zero"))
            {
                return;
            }

            var store = NewStore();
            Run("ln", "-s", "/dev/zero", store.ConfigFilePath);

            await AssertCorruptPromptly(store, "is a character device");
        }

        [Fact]
        public async Task A_directory_is_ConfigurationCorrupt_not_Unreadable()
        {
            var store = NewStore();
            Directory.CreateDirectory(store.ConfigFilePath);

            await AssertCorruptPromptly(store, "is a directory, not a regular file");
            Assert.True(Directory.Exists(store.ConfigFilePath));
        }

        [Fact]
        public async Task A_socket_is_ConfigurationCorrupt()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            var store = NewStore();
            using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            {
                socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(store.ConfigFilePath));

                await AssertCorruptPromptly(store, "is a socket");
            }
        }

        [Fact]
        public async Task A_file_larger_than_16_MiB_is_ConfigurationCorrupt_saying_so()
        {
            var store = NewStore();
            using (var file = new FileStream(store.ConfigFilePath, FileMode.CreateNew))
            {
                var spaces = new byte[1024 * 1024];
                for (var i = 0; i < spaces.Length; i++)
                {
                    spaces[i] = (byte)' ';
                }

                file.WriteByte((byte)'{');
                for (var i = 0; i < 17; i++)
                {
                    file.Write(spaces, 0, spaces.Length);
                }

                file.WriteByte((byte)'}');
            }

            await AssertCorruptPromptly(store, "is larger than 16 MiB");
        }

        [Fact]
        public void A_link_to_a_regular_file_is_read()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            var store = NewStore();
            var real = _temp.Combine("real.json");
            File.WriteAllText(real, "{ \"rules\": [ { \"backupName\": \"Nightly\", \"to\": [ \"a@example.com\" ] } ] }");
            Run("ln", "-s", real, store.ConfigFilePath);

            Assert.Equal("Nightly", Assert.Single(store.Load().Rules).BackupName);
        }

        private static void Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using (var process = Process.Start(start))
            {
                Assert.True(process.WaitForExit(10000), file + " did not finish");
                Assert.Equal(0, process.ExitCode);
            }
        }
    }
}
