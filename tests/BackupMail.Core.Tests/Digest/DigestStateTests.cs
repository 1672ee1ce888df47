using System;
using System.IO;
using BackupMail.Digest;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Digest
{
    /// <summary>journal/digest.json: damaged or hand-edited state gives a clear error, never a silent restart.</summary>
    public sealed class DigestStateTests : IDisposable
    {
        private readonly DigestTestBed _bed = new DigestTestBed();
        private readonly TestSmtpServer _server = TestSmtpServer.Start();

        public DigestStateTests() => _bed.Bed.PointAt(_server);

        public void Dispose()
        {
            _server.Dispose();
            _bed.Dispose();
        }

        private string StatePath => Path.Combine(_bed.Journal.DirectoryPath, "digest.json");

        [Theory]
        [InlineData("not json at all")]
        [InlineData("[1, 2, 3]")]
        [InlineData("{\"version\": 1, \"jobs\": [{\"backupName\": \"Docs\", \"digestedThrough\": \"many\"}], \"pending\": []}")]
        [InlineData("{\"version\": 1, \"jobs\": [{\"backupName\": \"Docs\", \"digestedThrough\": -4}], \"pending\": []}")]
        [InlineData("{\"version\": 7, \"jobs\": [], \"pending\": []}")]
        [InlineData("{\"version\": 1, \"jobs\": [], \"pending\": [{\"messageId\": \"\", \"to\": [\"a@example.com\"], \"ranges\": []}]}")]
        [InlineData("{\"version\": 1, \"jobs\": null, \"pending\": []}")]
        [InlineData("null")]
        public void A_damaged_state_file_is_refused_with_DigestStateCorrupt_and_says_what_deleting_it_means(string content)
        {
            _bed.Record("Docs");
            Directory.CreateDirectory(_bed.Journal.DirectoryPath);
            File.WriteAllText(StatePath, content);

            var error = Assert.Throws<BackupMailException>(() => _bed.SendTo());

            Assert.Equal(ErrorIds.DigestStateCorrupt, error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidData, error.Kind);
            Assert.Contains(StatePath, error.Message);
            Assert.Contains("Delete the file", error.Message);
            Assert.Contains("already sent in earlier digests", error.Message);
            Assert.Empty(_server.Messages);
            Assert.Equal(content, File.ReadAllText(StatePath));
        }

        [Fact]
        public void Deleting_the_state_starts_over_and_repeats_the_runs_still_in_the_journal()
        {
            _bed.Record("Docs");
            Assert.Single(_bed.SendTo());
            File.Delete(StatePath);

            Assert.Single(_bed.SendTo());
            Assert.Equal(2, _server.Messages.Count);
        }

        [Fact]
        public void The_state_is_written_atomically_and_names_the_watermark_of_each_job()
        {
            var last = _bed.Record("Docs");
            Assert.Single(_bed.SendTo());

            var json = File.ReadAllText(StatePath);
            Assert.Contains("\"backupName\": \"Docs\"", json);
            Assert.Contains("\"digestedThrough\": " + last.Sequence, json);
            Assert.Contains("\"pending\": []", json);
            Assert.Empty(Directory.GetFiles(_bed.Journal.DirectoryPath, "*.tmp"));
        }

        [Fact]
        public void A_digest_lock_held_too_long_gives_DigestBusy()
        {
            _bed.Record("Docs");
            var store = new DigestStateStore(_bed.Journal.DirectoryPath) { LockTimeout = TimeSpan.FromMilliseconds(300) };
            using (store.Lock())
            {
                var error = Assert.Throws<BackupMailException>(() => new DigestStateStore(_bed.Journal.DirectoryPath) { LockTimeout = TimeSpan.FromMilliseconds(300) }.Lock());
                Assert.Equal(ErrorIds.DigestBusy, error.ErrorId);
            }
        }
    }
}
