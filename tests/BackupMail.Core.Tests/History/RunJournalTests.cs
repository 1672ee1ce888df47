#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.History;
using BackupMail.Jobs;
using Xunit;

namespace BackupMail.Tests.History
{
    /// <summary>
    /// Issue 14 §1: the run journal. Every field comes back as written; damaged lines (a crash, garbage, a hand edit) are
    /// skipped and never stop the reading; concurrent writers lose nothing; the lock of a dead writer does not block;
    /// trims keep sequences going up; garbage in place of the files gives a clear error, never a hang.
    /// </summary>
    public sealed class RunJournalTests : IDisposable
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.FromHours(1));
        private readonly string _configDirectory = Path.Combine(Path.GetTempPath(), "bm-history-" + Guid.NewGuid().ToString("N"));
        private DateTimeOffset _now = Start;

        public void Dispose()
        {
            if (Directory.Exists(_configDirectory)) Directory.Delete(_configDirectory, recursive: true);
        }

        private RunJournal Journal() => RunJournal.InConfigDirectory(_configDirectory, () => _now);

        private static RunRecord Run(string name, BackupStatus status = BackupStatus.Success) =>
            new RunRecord { BackupName = name, Status = status, StartTime = Start, EndTime = Start.AddMinutes(5) };

        [Fact]
        public void Every_settable_field_comes_back_as_written()
        {
            var record = new RunRecord();
            var settable = typeof(RunRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
            Assert.True(settable.Count >= 19, "RunRecord lost settable properties?");
            var index = 0;
            foreach (var property in settable)
            {
                property.SetValue(record, NonDefault(property.PropertyType, ++index));
            }

            var journal = Journal();
            journal.Append(record);

            var read = Assert.Single(journal.ReadNewestFirst());
            foreach (var property in settable)
            {
                Assert.True(!Equals(property.GetValue(read), Default(property.PropertyType)), property.Name + " was not set");
                Assert.True(Equals(property.GetValue(record), property.GetValue(read)), property.Name + " did not round-trip");
            }

            Assert.Equal(1, read.Sequence); // Append assigned it...
            Assert.Equal(_now, read.RecordedAt); // ...and the time, over whatever was set
            Assert.Equal(read.EndTime!.Value - read.StartTime!.Value, read.Duration);
            Assert.Equal(Assert.Single(journal.ReadOldestFirst()).BackupName, read.BackupName);
        }

        private static object? Default(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) == null ? Activator.CreateInstance(type) : null;

        // A value unlike the default (and unlike the other fields), with offsets and ticks that a lossy format would drop.
        private static object NonDefault(Type type, int index)
        {
            var t = Nullable.GetUnderlyingType(type) ?? type;
            if (t == typeof(string)) return "value " + index + " äöü €";
            if (t == typeof(long)) return 1_000_000_000_000L + index;
            if (t == typeof(int)) return -index;
            if (t == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 3, index % 28 + 1, 4, 5, 6, TimeSpan.FromMinutes(-330)).AddTicks(1234567);
            if (t.IsEnum) return Enum.GetValues(t).Cast<object>().Last();
            throw new InvalidOperationException("No test value for " + type + ": add one, and to the journal's format.");
        }

        [Theory]
        [InlineData("tab\there")]
        [InlineData("line\nbreak\r\nand CR\r")]
        [InlineData("back\\slash \\t not a tab \\e \\")]
        [InlineData("")]
        [InlineData("\\")]
        [InlineData("control \u0001\u001f and emoji \U0001F600")]
        public void Texts_with_separators_and_escapes_come_back_unchanged(string text)
        {
            var journal = Journal();
            var record = Run("name " + text);
            record.Source = text;
            record.ErrorMessage = text;
            record.MessageId = text;
            journal.Append(record);
            journal.Append(Run("after")); // the line after is intact too

            var runs = journal.ReadOldestFirst().ToList();
            Assert.Equal(2, runs.Count);
            Assert.Equal("name " + text, runs[0].BackupName);
            Assert.Equal(text, runs[0].Source);
            Assert.Equal(text, runs[0].ErrorMessage);
            Assert.Equal(text, runs[0].MessageId);
            Assert.Null(runs[0].Destination);
            Assert.Equal(2, File.ReadAllLines(journal.FilePath).Length);
        }

        [Fact]
        public void An_error_message_is_kept_to_its_first_thousand_characters()
        {
            var journal = Journal();
            var record = Run("long");
            record.ErrorMessage = new string('x', 999) + "\U0001F600" + new string('y', 5000);
            journal.Append(record);

            var read = Assert.Single(journal.ReadNewestFirst());
            Assert.Equal(new string('x', 999), read.ErrorMessage); // not half a surrogate pair
        }

        [Fact]
        public void Long_lines_are_read_both_ways_and_absurdly_long_texts_are_cut_rather_than_lost()
        {
            var journal = Journal();
            var path = new string('p', 30_000); // longer than the first buffers, shorter than the line limit
            foreach (var name in new[] { "long", "long", "long" }) // 90 KB: one of them straddles two 64 KiB blocks
            {
                var record = Run(name);
                record.Source = path;
                journal.Append(record);
            }

            journal.Append(Run("short"));
            var absurd = Run("absurd");
            absurd.Destination = new string('\t', 70_000);
            journal.Append(absurd);

            var oldest = journal.ReadOldestFirst().ToList();
            Assert.Equal(new[] { "long", "long", "long", "short", "absurd" }, oldest.Select(r => r.BackupName));
            Assert.All(oldest.Take(3), r => Assert.Equal(path, r.Source));
            Assert.Equal(new string('\t', 2000), oldest[4].Destination);
            var newest = journal.ReadNewestFirst().ToList();
            Assert.Equal(new long[] { 5, 4, 3, 2, 1 }, newest.Select(r => r.Sequence));
            Assert.All(newest.Skip(2), r => Assert.Equal(path, r.Source));
            Assert.Equal(6, journal.Append(Run("next")).Sequence);
        }

        [Fact]
        public void A_torn_last_line_is_skipped_and_the_next_append_starts_on_a_fresh_line()
        {
            var journal = Journal();
            journal.Append(Run("one"));
            journal.Append(Run("two"));
            using (var stream = new FileStream(journal.FilePath, FileMode.Open))
            {
                stream.SetLength(stream.Length - 7); // the process died while writing "two"
            }

            Assert.Equal(new[] { "one" }, journal.ReadNewestFirst().Select(r => r.BackupName));
            var three = journal.Append(Run("three"));
            journal.Append(Run("four"));

            Assert.Equal(2, three.Sequence); // "two" never completed, so its number is free
            Assert.Equal(new[] { "four", "three", "one" }, journal.ReadNewestFirst().Select(r => r.BackupName));
            Assert.Equal(new[] { "one", "three", "four" }, journal.ReadOldestFirst().Select(r => r.BackupName));
            Assert.Equal(new long[] { 3 }, journal.ReadOldestFirst(afterSequence: 2).Select(r => r.Sequence));
        }

        [Fact]
        public void Garbage_in_the_middle_is_skipped_and_reading_goes_on()
        {
            var journal = Journal();
            journal.Append(Run("one"));
            var lines = File.ReadAllText(journal.FilePath);
            var damaged = lines.Replace("one", "0ne"); // a hand edit: the CRC no longer matches
            File.AppendAllText(journal.FilePath, "garbage without tabs\n\n\t\t\t\n" + damaged + "1\t99\tnot a line\tdeadbeef\n");
            File.AppendAllText(journal.FilePath, new string('z', 200_000) + "\n"); // longer than any line
            File.AppendAllText(journal.FilePath, "H\t5\tffffffff\n\u0000\u0000\u0000\n");
            journal.Append(Run("two"));

            Assert.Equal(new[] { "two", "one" }, journal.ReadNewestFirst().Select(r => r.BackupName));
            Assert.Equal(new[] { "one", "two" }, journal.ReadOldestFirst().Select(r => r.BackupName));
            Assert.Equal(2, journal.ReadNewestFirst().First().Sequence);
        }

        [Fact]
        public void A_line_added_by_a_newer_version_with_more_fields_is_read_and_another_version_is_skipped()
        {
            var journal = Journal();
            journal.Append(Run("one"));
            var line = File.ReadAllText(journal.FilePath).TrimEnd('\n');
            var payload = line.Substring(0, line.LastIndexOf('\t')).Replace("1\t1\t", "1\t2\t") + "\tnew field\tanother";
            var other = "2" + payload.Substring(1);
            File.AppendAllText(journal.FilePath, Sealed(payload) + Sealed(other));

            Assert.Equal(new long[] { 2, 1 }, journal.ReadNewestFirst().Select(r => r.Sequence));
            Assert.Equal(3, journal.Append(Run("three")).Sequence);
        }

        private static string Sealed(string payload)
        {
            var bytes = Encoding.UTF8.GetBytes(payload);
            return payload + "\t" + BackupMail.IO.Crc32.Compute(bytes, 0, bytes.Length).ToString("x8") + "\n";
        }

        [Fact]
        public void Newest_first_reads_across_blocks_and_stops_when_the_caller_stops()
        {
            var journal = Journal();
            for (var i = 0; i < 1500; i++)
            {
                var record = Run("job" + (i % 7));
                record.ErrorMessage = new string('e', i % 300); // lines of varied lengths straddle the 64 KiB blocks
                journal.Append(record);
            }

            var newest = journal.ReadNewestFirst().Select(r => r.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, 1500).Reverse().Select(i => (long)i), newest);
            Assert.Equal(Enumerable.Range(1, 1500).Select(i => (long)i), journal.ReadOldestFirst().Select(r => r.Sequence));
            Assert.Equal(new long[] { 1500, 1499 }, journal.ReadNewestFirst().Take(2).Select(r => r.Sequence));
        }

        [Fact]
        public void Ten_threads_with_their_own_journal_lose_nothing_and_tear_nothing()
        {
            const int Threads = 10, Each = 200;
            var assigned = new List<long>[Threads];
            var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
            {
                var journal = RunJournal.InConfigDirectory(_configDirectory);
                assigned[t] = new List<long>();
                for (var i = 0; i < Each; i++)
                {
                    assigned[t].Add(journal.Append(Run("thread" + t)).Sequence);
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            Assert.True(Task.WaitAll(workers, TimeSpan.FromSeconds(120)), "the writers did not finish");

            var reader = Journal();
            var runs = reader.ReadOldestFirst().ToList();
            Assert.Equal(Threads * Each, runs.Count);
            Assert.Equal(Enumerable.Range(1, Threads * Each).Select(i => (long)i), runs.Select(r => r.Sequence));
            Assert.Equal(runs.Select(r => r.Sequence).OrderBy(s => s), assigned.SelectMany(a => a).OrderBy(s => s));
            Assert.Equal(Threads * Each, File.ReadAllLines(reader.FilePath).Length); // every line intact
            for (var t = 0; t < Threads; t++)
            {
                Assert.Equal(Each, runs.Count(r => r.BackupName == "thread" + t));
                Assert.Equal(assigned[t], assigned[t].OrderBy(s => s)); // each writer's runs in its order
            }
        }

        [Fact]
        public void A_held_lock_makes_Append_wait_then_fail_with_RunJournalBusy_and_releasing_it_lets_it_through()
        {
            var journal = Journal();
            journal.Append(Run("first")); // creates the folder and the lock file
            journal.LockTimeout = TimeSpan.FromMilliseconds(300);

            // Another process's writer, as the system sees it: an exclusive open of journal.lock (flock on Unix).
            using (var other = new FileStream(journal.LockFilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var error = Assert.Throws<BackupMailException>(() => journal.Append(Run("second")));
                Assert.Equal(ErrorIds.RunJournalBusy, error.ErrorId);
                Assert.True(error.IsTransient);
                Assert.Contains(journal.LockFilePath, error.Message);
                Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(10));
                Assert.Equal(ErrorIds.RunJournalBusy, Assert.Throws<BackupMailException>(() => journal.Trim()).ErrorId);
            }

            // The handle closed, as it is when its process dies (kill -9 included): the next writer goes through.
            Assert.Equal(2, journal.Append(Run("second")).Sequence);
        }

        [Fact]
        public void A_lock_held_through_Lock_excludes_other_instances_and_is_reentrant_for_its_own_thread()
        {
            var journal = Journal();
            var other = Journal();
            other.LockTimeout = TimeSpan.FromMilliseconds(200);
            using (journal.Lock())
            {
                journal.Append(Run("inside")); // same thread, same instance: no deadlock
                using (journal.Lock())
                {
                }

                Assert.Equal(ErrorIds.RunJournalBusy, Assert.Throws<BackupMailException>(() => other.Append(Run("blocked"))).ErrorId);
            }

            Assert.Equal(2, other.Append(Run("after")).Sequence);
        }

        [Fact]
        public void Trim_drops_old_runs_and_sequences_keep_increasing()
        {
            var journal = Journal();
            journal.RetentionDays = 10;
            for (var day = 0; day < 30; day++)
            {
                _now = Start.AddDays(day);
                journal.Append(Run("daily"));
            }

            // Appends trimmed along the way, each once the oldest run was more than 11 days old.
            var kept = journal.ReadOldestFirst().ToList();
            Assert.InRange(kept.Count, 11, 12);
            Assert.Equal(30, kept.Last().Sequence);

            _now = Start.AddDays(100);
            Assert.Equal(kept.Count, journal.Trim()); // everything is old now
            Assert.Empty(journal.ReadNewestFirst());
            Assert.Equal(0, journal.Trim());
            Assert.Equal(31, journal.Append(Run("daily")).Sequence); // the header kept the highest number
            Assert.Equal(new long[] { 31 }, journal.ReadOldestFirst().Select(r => r.Sequence));
        }

        [Fact]
        public void Trim_keeps_sequences_when_the_clock_went_back_and_a_newer_number_is_dropped()
        {
            var journal = Journal();
            journal.RetentionDays = 10;
            _now = Start.AddDays(50);
            journal.Append(Run("a")); // 1, recorded "late"
            _now = Start;
            journal.Append(Run("b")); // 2, the clock went back
            _now = Start.AddDays(45);

            Assert.Equal(1, journal.Trim()); // drops 2, the highest number
            Assert.Equal(new long[] { 1 }, journal.ReadNewestFirst().Select(r => r.Sequence));
            Assert.Equal(3, journal.Append(Run("c")).Sequence);
        }

        [Fact]
        public void A_journal_that_does_not_exist_reads_as_empty()
        {
            var journal = Journal();
            Assert.Empty(journal.ReadNewestFirst());
            Assert.Empty(journal.ReadOldestFirst());
            Assert.Equal(0, journal.Trim());
            Assert.Empty(new RunHistoryQuery { Last = 5 }.Run(journal));
        }

        [Fact]
        public void A_directory_in_place_of_the_journal_is_a_clear_error()
        {
            var journal = Journal();
            Directory.CreateDirectory(journal.FilePath);

            Assert.Equal(ErrorIds.RunJournalUnreadable, Assert.Throws<BackupMailException>(() => journal.ReadNewestFirst().ToList()).ErrorId);
            var error = Assert.Throws<BackupMailException>(() => journal.Append(Run("x")));
            Assert.True(error.ErrorId == ErrorIds.RunJournalUnreadable || error.ErrorId == ErrorIds.RunJournalUnwritable, error.ErrorId);
        }

        [Fact]
        public void A_directory_in_place_of_the_lock_file_is_a_clear_error_at_once()
        {
            var journal = Journal();
            Directory.CreateDirectory(journal.LockFilePath);
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var error = Assert.Throws<BackupMailException>(() => journal.Append(Run("x")));
            Assert.Equal(ErrorIds.RunJournalUnwritable, error.ErrorId);
            Assert.Contains(journal.LockFilePath, error.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "it waited for a lock that can never be had");
        }

        [Fact]
        public void A_file_in_place_of_the_journal_folder_is_a_clear_error()
        {
            Directory.CreateDirectory(_configDirectory);
            File.WriteAllText(Path.Combine(_configDirectory, RunJournal.DirectoryName), "not a folder");
            var journal = Journal();

            Assert.Equal(ErrorIds.RunJournalUnwritable, Assert.Throws<BackupMailException>(() => journal.Append(Run("x"))).ErrorId);
            Assert.Empty(journal.ReadNewestFirst());
        }

        [Fact]
        public void A_FIFO_or_a_device_in_place_of_the_journal_is_refused_without_blocking()
        {
            if (!OperatingSystem.IsLinux()) return;
            var journal = Journal();
            Directory.CreateDirectory(journal.DirectoryPath);
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", journal.FilePath))
            {
                mkfifo.WaitForExit();
            }

            var read = Task.Run(() => Assert.Throws<BackupMailException>(() => journal.ReadNewestFirst().ToList()));
            Assert.True(read.Wait(TimeSpan.FromSeconds(20)), "reading a FIFO blocked");
            Assert.Equal(ErrorIds.RunJournalUnreadable, read.Result.ErrorId);
            var append = Task.Run(() => Assert.Throws<BackupMailException>(() => journal.Append(Run("x"))));
            Assert.True(append.Wait(TimeSpan.FromSeconds(20)), "appending to a FIFO blocked");
            Assert.Equal(ErrorIds.RunJournalUnreadable, append.Result.ErrorId);

            File.Delete(journal.FilePath);
            File.CreateSymbolicLink(journal.FilePath, "/dev/zero");
            var endless = Task.Run(() => Assert.Throws<BackupMailException>(() => journal.ReadNewestFirst().ToList()));
            Assert.True(endless.Wait(TimeSpan.FromSeconds(20)), "reading /dev/zero did not end");
            Assert.Equal(ErrorIds.RunJournalUnreadable, endless.Result.ErrorId);
        }

        [Fact]
        public void An_unreadable_journal_is_a_clear_error()
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName == "root") return;
            var journal = Journal();
            journal.Append(Run("x"));
            File.SetUnixFileMode(journal.FilePath, UnixFileMode.None);

            var error = Assert.Throws<BackupMailException>(() => journal.ReadNewestFirst().ToList());
            Assert.Equal(ErrorIds.RunJournalUnreadable, error.ErrorId);
            Assert.Equal(ErrorIds.RunJournalUnwritable, Assert.Throws<BackupMailException>(() => journal.Append(Run("y"))).ErrorId);
        }

        [Fact]
        public void The_folder_and_files_are_the_owners_only()
        {
            if (!OperatingSystem.IsLinux()) return;
            var journal = Journal();
            journal.Append(Run("x"));

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(journal.DirectoryPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(journal.FilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(journal.LockFilePath));
        }

        [Fact]
        public void A_record_without_a_backup_name_is_refused()
        {
            Assert.Throws<ArgumentException>(() => Journal().Append(new RunRecord()));
            Assert.Throws<ArgumentOutOfRangeException>(() => Journal().RetentionDays = 0);
        }

        [Fact]
        public void From_takes_the_runs_values()
        {
            var run = new BackupRun
            {
                BackupName = "Docs", Status = BackupStatus.Warning, ExitCode = 5, Tool = BackupTool.Robocopy, StartTime = Start,
                EndTime = Start.AddMinutes(3), Source = "C:\\Data", Destination = "\\\\nas\\backup", DirsCopied = 1, FilesCopied = 2,
                FilesFailed = 3, BytesCopied = 4, ErrorMessage = new string('e', 1500), ComputerName = "PC", UserName = "me",
            };

            var record = RunRecord.From(run);

            Assert.Equal(("Docs", BackupStatus.Warning, 5, BackupTool.Robocopy), (record.BackupName, record.Status, record.ExitCode, record.Tool));
            Assert.Equal((Start, Start.AddMinutes(3), TimeSpan.FromMinutes(3)), (record.StartTime!.Value, record.EndTime!.Value, record.Duration!.Value));
            Assert.Equal(("C:\\Data", "\\\\nas\\backup", "PC", "me"), (record.Source, record.Destination, record.ComputerName, record.UserName));
            Assert.Equal((1L, 2L, 3L, 4L), (record.DirsCopied!.Value, record.FilesCopied!.Value, record.FilesFailed!.Value, record.BytesCopied!.Value));
            Assert.Equal(1000, record.ErrorMessage!.Length);
            Assert.Null(record.Action);
            Assert.Equal(record.EndTime, record.When);
        }
    }
}
