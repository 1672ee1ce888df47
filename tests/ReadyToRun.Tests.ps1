# The precompiled engine: on PowerShell 7.6 (.NET 10) a fresh pwsh sends through the ReadyToRun copies of
# BackupMail.Core, MailKit and MimeKit that the module ships for its platform, and runs their precompiled code
# instead of compiling them method by method; without a copy for its platform it sends through the IL as before.
# Each case runs in a fresh pwsh: which files a session loads is decided once. The copies are made by build.ps1's
# Package task, which Test runs first; a plain Build leaves them out (see Add-ReadyToRunCopies).
BeforeDiscovery {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $platform = "$os-$([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
    # A platform the build does not precompile for (win-arm64, say) has nothing to prove here.
    $hasPrecompiledCopy = Test-Path -LiteralPath (Join-Path $PSScriptRoot "../out/BackupMail/Dependencies/Core/ReadyToRun/$platform")
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/Smtp4dev.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:moduleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
    $script:coreDir = Join-Path $moduleDir 'Dependencies/Core'
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $script:platform = "$os-$([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
    $script:precompiledDir = Join-Path $coreDir "ReadyToRun/$platform"
    $script:server = Get-TestSmtpServer -Name Plain
    $script:precompiled = 'BackupMail.Core', 'MailKit', 'MimeKit'

    function Test-ReadyToRunImage {
        # True when the file carries precompiled native code (a ReadyToRun header), not IL alone.
        param([string] $Path)
        $reader = [System.Reflection.PortableExecutable.PEReader]::new([System.IO.File]::OpenRead($Path))
        try { $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $reader.Dispose() }
    }

    # Sends one notification in a fresh pwsh and reports where the engine's libraries came from and how many of
    # their methods the JIT compiled during the import and the send.
    $script:sendScript = @'
param($ModuleDir, $Port, $Job)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @"
using System.Diagnostics.Tracing;
using System.Threading;
public sealed class LibraryJitCounter : EventListener
{
    public static int Count;
    protected override void OnEventSourceCreated(EventSource source)
    {
        // The runtime's JIT events (keyword 0x10): one MethodJittingStarted per method it compiles.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10);
    }
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == null || !e.EventName.StartsWith("MethodJittingStarted")) return;
        string type = e.Payload[4] as string ?? "";
        if (type.StartsWith("MailKit.") || type.StartsWith("MimeKit.") || type.StartsWith("BackupMail.Delivery.") || type.StartsWith("BackupMail.Notifications."))
            Interlocked.Increment(ref Count);
    }
}
"@
$listener = [LibraryJitCounter]::new()
Import-Module $ModuleDir
Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security None -From 'r2r@example.com'
$result = Send-BackupNotification -BackupName $Job -Status Success -To 'admin@example.com'
$libraries = foreach ($assembly in [System.Runtime.Loader.AssemblyLoadContext]::All.Assemblies) {
    if ($assembly.GetName().Name -in 'BackupMail.Core', 'MailKit', 'MimeKit') { [pscustomobject]@{ Name = $assembly.GetName().Name; Path = $assembly.Location } }
}
[pscustomobject]@{ Action = "$($result.Action)"; Libraries = @($libraries); CompiledLibraryMethods = [LibraryJitCounter]::Count } | ConvertTo-Json -Compress -Depth 3
'@

    function Assert-SentThrough {
        # The notification arrived, and the engine, MailKit and MimeKit were loaded from -Directory.
        param($Report, [string] $Job, [string] $Directory)
        $Report.Action | Should -Be 'Sent'
        (Wait-Smtp4devMail -Server $server -Subject $Job).Count | Should -Be 1
        foreach ($name in $precompiled) {
            ($Report.Libraries | Where-Object Name -EQ $name).Path | Should -Be (Join-Path $Directory "$name.dll")
        }
    }

    function Invoke-Send {
        param([string] $ModuleDir, [string] $Job)
        Invoke-ChildPwsh -Script $sendScript -WorkingFolder $TestDrive -Parameters @{ ModuleDir = $ModuleDir; Port = $server.SmtpPort; Job = $Job } `
            -Environment @{ BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive "config-$([guid]::NewGuid().ToString('N'))" }
    }
}

Describe 'The precompiled engine in the built module' {
    It 'ships BackupMail.Core, MailKit and MimeKit precompiled for <_>, the same versions as the IL copies' -ForEach 'win-x64', 'linux-x64', 'linux-arm64', 'osx-arm64' {
        foreach ($name in $precompiled) {
            $copy = Join-Path $coreDir "ReadyToRun/$_/$name.dll"
            $copy | Should -Exist
            Test-ReadyToRunImage $copy | Should -BeTrue -Because "$name for $_ must carry native code"
            Test-ReadyToRunImage (Join-Path $coreDir "$name.dll") | Should -BeFalse -Because 'the copy every other platform runs is IL'
            [System.Reflection.AssemblyName]::GetAssemblyName($copy).Version |
                Should -Be ([System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $coreDir "$name.dll")).Version)
        }
    }
}

Describe 'Sending from a fresh pwsh' {
    It 'runs the precompiled copies for this platform: the JIT compiles none of MailKit, MimeKit or the delivery code' -Skip:(-not $hasPrecompiledCopy) {
        $job = "r2r-$([guid]::NewGuid().ToString('N'))"
        $report = Invoke-Send -ModuleDir $moduleDir -Job $job

        Assert-SentThrough -Report $report -Job $job -Directory $precompiledDir
        # Hundreds of methods with the IL copies (see the next test); generic code shared with the platform may
        # still be compiled, but not these libraries' own.
        $report.CompiledLibraryMethods | Should -BeLessThan 10
    }

    It 'sends through the IL copies where the module has no precompiled copy for the platform' {
        $copy = Join-Path $TestDrive 'il/BackupMail'
        New-Item -ItemType Directory -Path (Split-Path $copy) | Out-Null
        Copy-Item -LiteralPath $moduleDir -Destination $copy -Recurse
        Remove-Item -LiteralPath (Join-Path $copy 'Dependencies/Core/ReadyToRun') -Recurse -Force
        $job = "il-$([guid]::NewGuid().ToString('N'))"

        $report = Invoke-Send -ModuleDir $copy -Job $job

        Assert-SentThrough -Report $report -Job $job -Directory (Join-Path $copy 'Dependencies/Core')
        $report.CompiledLibraryMethods | Should -BeGreaterThan 100 -Because 'the IL is compiled as it runs'
    }
}
