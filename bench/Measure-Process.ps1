<#
.SYNOPSIS
Whole-process timings: what a scheduled task pays (a fresh pwsh, import, one send), and the pipeline.

.DESCRIPTION
Every case runs in a fresh PowerShell process (the pinned one, and a ReadyToRun-compiled copy of it standing in
for PowerShell's own packages; both started as `dotnet pwsh.dll`, so the `dotnet tool` launcher's own start-up
is not counted) after one warm-up run, in interleaved rounds, against local smtp4dev
servers started here, all in the same run: Postfix's smtp-sink (a sink that only speaks SMTP) for the plain
cases and the pipeline, smtp4dev for STARTTLS and authentication. Writes a Markdown section to -OutputPath.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [int] $Runs = 15,
    [int] $PipelineCount = 1000,
    [int] $PipelineRuns = 5
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Resolve-Path "$PSScriptRoot/.."
Import-Module (Join-Path $root 'tests/Support/Smtp4dev.psm1') -Force
Import-Module (Join-Path $root 'tests/Support/OAuthDoubles.psm1') -Force

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$work = Join-Path ([System.IO.Path]::GetTempPath()) "backupmail-bench-$([guid]::NewGuid().ToString('N'))"
New-Item -ItemType Directory -Path $work | Out-Null

function Measure-Median {
    param([double[]] $Values)
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-RatioInterval {
    # How far the ratio of two medians could move on this machine: a 95 % bootstrap interval (each case's runs drawn
    # again with replacement, 2,000 times; a fixed seed, so a report can be checked).
    param([double[]] $Numerator, [double[]] $Denominator, [int] $Resamples = 2000)
    $random = [System.Random]::new(1)
    $ratios = [double[]]::new($Resamples)
    for ($i = 0; $i -lt $Resamples; $i++) {
        $top = [double[]]::new($Numerator.Count); $bottom = [double[]]::new($Denominator.Count)
        for ($j = 0; $j -lt $top.Count; $j++) { $top[$j] = $Numerator[$random.Next($Numerator.Count)] }
        for ($j = 0; $j -lt $bottom.Count; $j++) { $bottom[$j] = $Denominator[$random.Next($Denominator.Count)] }
        $ratios[$i] = (Measure-Median $top) / (Measure-Median $bottom)
    }
    [array]::Sort($ratios)
    [pscustomobject]@{ Low = $ratios[[int]($Resamples * 0.025)]; High = $ratios[[int]($Resamples * 0.975) - 1] }
}

function Measure-Cases {
    # Runs each case (`pwsh -NoProfile -NonInteractive -Command`) once to warm up, then $Runs rounds that run every
    # case once in turn, so that a machine getting busier or quieter affects all cases alike; milliseconds.
    param([object[]] $Cases)
    $times = @{}
    foreach ($round in 0..$Runs) {
        foreach ($case in $Cases) {
            $saved = @{}
            foreach ($key in $case.Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $case.Environment[$key]) }
            try {
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                & dotnet $case.Pwsh -NoProfile -NonInteractive -Command $case.Command | Out-Null
                $watch.Stop()
                if ($LASTEXITCODE -ne 0) { throw "$($case.Name) failed (exit code $LASTEXITCODE): $($case.Command)" }
            }
            finally {
                foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
            }
            if ($round -gt 0) { $times["$($case.PowerShell)|$($case.Name)"] += @($watch.Elapsed.TotalMilliseconds) }
        }
    }
    foreach ($case in $Cases) {
        $values = $times["$($case.PowerShell)|$($case.Name)"]
        [pscustomobject]@{ PowerShell = $case.PowerShell; Name = $case.Name; Median = (Measure-Median $values); Min = ($values | Measure-Object -Minimum).Minimum; Max = ($values | Measure-Object -Maximum).Maximum; Values = $values }
    }
}

function Start-SmtpSink {
    $port = Get-FreeTcpPort
    $process = Start-Process -FilePath '/usr/sbin/smtp-sink' -ArgumentList '-u', 'nobody', "127.0.0.1:$port", '256' -PassThru `
        -RedirectStandardOutput (Join-Path $work 'sink.out') -RedirectStandardError (Join-Path $work 'sink.err')
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        try { $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $client.Dispose(); break }
        catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'smtp-sink did not start.' }; Start-Sleep -Milliseconds 100 }
    }
    [pscustomobject]@{ SmtpPort = $port; Process = $process }
}

$plain = Start-SmtpSink
$tls = Start-Smtp4dev -Name 'BenchTls' -TlsMode StartTls
$auth = Start-Smtp4dev -Name 'BenchAuth' -TlsMode StartTls -UserName 'bench@example.com' -Password 'Bench-Pass-123'
# Microsoft 365 as the OAuth doubles play it (identity provider and SMTP XOAUTH2 over the test CA that build.ps1 trusts).
$doubles = Start-OAuthDoubles
$oauthTenant = '0be1c4a2-0000-4000-8000-00000000be1c'
$oauthClient = '0be1c4a2-1111-4000-8000-00000000be1c'
$null = Register-OAuthDoublesTenant -Doubles $doubles -Id $oauthTenant -Domain 'bench.onmicrosoft.com'
$null = Register-OAuthDoublesApp -Doubles $doubles -TenantId $oauthTenant -ClientId $oauthClient -Secret 'Bench-Client-Secret' -Role @{ 'https://outlook.office365.com' = 'SMTP.SendAsApp' }
$null = Register-OAuthDoublesUser -Doubles $doubles -TenantId $oauthTenant -UserName 'bench@example.com'
# A password account on the same server, for a like-for-like comparison (same TLS, same certificate check).
$null = Set-OAuthDoublesSetting -Doubles $doubles -SmtpPasswordAuth Accept
try {
    $thumbprintOf = { param($server) [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($server.CertificatePath).GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256) }
    $testModules = Join-Path $root 'tests/TestModules'
    $vaultDir = Join-Path $work 'vault'
    $configs = @{}
    foreach ($case in 'Plain', 'Tls', 'Vault', 'OAuth', 'OAuthServerPassword') { $configs[$case] = Join-Path $work "config-$case" }

    # The accounts, set up once as an admin would (the vault case through the SecretManagement test double).
    $setup = @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$testModules' + [IO.Path]::PathSeparator + `$env:PSModulePath
`$env:BACKUPMAIL_TEST_VAULT_DIR = '$vaultDir'
Import-Module '$ModulePath'
`$env:BACKUPMAIL_CONFIG_DIR = '$($configs.Plain)'
Set-BackupMailAccount -SmtpServer localhost -Port $($plain.SmtpPort) -Security None -From 'bench@example.com'
`$env:BACKUPMAIL_CONFIG_DIR = '$($configs.Tls)'
Set-BackupMailAccount -SmtpServer localhost -Port $($tls.SmtpPort) -Security StartTls -From 'bench@example.com' -CertificateThumbprint '$(& $thumbprintOf $tls)'
`$env:BACKUPMAIL_CONFIG_DIR = '$($configs.Vault)'
Register-SecretVault -Name BenchVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -ErrorAction SilentlyContinue
`$credential = [pscredential]::new('bench@example.com', (ConvertTo-SecureString 'Bench-Pass-123' -AsPlainText -Force))
Set-BackupMailAccount -SmtpServer localhost -Port $($auth.SmtpPort) -Security StartTls -From 'bench@example.com' -CertificateThumbprint '$(& $thumbprintOf $auth)' -Credential `$credential
`$env:BACKUPMAIL_CONFIG_DIR = '$($configs.OAuth)'
Set-BackupMailAccount -Authentication OAuthApp -SmtpServer localhost -Port $($doubles.SmtpPort) -Security StartTls -From 'bench@example.com' ``
    -TenantId '$oauthTenant' -ClientId '$oauthClient' -ClientSecret (ConvertTo-SecureString 'Bench-Client-Secret' -AsPlainText -Force) -AuthorityHost '$($doubles.AuthorityHost)'
`$env:BACKUPMAIL_CONFIG_DIR = '$($configs.OAuthServerPassword)'
Set-BackupMailAccount -SmtpServer localhost -Port $($doubles.SmtpPort) -Security StartTls -From 'bench@example.com' -Credential `$credential -SecretName 'BackupMail-Bench-SamePassword'
`$env:BACKUPMAIL_CONFIG_DIR = '$($configs.OAuth)'
# The first send buys the token; every measured run finds it in the vault.
`$null = Send-BackupNotification -BackupName Bench -Status Success -To 'admin@example.com' -ErrorAction Stop
"@
    & dotnet $pwshDll -NoProfile -NonInteractive -Command $setup
    if ($LASTEXITCODE -ne 0) { throw 'Setting up the benchmark accounts failed.' }

    $send = "Import-Module '$ModulePath'; `$null = Send-BackupNotification -BackupName Bench -Status Success -To 'admin@example.com' -ErrorAction Stop"
    $vaultEnvironment = @{ BACKUPMAIL_CONFIG_DIR = $configs.Vault; BACKUPMAIL_TEST_VAULT_DIR = $vaultDir; PSModulePath = $testModules + [IO.Path]::PathSeparator + $env:PSModulePath }
    $oauthEnvironment = $vaultEnvironment.Clone()
    $oauthEnvironment.BACKUPMAIL_CONFIG_DIR = $configs.OAuth
    $oauthPasswordEnvironment = $vaultEnvironment.Clone()
    $oauthPasswordEnvironment.BACKUPMAIL_CONFIG_DIR = $configs.OAuthServerPassword
    $tokenRequestsBefore = (Get-OAuthDoublesStatistics -Doubles $doubles).totalTokenRequests
    # The same cases on the pinned PowerShell (IL only) and on a ReadyToRun-compiled copy of it, as PowerShell's own
    # packages ship (see New-ReadyToRunPowerShell.ps1). The plain cases also as `pwsh` is typed in this repository
    # (`dotnet pwsh`): the dotnet tool's launcher first finds the tool through the repository's manifest, a fixed cost
    # that the other two leave out and that makes every ratio smaller.
    $readyToRunPwsh = & (Join-Path $PSScriptRoot 'New-ReadyToRunPowerShell.ps1') -Destination (Join-Path $work 'pwsh-readytorun')
    $plainCases = 'pwsh -NoProfile -c exit', 'Send-MailMessage (plain)', 'Send-BackupNotification (anonymous, plain)'
    $powerShells = @(
        @{ Name = 'pinned tool (IL)'; Dll = $pwshDll }
        @{ Name = 'ReadyToRun'; Dll = $readyToRunPwsh }
        @{ Name = 'pinned tool, started as dotnet pwsh'; Dll = 'pwsh'; Only = $plainCases }
    )
    $cases = foreach ($powerShell in $powerShells) {
        foreach ($case in @(
            @{ Name = 'pwsh -NoProfile -c exit'; Command = 'exit'; Environment = @{} }
            @{ Name = 'Send-MailMessage (plain)'; Command = "Send-MailMessage -SmtpServer localhost -Port $($plain.SmtpPort) -From bench@example.com -To admin@example.com -Subject Bench -Body Bench -WarningAction SilentlyContinue"; Environment = @{} }
            @{ Name = 'Import-Module BackupMail'; Command = "Import-Module '$ModulePath'"; Environment = @{} }
            @{ Name = 'Send-BackupNotification (anonymous, plain)'; Command = $send; Environment = @{ BACKUPMAIL_CONFIG_DIR = $configs.Plain } }
            @{ Name = 'Send-BackupNotification (STARTTLS, pinned)'; Command = $send; Environment = @{ BACKUPMAIL_CONFIG_DIR = $configs.Tls } }
            @{ Name = 'Send-BackupNotification (STARTTLS, vault credential)'; Command = $send; Environment = $vaultEnvironment }
            @{ Name = 'Send-BackupNotification (STARTTLS, OAuth token cached in the vault)'; Command = $send; Environment = $oauthEnvironment }
            @{ Name = 'Send-BackupNotification (STARTTLS, vault password, the OAuth case''s server)'; Command = $send; Environment = $oauthPasswordEnvironment }
        )) {
            if (-not $powerShell.ContainsKey('Only') -or $case.Name -in $powerShell.Only) { $case + @{ PowerShell = $powerShell.Name; Pwsh = $powerShell.Dll } }
        }
    }
    # `dotnet pwsh` finds the tool through the manifest of the folder it starts in.
    Push-Location $root
    try { $results = @(Measure-Cases -Cases $cases) } finally { Pop-Location }
    $tokenRequestsDuringRuns = (Get-OAuthDoublesStatistics -Doubles $doubles).totalTokenRequests - $tokenRequestsBefore

    # Import alone, measured inside the process (no process start-up in it).
    $importTimes = foreach ($run in 0..$Runs) {
        $ms = & dotnet $pwshDll -NoProfile -NonInteractive -Command "[math]::Round((Measure-Command { Import-Module '$ModulePath' }).TotalMilliseconds, 1)"
        if ($run -gt 0) { [double]$ms }
    }

    # In one process: N notifications through the pipeline (one connection) against N separate calls.
    $pipelineScript = @"
Import-Module '$ModulePath'
`$jobs = 1..$PipelineCount | ForEach-Object { [pscustomobject]@{ BackupName = "Job`$_"; Status = 'Success' } }
`$null = `$jobs | Select-Object -First 20 | Send-BackupNotification -To 'admin@example.com'
`$pipeline = Measure-Command { `$null = `$jobs | Send-BackupNotification -To 'admin@example.com' }
`$single = Measure-Command { foreach (`$job in `$jobs) { `$null = Send-BackupNotification -BackupName `$job.BackupName -Status Success -To 'admin@example.com' } }
'{0};{1}' -f `$pipeline.TotalMilliseconds, `$single.TotalMilliseconds
"@
    # In $PipelineRuns processes on each PowerShell, taking turns; the medians of their totals.
    $pipelinePowerShells = @($powerShells | Where-Object { -not $_.ContainsKey('Only') })
    $pipelineTotals = @{}
    $saved = $env:BACKUPMAIL_CONFIG_DIR
    $env:BACKUPMAIL_CONFIG_DIR = $configs.Plain
    try {
        foreach ($run in 1..$PipelineRuns) {
            foreach ($powerShell in $pipelinePowerShells) {
                $pipelineOutput = & dotnet $powerShell.Dll -NoProfile -NonInteractive -Command $pipelineScript | Select-Object -Last 1
                $pipeline, $single = ($pipelineOutput -split ';') | ForEach-Object { [double]$_ }
                $pipelineTotals[$powerShell.Name] += @([pscustomobject]@{ Pipeline = $pipeline; Single = $single })
            }
        }
    }
    finally { $env:BACKUPMAIL_CONFIG_DIR = $saved }
}
finally {
    $plain.Process.Kill(); $plain.Process.WaitForExit(5000) | Out-Null
    $tls, $auth | Stop-Smtp4dev
    Stop-OAuthDoubles -Doubles $doubles
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

function Get-Result { param([string] $PowerShell, [string] $Case) $results | Where-Object { $_.PowerShell -eq $PowerShell -and $_.Name -eq $Case } }
function Get-Median { param([string] $PowerShell, [string] $Case) (Get-Result $PowerShell $Case).Median }
$coldRatio = [ordered]@{}
$coldInterval = @{}
foreach ($powerShell in $powerShells.Name) {
    $cold = Get-Result $powerShell 'Send-BackupNotification (anonymous, plain)'
    $bare = Get-Result $powerShell 'pwsh -NoProfile -c exit'
    $coldRatio[$powerShell] = $cold.Median / $bare.Median
    $coldInterval[$powerShell] = Measure-RatioInterval -Numerator $cold.Values -Denominator $bare.Values
}
$importMedian = Measure-Median $importTimes
$perMessagePipeline = [ordered]@{}
foreach ($powerShell in $pipelinePowerShells.Name) { $perMessagePipeline[$powerShell] = (Measure-Median $pipelineTotals[$powerShell].Pipeline) / $PipelineCount }

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('## Whole process')
$lines.Add('')
$lines.Add("Each case: a fresh ``pwsh`` (started as ``dotnet pwsh.dll``), one warm-up run, then $Runs rounds that run every case once in turn; milliseconds. Plain cases send to Postfix's smtp-sink, STARTTLS cases to smtp4dev.")
$lines.Add('')
$lines.Add('PowerShell: *pinned tool (IL)* is the `PowerShell` dotnet tool this repository pins, which ships IL only; *ReadyToRun* is the same PowerShell with its assemblies compiled ahead of time, as PowerShell''s own packages (MSI, deb, rpm, tar.gz) ship them (bench/New-ReadyToRunPowerShell.ps1); *started as dotnet pwsh* is the pinned tool started the way `pwsh` is typed in this repository, through the dotnet tool launcher, whose fixed start-up cost is in every case of that row. Ratios are to the bare start of the same PowerShell, started the same way.')
$lines.Add('')
$lines.Add('| PowerShell | case | median | min | max | median / bare pwsh | median / Send-MailMessage |')
$lines.Add('| --- | --- | ---: | ---: | ---: | ---: | ---: |')
foreach ($r in $results) {
    $bare = Get-Median $r.PowerShell 'pwsh -NoProfile -c exit'
    $sendMailMessage = Get-Median $r.PowerShell 'Send-MailMessage (plain)'
    $lines.Add(('| {0} | {1} | {2:N0} | {3:N0} | {4:N0} | {5:N2} | {6:N2} |' -f $r.PowerShell, $r.Name, $r.Median, $r.Min, $r.Max, ($r.Median / $bare), ($r.Median / $sendMailMessage)))
}
$lines.Add('')
$lines.Add(('`Import-Module` measured inside the process (Measure-Command), median of {0}: **{1:N1} ms**.' -f $Runs, $importMedian))
$lines.Add('')
$lines.Add("## One process, $PipelineCount notifications (anonymous, plain, Postfix smtp-sink), median of $PipelineRuns processes on each PowerShell")
$lines.Add('')
$lines.Add('| PowerShell | how | total ms | ms per message |')
$lines.Add('| --- | --- | ---: | ---: |')
foreach ($powerShell in $perMessagePipeline.Keys) {
    $totals = $pipelineTotals[$powerShell]
    $lines.Add(('| {0} | through the pipeline (one connection) | {1:N0} | {2:N3} (processes: {3:N3} to {4:N3}) |' -f $powerShell, (Measure-Median $totals.Pipeline), $perMessagePipeline[$powerShell], (($totals.Pipeline | Measure-Object -Minimum).Minimum / $PipelineCount), (($totals.Pipeline | Measure-Object -Maximum).Maximum / $PipelineCount)))
    $lines.Add(('| {0} | one call per message | {1:N0} | {2:N3} |' -f $powerShell, (Measure-Median $totals.Single), ((Measure-Median $totals.Single) / $PipelineCount)))
}
$lines.Add('')
$lines.Add('## Targets')
$lines.Add('')
$verdict = { param($ok) if ($ok) { 'met' } else { '**missed**' } }
$lines.Add('| target | measured | verdict |')
$lines.Add('| --- | ---: | --- |')
foreach ($powerShell in $coldRatio.Keys) {
    $lines.Add(('| cold Send-BackupNotification (anonymous, plain) at most 1.25 × bare pwsh, {0} | {1:N2} × (95 % interval {2:N2} to {3:N2}) | {4} |' -f $powerShell, $coldRatio[$powerShell], $coldInterval[$powerShell].Low, $coldInterval[$powerShell].High, (& $verdict ($coldRatio[$powerShell] -le 1.25))))
}
$lines.Add(('| Import-Module at most 150 ms | {0:N1} ms | {1} |' -f $importMedian, (& $verdict ($importMedian -le 150))))
foreach ($powerShell in $perMessagePipeline.Keys) {
    $lines.Add(('| pipeline at most 0.5 ms per message, {0} | {1:N3} ms | {2} |' -f $powerShell, $perMessagePipeline[$powerShell], (& $verdict ($perMessagePipeline[$powerShell] -le 0.5))))
}
foreach ($powerShell in $pipelinePowerShells.Name) {
    # The same server (the Exchange Online double), the same TLS and certificate check, one secret read from the same vault.
    $extra = (Get-Median $powerShell 'Send-BackupNotification (STARTTLS, OAuth token cached in the vault)') - (Get-Median $powerShell 'Send-BackupNotification (STARTTLS, vault password, the OAuth case''s server)')
    $lines.Add(('| a cached OAuth token at most 20 ms more than a password account, {0} | {1:N0} ms | {2} |' -f $powerShell, $extra, (& $verdict ($extra -le 20))))
}
$lines.Add(('| a cached OAuth token asks the identity provider nothing (token requests during {0} runs of each PowerShell) | {1} | {2} |' -f ($Runs + 1), $tokenRequestsDuringRuns, (& $verdict ($tokenRequestsDuringRuns -eq 0))))
Set-Content -LiteralPath $OutputPath -Value $lines -Encoding utf8NoBOM
$lines | Write-Host
