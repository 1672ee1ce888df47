using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BackupMail.Tests.Support;
using BackupMail.Configuration;
using BackupMail.Rules;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    /// <summary>Two processes write the same config.json at once: the pinned PowerShell (the way the module runs) and this one.</summary>
    public class ConfigStoreTwoProcessTests : IDisposable
    {
        private const int PerProcess = 100;
        private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

        private const string WriterScript = @"
param([string] $Assembly, [string] $Directory, [int] $Count)
$ErrorActionPreference = 'Stop'
Add-Type -Path $Assembly
$store = [BackupMail.Configuration.ConfigStore]::new($Directory)
$store.LockTimeout = [TimeSpan]::FromMinutes(3)
New-Item -ItemType File -Path (Join-Path $Directory 'child-ready') | Out-Null
$deadline = [DateTime]::UtcNow.AddMinutes(3)
while (-not (Test-Path (Join-Path $Directory 'go'))) {
    if ([DateTime]::UtcNow -gt $deadline) { throw 'never told to go' }
    Start-Sleep -Milliseconds 10
}
for ($i = 0; $i -lt $Count; $i++) {
    $name = ""child-$i""
    $change = [Func[BackupMail.Configuration.BackupMailConfig, int]] {
        param($config)
        $rule = [BackupMail.Rules.NotificationRule]::new()
        $rule.BackupName = $name
        $config.Rules.Add($rule)
        0
    }.GetNewClosure()
    $null = $store.Update[int]($change)
}
";

        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public async Task A_PowerShell_process_and_this_one_writing_together_lose_nothing()
        {
            var directory = _temp.Combine("config");
            Directory.CreateDirectory(directory);
            var script = _temp.Combine("writer.ps1");
            File.WriteAllText(script, WriterScript);
            var assembly = typeof(ConfigStore).Assembly.Location;

            using (var child = ChildPwsh.Start(script, "-Assembly", assembly, "-Directory", directory, "-Count", PerProcess.ToString()))
            {
                var stderr = child.StandardError.ReadToEndAsync();
                var stdout = child.StandardOutput.ReadToEndAsync();
                try
                {
                    ChildPwsh.WaitForFile(child, Path.Combine(directory, "child-ready"), Bound, () => stderr.Result + stdout.Result);

                    File.WriteAllText(Path.Combine(directory, "go"), "");
                    var store = new ConfigStore(directory) { LockTimeout = Bound };
                    for (var i = 0; i < PerProcess; i++)
                    {
                        var name = "parent-" + i;
                        store.Update(c => { c.Rules.Add(new NotificationRule { BackupName = name }); return 0; });
                    }

                    await Bounded.Within(child.WaitForExitAsync(), Bound, "pwsh");
                    Assert.True(child.ExitCode == 0, "pwsh failed: " + await stderr + await stdout);
                }
                finally
                {
                    if (!child.HasExited)
                    {
                        child.Kill(true);
                    }
                }
            }

            var names = new ConfigStore(directory).Load().Rules.Select(r => r.BackupName).ToList();
            Assert.Equal(2 * PerProcess, names.Count);
            Assert.Equal(PerProcess, names.Count(n => n.StartsWith("child-", StringComparison.Ordinal)));
            Assert.Equal(PerProcess, names.Count(n => n.StartsWith("parent-", StringComparison.Ordinal)));
            Assert.Equal(2 * PerProcess, names.Distinct().Count());
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
    }
}
