# Many processes at once: ten scheduled tasks notifying at the same moment while an admin changes accounts and
# templates. Every notification is delivered or queued, none lost, none doubled, and config.json stays valid.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/Smtp4dev.psm1') -Force
    $script:server = Get-TestSmtpServer -Name Plain
    $script:modulePath = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
    $script:pwshDll = Join-Path $PSHOME 'pwsh.dll'

    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force

    function script:Start-Pwsh([string] $Script, [string] $Name) {
        $file = Join-Path $TestDrive "$Name.ps1"
        Set-Content -LiteralPath $file -Value $Script
        Start-ChildPwsh -Path $file
    }
}

AfterAll {
    Remove-Item Env:BACKUPMAIL_CONFIG_DIR -ErrorAction SilentlyContinue
}

Describe 'Ten processes notifying at once' {
    BeforeAll {
        $env:BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive 'config'
        $run = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:run = $run
        & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$modulePath'; Set-BackupMailAccount -SmtpServer localhost -Port $($server.SmtpPort) -Security None -From 'backup@example.com' -TimeoutSeconds 20; Set-BackupMailTemplate -Subject 'Conc ##BackupName##' -Body '##Status##'"
        $LASTEXITCODE | Should -Be 0

        $sender = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
`$process = [int]`$args[0]
foreach (`$i in 1..10) {
    `$r = Send-BackupNotification -BackupName ("$run-P{0:D2}-N{1:D2}" -f `$process, `$i) -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
    '{0};{1};{2}' -f `$r.BackupName, `$r.Action, `$r.QueueId
}
"@
        $admin = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
`$deadline = [DateTime]::UtcNow.AddSeconds(60)
`$i = 0
while ([DateTime]::UtcNow -lt `$deadline -and -not (Test-Path '$TestDrive/stop-admin')) {
    `$i++
    Set-BackupMailAccount -Name "Other`$i" -SmtpServer "mail`$i.example.com" -From 'x@example.com'
    Set-BackupMailTemplate -Name "T`$i" -Subject '##BackupName## ##Status##' -Body '##ExitStatus##'
    if (`$i % 3 -eq 0) { Remove-BackupMailAccount -Name "Other`$(`$i - 1)" -Confirm:`$false }
}
"changes: `$i"
"@
        $script:adminProcess = Start-Pwsh -Script $admin -Name 'admin'
        $script:senders = foreach ($p in 1..10) {
            Set-Content -LiteralPath (Join-Path $TestDrive "sender$p.ps1") -Value $sender
            Start-ChildPwsh -Path (Join-Path $TestDrive "sender$p.ps1") -Arguments "$p"
        }

        $script:reports = foreach ($process in $senders) {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit(240000)) { $process.Kill($true); throw 'A sender did not finish within 4 minutes.' }
            [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
        }
        New-Item -ItemType File -Path "$TestDrive/stop-admin" | Out-Null
        $adminOut = $adminProcess.StandardOutput.ReadToEndAsync()
        $adminErr = $adminProcess.StandardError.ReadToEndAsync()
        if (-not $adminProcess.WaitForExit(120000)) { $adminProcess.Kill($true) }
        $script:adminReport = [pscustomobject]@{ ExitCode = $adminProcess.ExitCode; Output = $adminOut.Result; Errors = $adminErr.Result }
    }

    It 'lets every process finish without an error' {
        foreach ($report in $reports) {
            $report.Errors | Should -BeNullOrEmpty
            $report.ExitCode | Should -Be 0
        }
        $adminReport.Errors | Should -BeNullOrEmpty
        $adminReport.Output | Should -Match 'changes: [1-9]'
    }

    It 'delivers or queues each of the 100 notifications exactly once' {
        $expected = foreach ($p in 1..10) { foreach ($i in 1..10) { '{0}-P{1:D2}-N{2:D2}' -f $run, $p, $i } }
        $results = $reports.Output -split "`n" | Where-Object { $_ -match ';' } | ForEach-Object {
            $name, $action, $queueId = $_.Trim() -split ';'
            [pscustomobject]@{ BackupName = $name; Action = $action; QueueId = $queueId }
        }
        @($results).Count | Should -Be 100
        @($results | Where-Object Action -NotIn 'Sent', 'Queued').Count | Should -Be 0

        # What the server holds, plus what waits in the outbox: each job once, no more, no less.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        $sentCount = @($results | Where-Object Action -EQ 'Sent').Count
        do {
            $delivered = @(Get-Smtp4devMessage -Server $server | Where-Object { $_.subject -like "Conc $run-*" } | ForEach-Object { $_.subject.Substring(5) })
            if ($delivered.Count -ge $sentCount) { break }
            Start-Sleep -Milliseconds 250
        } while ([DateTime]::UtcNow -lt $deadline)
        $queued = @(& dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$modulePath'; (Get-BackupMailQueue).BackupName")

        @($delivered | Group-Object | Where-Object Count -GT 1).Count | Should -Be 0 -Because 'no notification may arrive twice'
        @($delivered + $queued | Sort-Object -Unique) | Should -Be @($expected | Sort-Object)
        ($delivered.Count + $queued.Count) | Should -Be 100
    }

    It 'leaves a valid config.json with the admin''s changes' {
        $json = Get-Content -Raw -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') | ConvertFrom-Json
        $json.accounts.name | Should -Contain 'Default'
        @($json.templates).Count | Should -BeGreaterThan 1
        Get-ChildItem -LiteralPath $env:BACKUPMAIL_CONFIG_DIR -Filter '*.tmp' | Should -BeNullOrEmpty
    }
}
