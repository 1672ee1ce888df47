#nullable enable
using System;
using System.IO;
using System.Linq;
using BackupMail.History;
using BackupMail.Jobs;
using Xunit;

namespace BackupMail.Tests.History
{
    /// <summary>Issue 14 §1: what Get-BackupRunHistory selects: names by wildcard (any case), since, last, status; newest first.</summary>
    public sealed class RunHistoryQueryTests : IDisposable
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        private readonly string _configDirectory = Path.Combine(Path.GetTempPath(), "bm-history-" + Guid.NewGuid().ToString("N"));
        private readonly RunJournal _journal;

        public RunHistoryQueryTests()
        {
            var now = Start;
            _journal = RunJournal.InConfigDirectory(_configDirectory, () => now);
            var names = new[] { "Documents", "Photos", "docs-offsite", "Mail" };
            for (var i = 0; i < 40; i++)
            {
                now = Start.AddHours(i);
                _journal.Append(new RunRecord
                {
                    BackupName = names[i % 4],
                    Status = i % 5 == 0 ? BackupStatus.Failure : i % 7 == 0 ? BackupStatus.Warning : BackupStatus.Success,
                    EndTime = now,
                });
            }
        }

        public void Dispose()
        {
            if (Directory.Exists(_configDirectory)) Directory.Delete(_configDirectory, recursive: true);
        }

        [Fact]
        public void Without_conditions_every_run_comes_newest_first()
        {
            Assert.Equal(Enumerable.Range(1, 40).Reverse().Select(i => (long)i), new RunHistoryQuery().Run(_journal).Select(r => r.Sequence));
        }

        [Theory]
        [InlineData("doc*", new[] { "Documents", "docs-offsite" })]
        [InlineData("DOCUMENTS", new[] { "Documents" })]
        [InlineData("?ail", new[] { "Mail" })]
        [InlineData("*o*s*", new[] { "Documents", "Photos", "docs-offsite" })]
        [InlineData("*", new[] { "Documents", "Photos", "docs-offsite", "Mail" })]
        [InlineData("Doc", new string[0])]
        public void Names_match_by_wildcard_in_any_case(string pattern, string[] expected)
        {
            var names = new RunHistoryQuery { BackupName = new[] { pattern } }.Run(_journal).Select(r => r.BackupName).Distinct();
            Assert.Equal(expected.OrderBy(n => n), names.OrderBy(n => n));
        }

        [Fact]
        public void Several_names_since_status_and_last_combine()
        {
            var query = new RunHistoryQuery
            {
                BackupName = new[] { "Photos", "mail" },
                Since = Start.AddHours(10),
                Status = new[] { BackupStatus.Success, BackupStatus.Warning },
                Last = 4,
            };

            var runs = query.Run(_journal).ToList();

            Assert.Equal(4, runs.Count);
            Assert.All(runs, r => Assert.Contains(r.BackupName, new[] { "Photos", "Mail" }));
            Assert.All(runs, r => Assert.NotEqual(BackupStatus.Failure, r.Status));
            Assert.All(runs, r => Assert.True(r.When >= Start.AddHours(10)));
            Assert.Equal(runs.Select(r => r.Sequence).OrderByDescending(s => s), runs.Select(r => r.Sequence));
            Assert.Equal(40, runs[0].Sequence); // i = 39: Mail, Success
        }

        [Fact]
        public void Since_keeps_runs_at_or_after_it_and_last_zero_gives_none()
        {
            Assert.Equal(new long[] { 40, 39 }, new RunHistoryQuery { Since = Start.AddHours(38) }.Run(_journal).Select(r => r.Sequence));
            Assert.Empty(new RunHistoryQuery { Last = 0 }.Run(_journal));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RunHistoryQuery { Last = -1 }.Run(_journal));
        }

        [Fact]
        public void Last_reads_only_the_tail()
        {
            // Damage the start of the file: a query for the last runs never gets there.
            var bytes = File.ReadAllBytes(_journal.FilePath);
            Assert.Equal(new long[] { 40, 39 }, new RunHistoryQuery { Last = 2 }.Run(_journal).Select(r => r.Sequence));
            using (var enumerator = _journal.ReadNewestFirst().GetEnumerator())
            {
                Assert.True(enumerator.MoveNext());
                File.Delete(_journal.FilePath); // the reader keeps the file it opened
                Assert.True(enumerator.MoveNext());
                Assert.Equal(39, enumerator.Current.Sequence);
            }

            Assert.True(bytes.Length > 0);
        }

        [Theory]
        [InlineData("a*b*c", "aXXbYYc", true)]
        [InlineData("a*b*c", "aXXbYY", false)]
        [InlineData("*", "", true)]
        [InlineData("?", "", false)]
        [InlineData("***a", "bbba", true)]
        [InlineData("Ä*", "äpfel", true)]
        [InlineData("a?c", "abc", true)]
        [InlineData("a?c", "ac", false)]
        public void Patterns_match_whole_names(string pattern, string name, bool expected)
        {
            Assert.Equal(expected, new BackupNamePattern(pattern).IsMatch(name));
        }
    }
}
