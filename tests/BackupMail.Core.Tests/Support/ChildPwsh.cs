using System;
using System.Diagnostics;
using System.IO;

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
