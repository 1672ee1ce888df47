using System;
using System.IO;
using System.Text;

namespace BackupMail.Tests.Logs
{
    /// <summary>The real robocopy logs under Fixtures/robocopy (values in its INDEX.txt), and scratch files.</summary>
    internal static class LogFixtures
    {
        static LogFixtures()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        public static string Path(string fileName)
        {
            string path = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "robocopy", fileName);
            if (!File.Exists(path)) throw new FileNotFoundException("Fixture missing: " + path, path);
            return path;
        }

        public static Encoding CodePage(int codePage) => Encoding.GetEncoding(codePage);

        /// <summary>An <c>rsync --stats</c> run with an error: 57 files, 123,456,789 bytes, two distinct error lines.</summary>
        public static readonly string[] RsyncLog =
        {
            "rsync: [sender] send_files failed to open \"/srv/data/locked.db\": Permission denied (13)",
            "",
            "Number of files: 1,523 (reg: 1,400, dir: 123)",
            "Number of created files: 12 (reg: 12)",
            "Number of deleted files: 0",
            "Number of regular files transferred: 57",
            "Total file size: 9,876,543,210 bytes",
            "Total transferred file size: 123,456,789 bytes",
            "sent 123,500,000 bytes  received 1,234 bytes  2,470,000.00 bytes/sec",
            "total size is 9,876,543,210  speedup is 79.97",
            "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]",
        };

        /// <summary>A <c>restic backup</c> run with errors: 124 files, 12 directories, 1.5 GiB added.</summary>
        public static readonly string[] ResticLog =
        {
            "open repository",
            "error: open /home/u/.cache/locked: permission denied",
            "",
            "Files:         120 new,     4 changed,  5678 unmodified",
            "Dirs:           10 new,     2 changed,   300 unmodified",
            "Added to the repository: 1.500 GiB (1.100 GiB stored)",
            "",
            "processed 5802 files, 12.345 GiB in 1:23",
            "snapshot 1a2b3c4d saved",
            "Warning: at least one source file could not be read",
        };
    }

    /// <summary>A scratch directory under the temp directory, deleted afterwards.</summary>
    internal sealed class ScratchDirectory : IDisposable
    {
        public ScratchDirectory()
        {
            Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "BackupMailLogTests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public string File(string name) => System.IO.Path.Combine(Root, name);

        public void Dispose()
        {
            try { Directory.Delete(Root, true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
