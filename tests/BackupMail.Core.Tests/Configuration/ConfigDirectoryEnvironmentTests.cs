using System;
using System.IO;
using BackupMail.Configuration;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    /// <summary>Changes the process environment, so it runs alone, not beside tests that read it.</summary>
    [CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
    public class ProcessEnvironmentCollection
    {
    }

    [Collection(nameof(ProcessEnvironmentCollection))]
    public class ConfigDirectoryEnvironmentTests
    {
        [Fact]
        public void Resolve_reads_the_real_environment_variable()
        {
            // Only this test sets the variable, and it restores it; other tests pass their own environment.
            var previous = Environment.GetEnvironmentVariable(ConfigDirectory.EnvironmentVariable);
            var dir = Path.Combine(Path.GetTempPath(), "bm-real-" + Guid.NewGuid().ToString("N"));
            try
            {
                Environment.SetEnvironmentVariable(ConfigDirectory.EnvironmentVariable, dir);
                Assert.Equal(dir, ConfigDirectory.Resolve());
                Assert.Equal(Path.Combine(dir, "config.json"), ConfigStore.OpenDefault().ConfigFilePath);
            }
            finally
            {
                Environment.SetEnvironmentVariable(ConfigDirectory.EnvironmentVariable, previous);
            }
        }
    }
}
