using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using BackupMail.Notifications;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    // Runs real programs: /bin/sh on Unix, cmd.exe on Windows.
    public class ProgramRunTests
    {
        private static readonly bool OnWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static (List<ProgramOutputLine> Lines, int ExitCode) Run(string program, params string[] arguments)
        {
            using (var run = ProgramRun.Start(program, arguments, Directory.GetCurrentDirectory()))
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                var lines = run.ReadOutput(timeout.Token).ToList();
                return (lines, run.WaitForExit());
            }
        }

        private static (List<ProgramOutputLine> Lines, int ExitCode) Shell(string script) =>
            OnWindows ? Run(Path.Combine(Environment.SystemDirectory, "cmd.exe"), "/c", script) : Run("/bin/sh", "-c", script);

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(16)]
        public void Returns_the_program_exit_code(int code)
        {
            var (_, exitCode) = Shell("exit " + code);
            Assert.Equal(code, exitCode);
        }

        [Fact]
        public void Hands_over_standard_output_and_error_lines()
        {
            var (lines, exitCode) = Shell(OnWindows ? "echo copied& echo broken 1>&2& exit 8" : "echo copied; echo broken >&2; exit 8");
            Assert.Equal(8, exitCode);
            Assert.Contains(lines, l => !l.IsError && l.Text.Trim() == "copied");
            Assert.Contains(lines, l => l.IsError && l.Text.Trim() == "broken");
        }

        [Fact]
        public void A_program_that_does_not_exist_gives_ProgramStartFailed()
        {
            var missing = Path.Combine(Path.GetTempPath(), "no-such-program-" + Guid.NewGuid().ToString("N"));
            var error = Assert.Throws<BackupMailException>(() => ProgramRun.Start(missing, Array.Empty<string>(), null));
            Assert.Equal("ProgramStartFailed", error.ErrorId);
            Assert.Equal(missing, error.Target);
            Assert.Contains(missing, error.Message);
        }

        [Fact]
        public void Stopping_ends_the_reading_and_Kill_ends_the_program()
        {
            if (OnWindows) return; // needs a POSIX sleep
            TestDeadline.Run(() =>
            {
                using (var run = ProgramRun.Start("/bin/sh", new[] { "-c", "echo started; exec sleep 60" }, null))
                using (var stop = new CancellationTokenSource())
                {
                    var seen = new List<string>();
                    Assert.ThrowsAny<OperationCanceledException>(() =>
                    {
                        foreach (var line in run.ReadOutput(stop.Token))
                        {
                            seen.Add(line.Text);
                            stop.Cancel(); // as Ctrl+C would, once the job is under way
                        }
                    });
                    Assert.Equal(new[] { "started" }, seen);
                    run.Kill();
                    Assert.NotEqual(0, run.WaitForExit());
                }
            }, TimeSpan.FromSeconds(30));
        }

        [Fact]
        public void Every_argument_arrives_exactly_as_given()
        {
            if (OnWindows) return; // cmd.exe re-parses its command line; the round trip needs a POSIX shell here.
            var arguments = new[] { "plain", "with space", "", "quote\"inside", "trailing\\", "back\\\\slashes\\\"quote", "tab\there", "ünïcödé" };
            var script = "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done";
            var (lines, exitCode) = Run("/bin/sh", new[] { "-c", script, "sh" }.Concat(arguments).ToArray());
            Assert.Equal(0, exitCode);
            Assert.Equal(arguments.Select(a => "[" + a + "]"), lines.Where(l => !l.IsError).Select(l => l.Text));
        }
    }
}
