using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Xunit;

namespace BackupMail.Tests.Support
{
    /// <summary>
    /// Starts a script in a second process, the repository's pinned PowerShell (<c>dotnet pwsh</c>, after
    /// <c>dotnet tool restore</c>), for tests about what two processes do to the same files.
    /// </summary>
    public static class ChildPwsh
    {
        /// <summary>Starts <paramref name="script"/> with <paramref name="arguments"/>; output and errors are redirected.</summary>
        public static Process Start(string script, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = RepositoryRoot(),
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start);
        }

        /// <summary>
        /// Waits until <paramref name="child"/> has created <paramref name="signal"/> (its "I am ready" file). Fails the
        /// test with what the child wrote when it ends first, or when <paramref name="bound"/> passes (it is killed then).
        /// </summary>
        /// <param name="output">What the child wrote so far, read only when the test fails.</param>
        public static void WaitForFile(Process child, string signal, TimeSpan bound, Func<string> output)
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(signal))
            {
                if (child.HasExited)
                {
                    Assert.Fail($"pwsh ended before it created {Path.GetFileName(signal)}: " + output());
                }

                if (waited.Elapsed > bound)
                {
                    // Killed first: its output is complete only once it has ended.
                    child.Kill(entireProcessTree: true);
                    child.WaitForExit(10_000);
                    Assert.Fail($"pwsh did not create {Path.GetFileName(signal)} within {bound} (run 'dotnet tool restore'): " + output());
                }

                Thread.Sleep(10);
            }
        }

        // The folder whose .config/dotnet-tools.json pins PowerShell.
        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("No .config/dotnet-tools.json above " + AppContext.BaseDirectory);
        }
    }
}
