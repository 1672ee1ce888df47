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
