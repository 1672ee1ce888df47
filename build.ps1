<#
.SYNOPSIS
The one entry point for building, testing and trying BackupMail.

.DESCRIPTION
Run it with the pinned PowerShell: `dotnet tool restore && dotnet pwsh ./build.ps1 -Task <task>`.

  Build  compiles the solution (Release) and lays out the module in out/BackupMail.
  Test   packages (as Package), runs the xunit and Pester suites against real smtp4dev servers, and prints
         one closing line "N passed, N failed" for all suites together. Before the suites it makes
         the test CA of the OAuth doubles in out/test-ca and sets SSL_CERT_FILE (its trust.pem) and
         BACKUPMAIL_TEST_CA for the run (see tests/BackupMail.OAuthDoubles/README.md).
  Demo   builds, starts smtp4dev with STARTTLS, pins its certificate, sends a test mail to two
         recipients and prints the message as the server received it.
  Package  builds, adds the ReadyToRun copies of the engine (build/ReadyToRun; Build leaves them out to stay fast)
         and packs out/BackupMail into out/package/BackupMail.<version>.nupkg, which Install-PSResource installs
         from a folder repository.
  Bench  runs the engine benchmarks (BenchmarkDotNet) and the whole-process timings, and writes
         bench/RESULTS.md. Needs Postfix's smtp-sink (apt-get install postfix); fails with that message without it.
  Clean  removes build output.

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Runs only the Pester files whose name matches (e.g. 'Accounts'); xunit is skipped when given.
    [string] $PesterFilter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$outDir = Join-Path $root 'out'
$moduleDir = Join-Path $outDir 'BackupMail'
$resultsDir = Join-Path $outDir 'TestResults'
# The platforms that get precompiled engine assemblies (see build/ReadyToRun); any other runs the IL.
$ReadyToRunRuntimes = 'win-x64', 'linux-x64', 'linux-arm64', 'osx-arm64'

function Invoke-Dotnet {
    # A simple function on purpose: every argument goes to dotnet as it is (no common parameters).
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-ProjectVersion {
    $props = [xml](Get-Content -LiteralPath (Join-Path $root 'Directory.Build.props') -Raw)
    ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
}

function Invoke-Build {
    function Copy-ModuleAssemblies {
        # Copies the assemblies (and their satellites in culture folders) named in -Include, or all but -Exclude;
        # no symbols, XML docs or build metadata.
        param([string] $From, [string] $To, [string[]] $Include, [string[]] $Exclude)
        $wanted = {
            param($file)
            $name = $file.BaseName -replace '\.resources$', ''
            (-not $Include -or $name -in $Include) -and $name -notin $Exclude
        }
        New-Item -ItemType Directory -Path $To -Force | Out-Null
        Get-ChildItem -LiteralPath $From -Filter '*.dll' -File | Where-Object { & $wanted $_ } | Copy-Item -Destination $To
        foreach ($culture in (Get-ChildItem -LiteralPath $From -Directory)) {
            $files = @(Get-ChildItem -LiteralPath $culture.FullName -Filter '*.resources.dll' -File | Where-Object { & $wanted $_ })
            if ($files) {
                $target = New-Item -ItemType Directory -Path (Join-Path $To $culture.Name) -Force
                $files | Copy-Item -Destination $target.FullName
            }
        }
    }

    Invoke-Dotnet build (Join-Path $root 'BackupMail.PS.sln') -c $Configuration --nologo -v quiet

    $binDir = Join-Path $root "src/BackupMail.PowerShell/bin/$Configuration/netstandard2.0"
    $coreBinDir = Join-Path $root "src/BackupMail.Isolation/bin/$Configuration/net8.0"
    if (Test-Path -LiteralPath $moduleDir) { Remove-Item -LiteralPath $moduleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $moduleDir | Out-Null

    # Beside the manifest only the cmdlets (and their German satellite) and the loader: the engine and its libraries go to
    # Dependencies/<edition>, where only the module's own resolver finds them (see src/BackupMail.Loader).
    Copy-ModuleAssemblies -From $binDir -To $moduleDir -Include 'BackupMail.PowerShell'
    Copy-ModuleAssemblies -From (Join-Path $root "src/BackupMail.Loader/bin/$Configuration/netstandard2.0") -To $moduleDir -Include 'BackupMail.Loader'
    Copy-ModuleAssemblies -From $binDir -To (Join-Path $moduleDir 'Dependencies/Desktop') -Exclude 'BackupMail.PowerShell'
    Copy-ModuleAssemblies -From $coreBinDir -To (Join-Path $moduleDir 'Dependencies/Core')
    # The engine was compiled against CodePages 10.0; .NET 8 has 8.0 in the box, so PowerShell 7.4 needs this copy.
    Copy-ModuleAssemblies -From $binDir -To (Join-Path $moduleDir 'Dependencies/Core') -Include 'System.Text.Encoding.CodePages'
    # The precompiled (ReadyToRun) copies are added by Package (and so by Test and Bench), not here: publishing them for
    # four platforms would slow down every build, and the module runs the IL copies without them.
    foreach ($folder in 'en-US', 'de-DE') {
        $source = Join-Path $root $folder
        if (Test-Path -LiteralPath $source) {
            $target = Join-Path $moduleDir $folder
            New-Item -ItemType Directory -Path $target -Force | Out-Null
            Get-ChildItem -LiteralPath $source -File | Copy-Item -Destination $target
        }
    }
    Get-ChildItem -LiteralPath $root -Filter '*.ps1xml' -File | Copy-Item -Destination $moduleDir

    # The manifest, with the version stamped in.
    $version = Get-ProjectVersion
    $manifest = Get-Content -LiteralPath (Join-Path $root 'BackupMail.psd1') -Raw
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -LiteralPath (Join-Path $moduleDir 'BackupMail.psd1') -Value $manifest -Encoding utf8NoBOM

    # MAML help, generated from docs/help/*.md (English) and docs/help/de-DE/*.md (German) and the compiled cmdlets
    # (in a child process: it imports the module).
    foreach ($help in @{ Culture = 'en-US'; Source = 'docs/help' }, @{ Culture = 'de-DE'; Source = 'docs/help/de-DE' }) {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'build/New-MamlHelp.ps1') -ModulePath $moduleDir -Culture $help.Culture `
            -SourcePath (Join-Path $root $help.Source) -OutputPath (Join-Path $moduleDir "$($help.Culture)/BackupMail.PowerShell.dll-Help.xml")
        if ($LASTEXITCODE -ne 0) { throw "Generating the $($help.Culture) MAML help failed." }
    }
    Write-Host "Built BackupMail $version in $moduleDir"
}

function Add-ReadyToRunCopies {
    # The engine, MailKit and MimeKit precompiled (ReadyToRun) for PowerShell 7.6's .NET 10 on each platform the module
    # ships to: a scheduled task's fresh pwsh then skips compiling them on its first send. Other platforms use the IL.
    # Added to the built module in out/BackupMail by Package, Test and Bench (a plain Build leaves them out).
    foreach ($runtime in $ReadyToRunRuntimes) {
        $published = Join-Path $outDir "obj/ReadyToRun/$runtime"
        Invoke-Dotnet publish (Join-Path $root 'build/ReadyToRun/ReadyToRun.csproj') -c $Configuration -r $runtime -o $published --nologo -v quiet
        $target = New-Item -ItemType Directory -Path (Join-Path $moduleDir "Dependencies/Core/ReadyToRun/$runtime") -Force
        foreach ($name in 'BackupMail.Core', 'MailKit', 'MimeKit') { Copy-Item -LiteralPath (Join-Path $published "$name.dll") -Destination $target.FullName }
    }
    Write-Host "Added the ReadyToRun copies for $($ReadyToRunRuntimes -join ', ')"
}

function New-ModulePackage {
    # Packs the built module (out/BackupMail) into out/package/BackupMail.<version>.nupkg with PSResourceGet, in a
    # child process: validating the manifest loads the module, which never loads into the build's own session.
    $packageDir = Join-Path $outDir 'package'
    if (Test-Path -LiteralPath $packageDir) { Remove-Item -LiteralPath $packageDir -Recurse -Force }
    New-Item -ItemType Directory -Path $packageDir | Out-Null
    $quote = { param($Text) "'" + ($Text -replace "'", "''") + "'" }
    # PSResourceGet writes its repository list on first use; on Linux and macOS it goes under out/, not the user's home.
    $previousDataHome = $env:XDG_DATA_HOME
    $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Path (Join-Path $outDir 'psresourceget-data') -Force).FullName
    try {
        & dotnet pwsh -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; Compress-PSResource -Path $(& $quote $moduleDir) -DestinationPath $(& $quote $packageDir)"
    }
    finally {
        $env:XDG_DATA_HOME = $previousDataHome
    }
    $package = Join-Path $packageDir "BackupMail.$(Get-ProjectVersion).nupkg"
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $package)) { throw "Packing the module into $package failed." }
    Write-Host "Packed $package"
}

function Invoke-Package {
    Invoke-Build
    Add-ReadyToRunCopies
    New-ModulePackage
}

function Start-TestServers {
    Import-Module (Join-Path $root 'tests/Support/Smtp4dev.psm1') -Force
    $password = 'Bm-' + [guid]::NewGuid().ToString('N').Substring(0, 16)
    $servers = [ordered]@{}
    try {
        $servers.Tls = Start-Smtp4dev -Name 'Tls' -TlsMode StartTls -UserName 'backup@example.com' -Password $password
        $servers.Plain = Start-Smtp4dev -Name 'Plain' -TlsMode None
    }
    catch {
        $servers.Values | Stop-Smtp4dev
        throw
    }
    $servers
}

function Invoke-XunitTests {
    $trx = Join-Path $resultsDir 'xunit.trx'
    Remove-Item -LiteralPath $trx -ErrorAction SilentlyContinue
    # SSL_CERT_FILE and BACKUPMAIL_TEST_CA are set by Invoke-Test (see Initialize-TestCertificateAuthority).
    & dotnet test (Join-Path $root 'tests/BackupMail.Core.Tests/BackupMail.Core.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    if (-not (Test-Path -LiteralPath $trx)) {
        Write-Warning 'xunit wrote no results file; counting the run as one failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

function Invoke-PesterTests {
    param($Servers)
    Invoke-Dotnet restore (Join-Path $root 'build/Tools.csproj') --nologo -v quiet
    $serversFile = Join-Path $resultsDir 'servers.json'
    $Servers | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $serversFile -Encoding utf8NoBOM
    $countsFile = Join-Path $resultsDir 'pester-counts.json'
    Remove-Item -LiteralPath $countsFile -ErrorAction SilentlyContinue

    # Pester runs in a child process: the module under test never loads into the build's own session.
    $env:BACKUPMAIL_TEST_SERVERS = $serversFile
    # Plain text from every pwsh the tests start: no terminal colour codes inside error texts.
    $env:NO_COLOR = '1'
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Support/Invoke-PesterSuite.ps1') `
            -PesterPath (Join-Path $outDir 'packages/pester/5.7.1/tools/Pester.psd1') `
            -TestPath (Join-Path $root 'tests') -Filter $PesterFilter `
            -CountsPath $countsFile | Out-Host
    }
    finally {
        Remove-Item Env:BACKUPMAIL_TEST_SERVERS, Env:NO_COLOR -ErrorAction SilentlyContinue
    }
    if (-not (Test-Path -LiteralPath $countsFile)) {
        Write-Warning 'Pester wrote no counts; counting the run as one failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    Get-Content -LiteralPath $countsFile -Raw | ConvertFrom-Json
}

function Initialize-TestCertificateAuthority {
    # The OAuth doubles (tests/BackupMail.OAuthDoubles) serve HTTPS and STARTTLS with certificates from a test CA in
    # out/test-ca (made once, then reused). Test processes trust it through SSL_CERT_FILE = trust.pem (the system bundle
    # followed by the CA), which .NET on Linux reads when a process starts: so it is set before any test process starts.
    $caDir = Join-Path $outDir 'test-ca'
    $doubles = Join-Path $root "tests/BackupMail.OAuthDoubles/bin/$Configuration/net10.0/BackupMail.OAuthDoubles.dll"
    Invoke-Dotnet $doubles --make-ca $caDir | Out-Null
    [pscustomobject]@{ Directory = $caDir; TrustFile = Join-Path $caDir 'trust.pem' }
}

function Invoke-Test {
    # The tests need the package (tests/Package.Tests.ps1) and the module as it ships, ReadyToRun copies included
    # (tests/ReadyToRun.Tests.ps1): the same steps as Package.
    Invoke-Package
    New-Item -ItemType Directory -Path $resultsDir -Force | Out-Null
    $suites = [System.Collections.Generic.List[object]]::new()

    $ca = Initialize-TestCertificateAuthority
    $previous = @{ SSL_CERT_FILE = $env:SSL_CERT_FILE; BACKUPMAIL_TEST_CA = $env:BACKUPMAIL_TEST_CA }
    $env:SSL_CERT_FILE = $ca.TrustFile
    $env:BACKUPMAIL_TEST_CA = $ca.Directory
    try {
        if (-not $PesterFilter) { $suites.Add((Invoke-XunitTests)) }

        $servers = Start-TestServers
        try {
            $suites.Add((Invoke-PesterTests -Servers $servers))
        }
        finally {
            $servers.Values | Stop-Smtp4dev
        }
    }
    finally {
        foreach ($name in $previous.Keys) {
            if ($null -eq $previous[$name]) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
            else { Set-Item "Env:$name" $previous[$name] }
        }
    }

    $passed = ($suites | Measure-Object -Property Passed -Sum).Sum
    $failed = ($suites | Measure-Object -Property Failed -Sum).Sum
    if ($passed + $failed -eq 0) { $failed = 1; Write-Warning 'No test ran.' }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $root 'tests/Support/Smtp4dev.psm1') -Force
    $server = Start-Smtp4dev -Name 'Demo' -TlsMode StartTls
    $configDir = Join-Path ([System.IO.Path]::GetTempPath()) "backupmail-demo-$([guid]::NewGuid().ToString('N'))"
    $previousConfigDir = $env:BACKUPMAIL_CONFIG_DIR
    try {
        $env:BACKUPMAIL_CONFIG_DIR = $configDir
        $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($server.CertificatePath)
        $thumbprint = $certificate.GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256)

        # The demo runs the module in a fresh pwsh, exactly as a scheduled task would.
        $script = @'
param($ModulePath, $Port, $Thumbprint)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Write-Host "> Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security StartTls -From 'backup@demo.example' -CertificateThumbprint $Thumbprint"
Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security StartTls -From 'BackupMail Demo <backup@demo.example>' -CertificateThumbprint $Thumbprint
Get-BackupMailAccount | Format-List Name, SmtpServer, Port, Security, From, CertificateThumbprint
Write-Host "> Send-BackupMailTest -To 'alice@demo.example, bob@demo.example'"
Send-BackupMailTest -To 'alice@demo.example, bob@demo.example' | Format-List BackupName, Status, Action, To, Subject, MessageId, ServerResponse
'@
        $scriptPath = Join-Path $configDir 'demo.ps1'
        New-Item -ItemType Directory -Path $configDir -Force | Out-Null
        Set-Content -LiteralPath $scriptPath -Value $script -Encoding utf8NoBOM
        & dotnet pwsh -NoProfile -NonInteractive -File $scriptPath $moduleDir $server.SmtpPort $thumbprint
        if ($LASTEXITCODE -ne 0) { throw "The demo's send failed (exit code $LASTEXITCODE)." }

        $message = Get-Smtp4devMessage -Server $server -Count 1 | Select-Object -First 1
        if (-not $message) { throw 'smtp4dev received no message.' }
        Write-Host ''
        Write-Host '--- The message as smtp4dev received it ---'
        Write-Host "From:    $($message.from)"
        Write-Host "To:      $(@($message.to) -join ', ')"
        Write-Host "Subject: $($message.subject)"
        Write-Host ''
        Write-Host (Get-Smtp4devPlainText -Server $server -Id $message.id)
    }
    finally {
        $env:BACKUPMAIL_CONFIG_DIR = $previousConfigDir
        Stop-Smtp4dev -Server $server
        Remove-Item -LiteralPath $configDir -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function ConvertTo-Milliseconds {
    # BenchmarkDotNet's CSV writes times like "1,234.5 us"; this turns them into milliseconds.
    param([string] $Text)
    if ($Text -notmatch '^\s*([\d,.]+)\s*(ns|us|μs|ms|s)\s*$') { return $null }
    $value = [double]::Parse($Matches[1].Replace(',', ''), [cultureinfo]::InvariantCulture)
    switch ($Matches[2]) { 'ns' { $value / 1e6 } 'us' { $value / 1e3 } 'μs' { $value / 1e3 } 'ms' { $value } 's' { $value * 1e3 } }
}

function Invoke-Bench {
    # Postfix's smtp-sink is the plain SMTP sink of the whole-process timings. The build installs nothing: say what is
    # missing and how to get it, before anything slow runs.
    if (-not (Test-Path -LiteralPath '/usr/sbin/smtp-sink')) {
        throw ("Bench needs Postfix's smtp-sink (/usr/sbin/smtp-sink) as the plain SMTP sink of the whole-process timings, " +
            "and it is not installed. Install Postfix, then run Bench again: on Debian or Ubuntu " +
            "'sudo apt-get install postfix' (choose 'No configuration' when asked; smtp-sink needs no running mail system), " +
            "on Fedora or RHEL 'sudo dnf install postfix'.")
    }
    # The module as it ships, ReadyToRun copies included: the timings measure what a scheduled task runs.
    Invoke-Build
    Add-ReadyToRunCopies
    $benchProject = Join-Path $root 'bench/BackupMail.Benchmarks/BackupMail.Benchmarks.csproj'
    Invoke-Dotnet build $benchProject -c Release --nologo -v quiet
    $artifacts = Join-Path $outDir 'bench'
    Remove-Item -LiteralPath $artifacts -Recurse -Force -ErrorAction SilentlyContinue
    $benchDll = Join-Path $root 'bench/BackupMail.Benchmarks/bin/Release/net10.0/BackupMail.Benchmarks.dll'

    & dotnet $benchDll --filter '*' --exporters github csv --artifacts $artifacts | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'The engine benchmarks failed.' }
    $peak = & dotnet $benchDll attachment-peak
    if ($LASTEXITCODE -ne 0) { throw 'The attachment peak-memory run failed.' }

    $processSection = Join-Path $artifacts 'process.md'
    # The OAuth case runs against the OAuth doubles, whose test CA the measured processes trust (as in Test).
    $ca = Initialize-TestCertificateAuthority
    $previous = @{ SSL_CERT_FILE = $env:SSL_CERT_FILE; BACKUPMAIL_TEST_CA = $env:BACKUPMAIL_TEST_CA }
    $env:SSL_CERT_FILE = $ca.TrustFile
    $env:BACKUPMAIL_TEST_CA = $ca.Directory
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'bench/Measure-Process.ps1') -ModulePath $moduleDir -OutputPath $processSection | Out-Host
        if ($LASTEXITCODE -ne 0) { throw 'The whole-process timings failed.' }
    }
    finally {
        foreach ($name in $previous.Keys) {
            if ($null -eq $previous[$name]) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } else { Set-Item "Env:$name" $previous[$name] }
        }
    }

    $cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memory = (Get-Content /proc/meminfo -ErrorAction SilentlyContinue | Select-Object -First 1) -replace '^MemTotal:\s*', ''
    $report = [System.Collections.Generic.List[string]]::new()
    $report.Add('# BackupMail benchmark results')
    $report.Add('')
    $report.Add("Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC$(Get-Date -Format 'zzz') by ``dotnet pwsh ./build.ps1 -Task Bench``.")
    $report.Add("Machine: $([Environment]::ProcessorCount) cores ($cpu), $memory memory, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion).")
    $report.Add('')
    $report.Add('# Engine (BenchmarkDotNet)')
    foreach ($file in (Get-ChildItem -LiteralPath (Join-Path $artifacts 'results') -Filter '*-report-github.md' | Sort-Object Name)) {
        $report.Add('')
        $report.Add("## $($file.BaseName -replace '^BackupMail\.Benchmarks\.', '' -replace '-report-github$', '')")
        $report.Add('')
        Get-Content -LiteralPath $file.FullName | Where-Object { $_ -notmatch '^```' } | ForEach-Object { $report.Add($_) }
    }
    $report.Add('')
    $report.Add("Peak working set while attaching a 1 GB text log (one run, its own process): ``$peak``")
    $report.Add('')

    $csv = Get-ChildItem -LiteralPath (Join-Path $artifacts 'results') -Filter '*RobocopySummaryBenchmarks-report.csv' | Select-Object -First 1
    $summaryTimes = if ($csv) { Import-Csv -LiteralPath $csv.FullName | ForEach-Object { [pscustomobject]@{ Bytes = [long]$_.LogBytes; Ms = ConvertTo-Milliseconds $_.Mean } } } else { @() }
    $peakMb = if ($peak -match 'peak working set (\d+) MB') { [int]$Matches[1] } else { $null }
    Get-Content -LiteralPath $processSection | ForEach-Object { $report.Add($_) }
    $verdict = { param($ok) if ($ok) { 'met' } else { '**missed**' } }
    if ($summaryTimes) {
        $small = ($summaryTimes | Sort-Object Bytes | Select-Object -First 1).Ms
        $large = ($summaryTimes | Sort-Object Bytes | Select-Object -Last 1).Ms
        $report.Add(('| robocopy summary: same time for 10 MB and 10 GB, under 20 ms | {0:N3} ms / {1:N3} ms | {2} |' -f $small, $large, (& $verdict ($large -lt 20 -and $large -le [math]::Max($small * 2, $small + 0.5)))))
    }
    if ($null -ne $peakMb) {
        $report.Add(('| attaching a 1 GB log: peak working set under 100 MB | {0} MB | {1} |' -f $peakMb, (& $verdict ($peakMb -lt 100))))
    }
    $report.Add('')
    Get-Content -LiteralPath (Join-Path $root 'bench/LIMITS.md') | ForEach-Object { $report.Add($_) }
    Set-Content -LiteralPath (Join-Path $root 'bench/RESULTS.md') -Value $report -Encoding utf8NoBOM
    Write-Host "Wrote $(Join-Path $root 'bench/RESULTS.md')"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' {
        Invoke-Dotnet clean (Join-Path $root 'BackupMail.PS.sln') -c $Configuration --nologo -v quiet
        Remove-Item -LiteralPath $outDir -Recurse -Force -ErrorAction SilentlyContinue
    }
}
