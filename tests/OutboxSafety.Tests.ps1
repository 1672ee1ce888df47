# "Never lost": damaged outbox items block nothing, a send killed mid-way (kill -9, SIGTERM) leaves the message queued,
# and a message refused for good is kept in outbox/failed, re-sendable after the fix. The built module in real pwsh
# processes against smtp4dev.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:modulePath = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
    $script:closedPort = Get-FreeTcpPort

    # A notification queued for real (the server is down), for a test to damage.
    function script:New-QueuedItem {
        param([string] $Job)
        Set-BackupMailAccount -Port $closedPort
        $queued = Send-BackupNotification -BackupName $Job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        $queued.Action | Should -Be 'Queued'
        Set-BackupMailAccount -Port $plain.SmtpPort
        # Due now, as if its backoff had passed.
        $json = Join-Path $env:BACKUPMAIL_CONFIG_DIR "outbox/$($queued.QueueId).json"
        $item = Get-Content -LiteralPath $json -Raw | ConvertFrom-Json
        $item.nextAttempt = [DateTimeOffset]::UtcNow.AddMinutes(-1).ToString('o')
        $item | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $json
        $queued
    }

    function script:Get-OutboxFile {
        param([string] $Id, [string] $Extension, [switch] $Failed)
        $folder = if ($Failed) { 'outbox/failed' } else { 'outbox' }
        Join-Path $env:BACKUPMAIL_CONFIG_DIR "$folder/$Id$Extension"
    }

    # Starts a notification in a PowerShell process of its own (pwsh.dll started directly: the process that runs
    # PowerShell, not a launcher in front of it) against a server that accepts the connection and never greets.
    function script:Start-HungSend {
        param([string] $Job, [int] $Port, [string] $LogPath)
        $attach = if ($LogPath) { "-LogPath '$LogPath' -AttachLog" } else { '' }
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
Send-BackupNotification -BackupName '$Job' -Status Failure -To 'admin@example.com' $attach
"@
        $path = Join-Path $TestDrive "hung-$Job.ps1"
        Set-Content -LiteralPath $path -Value $script
        Start-ChildPwsh -Path $path
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'A damaged outbox item' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        Set-BackupMailAccount -TimeoutSeconds 3
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status##' -Body 'Status=##Status##'
        $script:job = "Damaged-$([guid]::NewGuid().ToString('N'))"
    }

    It 'without a From line is moved to outbox/failed, and the next notification still goes out' {
        $queued = New-QueuedItem -Job "$job-old"
        $eml = Get-OutboxFile -Id $queued.QueueId -Extension '.eml'
        (Get-Content -LiteralPath $eml) | Where-Object { $_ -notmatch '^From:' } | Set-Content -LiteralPath $eml

        $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningVariable warnings -WarningAction SilentlyContinue

        $result.Action | Should -Be 'Sent'
        (Wait-Smtp4devMail -Server $plain -Subject $job) | Should -Not -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match ([regex]::Escape($queued.QueueId))
        ($warnings -join "`n") | Should -Match 'From'
        @(Get-BackupMailQueue).Count | Should -Be 0
        $failed = @(Get-BackupMailQueue -Failed)
        $failed.Count | Should -Be 1
        $failed[0].Id | Should -Be $queued.QueueId
        $failed[0].LastErrorId | Should -Be 'QueueItemDamaged'
    }

    It 'with a recipient that does not parse is moved to outbox/failed, and Invoke-BackupJob still returns the exit code' {
        $queued = New-QueuedItem -Job "$job-old"
        $json = Get-OutboxFile -Id $queued.QueueId -Extension '.json'
        $item = Get-Content -LiteralPath $json -Raw | ConvertFrom-Json
        $item.to = @('not an address <<<')
        $item | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $json

        $result = Invoke-BackupJob -BackupName $job -FilePath '/bin/sh' -ArgumentList '-c', 'exit 7' -To 'admin@example.com' -WarningVariable warnings -WarningAction SilentlyContinue

        $result.ExitCode | Should -Be 7
        $result.Status | Should -Be 'Failure'
        $result.Action | Should -Be 'Sent'
        ($warnings -join "`n") | Should -Match 'not an address'
        (Get-BackupMailQueue -Failed).LastErrorId | Should -Be 'QueueItemDamaged'
    }

    It 'whose metadata cannot be read is listed, moved to outbox/failed by the next flush, listed there and removable' {
        $queued = New-QueuedItem -Job "$job-old"
        Set-Content -LiteralPath (Get-OutboxFile -Id $queued.QueueId -Extension '.json') -Value '{ "id": "trunc'

        $listed = @(Get-BackupMailQueue)
        $listed.Count | Should -Be 1
        $listed[0].Id | Should -Be $queued.QueueId
        $listed[0].IsDamaged | Should -BeTrue

        $result = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com' -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Sent'

        $failed = @(Get-BackupMailQueue -Failed)
        $failed.Count | Should -Be 1
        $failed[0].Id | Should -Be $queued.QueueId
        $failed[0].LastError | Should -Match 'metadata'
        Test-Path (Get-OutboxFile -Id $queued.QueueId -Extension '.eml' -Failed) | Should -BeTrue

        Clear-BackupMailQueue -Failed -Id $queued.QueueId -Confirm:$false
        @(Get-BackupMailQueue -Failed).Count | Should -Be 0
        Test-Path (Get-OutboxFile -Id $queued.QueueId -Extension '.eml' -Failed) | Should -BeFalse
    }

    It 'in outbox/failed with unreadable metadata or a missing message file is still listed and removable' {
        $failedDir = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'outbox/failed'
        New-Item -ItemType Directory -Path $failedDir -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $failedDir '20261201T030000000-0badf00d.json') -Value 'garbage'
        Set-Content -LiteralPath (Join-Path $failedDir '20261201T030000000-0badf00d.eml') -Value "From: a@example.com`r`n`r`nx"
        Set-Content -LiteralPath (Join-Path $failedDir '20261201T040000000-0000cafe.eml') -Value "From: a@example.com`r`n`r`nx"

        $failed = @(Get-BackupMailQueue -Failed)
        $failed.Id | Should -Be @('20261201T030000000-0badf00d', '20261201T040000000-0000cafe')
        $failed | ForEach-Object { $_.LastErrorId | Should -Be 'QueueItemDamaged' }

        Clear-BackupMailQueue -Failed -Confirm:$false
        @(Get-ChildItem -LiteralPath $failedDir -File).Count | Should -Be 0
    }
}

Describe 'A send that is killed' {
    BeforeAll {
        # Accepts connections (the kernel completes them) and never says a word: the client waits for the greeting.
        $script:silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
        $script:silentPort = $silent.LocalEndpoint.Port
    }

    AfterAll {
        $silent.Stop()
    }

    BeforeEach {
        Initialize-TestConfiguration -NoVault
        Set-BackupMailAccount -SmtpServer localhost -Port $silentPort -Security None -From 'backup@example.com' -TimeoutSeconds 120
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status##' -Body 'Status=##Status##'
        $script:job = "Killed-$([guid]::NewGuid().ToString('N'))"
    }

    # With -AttachLog the connection comes first (the attachment is sized to the server's SIZE limit): the message
    # waits in the outbox without its attachment meanwhile.
    It 'by <Signal> while it waits for the greeting leaves the message queued (attach log: <AttachLog>), and the queue delivers it with its Message-Id' -ForEach @(
        @{ Signal = 'KILL'; AttachLog = $false }, @{ Signal = 'TERM'; AttachLog = $false }, @{ Signal = 'KILL'; AttachLog = $true }
    ) {
        $log = if ($AttachLog) { Join-Path $TestDrive "$job.log"; Set-Content -LiteralPath (Join-Path $TestDrive "$job.log") -Value 'Files : 3 2 1 0 0 0' } else { $null }
        # The child connected: by then the message must be in the outbox.
        Stop-ChildPwshOnConnect -Process (Start-HungSend -Job $job -Port $silentPort -LogPath $log) -Listener $silent -Signal $Signal

        $queued = @(Get-BackupMailQueue)
        $queued.Count | Should -Be 1
        $queued[0].BackupName | Should -Be $job
        $eml = Get-OutboxFile -Id $queued[0].Id -Extension '.eml'
        Get-Content -LiteralPath $eml -Raw | Should -Match ([regex]::Escape($queued[0].MessageId))

        Set-BackupMailAccount -Port $plain.SmtpPort -TimeoutSeconds 10
        $sent = @(Send-BackupMailQueue)
        $sent.Count | Should -Be 1
        $sent[0].Action | Should -Be 'Sent'
        $mail = (Wait-Smtp4devMail -Server $plain -Subject $job)[0]
        Get-Smtp4devRawMessage -Server $plain -Id $mail.id | Should -Match ([regex]::Escape($queued[0].MessageId))
        @(Get-BackupMailQueue).Count | Should -Be 0
        # Nothing but the emptied write-ahead journal, kept for the next run.
        @(Get-ChildItem -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'outbox') -File | Where-Object Extension -NE '.wal').Count | Should -Be 0
    }
}

Describe 'A send stopped by Ctrl+C' {
    BeforeAll {
        # Accepts connections and never says a word: only Ctrl+C can end the wait before the account's timeout.
        $script:mute = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $mute.Start()
        $script:mutePort = $mute.LocalEndpoint.Port
    }

    AfterAll {
        $mute.Stop()
    }

    BeforeEach {
        Initialize-TestConfiguration -NoVault
        Set-BackupMailAccount -SmtpServer localhost -Port $mutePort -Security None -From 'backup@example.com' -TimeoutSeconds 120
        $script:job = "CtrlC-$([guid]::NewGuid().ToString('N'))"
    }

    # StopProcessing only cancels a token that reaches the send; the session is closed on the pipeline thread, which
    # queues the message the send was stopped in.
    It 'while it waits for the greeting (<Command>) ends at once, and the notification waits in the queue' -ForEach @(
        @{ Command = 'Send-BackupNotification'; Call = 'Send-BackupNotification -BackupName $Job -Status Failure -To admin@example.com' }
        @{ Command = 'Invoke-BackupJob'; Call = 'Invoke-BackupJob -BackupName $Job -ScriptBlock { ''copied'' } -To admin@example.com' }
    ) {
        $ps = [powershell]::Create()
        try {
            # One script (not a batch of statements, which PowerShell 7.6 mishandles when stopped).
            $null = $ps.AddScript("param(`$Job) Import-Module '$modulePath'; $Call").AddArgument($job)
            $running = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not $mute.Pending()) {
                if ($running.IsCompleted) { throw "The call ended early: $($ps.Streams.Error | Out-String)" }
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The call never connected.' }
                Start-Sleep -Milliseconds 50
            }
            $connection = $mute.AcceptTcpClient()
            Start-Sleep -Milliseconds 300
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $connection.Dispose()
        }
        finally { $ps.Dispose() }

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'Ctrl+C must not wait for the account''s 120 s timeout'
        $queued = @(Get-BackupMailQueue)
        $queued.Count | Should -Be 1
        $queued[0].BackupName | Should -Be $job
    }
}

Describe 'A notification whose password is out of reach' {
    # The real SecretManagement credential source (through the test vault), not a stand-in: a vault problem waits
    # for the administrator, so the notification is queued, not lost.
    BeforeEach {
        Initialize-TestConfiguration
        Set-BackupMailAccount -SmtpServer localhost -Port $tls.SmtpPort -Security StartTls -From 'backup@example.com' `
            -Credential $credential -CertificateThumbprint $thumbprint -TimeoutSeconds 10
        $script:job = "Vault-$([guid]::NewGuid().ToString('N'))"
    }

    It 'is queued with SecretVaultLocked when the vault is locked' {
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -AllowClobber -VaultParameters @{ Locked = $true }

        $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

        $result.Action | Should -Be 'Queued'
        $result.ErrorId | Should -Be 'SecretVaultLocked'
        (Get-BackupMailQueue).LastErrorId | Should -Be 'SecretVaultLocked'
    }

    It 'is queued with SecretNotFound when the secret left the vault' {
        Microsoft.PowerShell.SecretManagement\Remove-Secret -Name 'BackupMail-Default' -Vault TestStore

        $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

        $result.Action | Should -Be 'Queued'
        $result.ErrorId | Should -Be 'SecretNotFound'
        (Get-BackupMailQueue).LastErrorId | Should -Be 'SecretNotFound'
    }
}

Describe 'A message refused for good' {
    BeforeAll {
        $script:small = Start-Smtp4dev -Name 'Small' -MaxMessageSize 2000
    }

    AfterAll {
        $small | Stop-Smtp4dev
    }

    BeforeEach {
        Initialize-TestConfiguration -NoVault
        Set-BackupMailAccount -SmtpServer localhost -Port $small.SmtpPort -Security None -From 'backup@example.com' -TimeoutSeconds 10
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status##' -Body ('Status=##Status## ' + ('x' * 5000))
        $script:job = "Refused-$([guid]::NewGuid().ToString('N'))"
    }

    It 'is kept in outbox/failed with its error ID, and Send-BackupMailQueue -Failed sends it after the fix' {
        $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -ErrorVariable errors -ErrorAction SilentlyContinue

        $result.Action | Should -Be 'Failed'
        $result.ErrorId | Should -Be 'SmtpMessageRejected'
        $result.QueueId | Should -Not -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Match '^SmtpMessageRejected'
        $errors[0].Exception.Message | Should -Match ([regex]::Escape($result.QueueId))
        @(Get-BackupMailQueue).Count | Should -Be 0
        $failed = @(Get-BackupMailQueue -Failed)
        $failed.Id | Should -Be $result.QueueId
        $failed[0].LastErrorId | Should -Be 'SmtpMessageRejected'

        # The fix: a server that takes larger messages.
        Set-BackupMailAccount -Port $plain.SmtpPort
        $sent = Send-BackupMailQueue -Failed -Id $result.QueueId

        $sent.Action | Should -Be 'Sent'
        (Wait-Smtp4devMail -Server $plain -Subject $job) | Should -Not -BeNullOrEmpty
        @(Get-BackupMailQueue -Failed).Count | Should -Be 0
        @(Get-BackupMailQueue).Count | Should -Be 0
    }
}

Describe 'Two Send-BackupMailQueue runs at once' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault
        Set-BackupMailAccount -SmtpServer localhost -Port $closedPort -Security None -From 'backup@example.com' -TimeoutSeconds 3
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status##' -Body 'Status=##Status##'
        $script:job = "Twice-$([guid]::NewGuid().ToString('N'))"
    }

    It 'deliver every item once and report no error for what the other one sent' {
        $queued = 1..24 | ForEach-Object { [pscustomobject]@{ BackupName = "$job-$_"; Status = 'Failure' } } |
            Send-BackupNotification -To 'admin@example.com' -WarningAction SilentlyContinue
        @($queued | Where-Object Action -EQ 'Queued').Count | Should -Be 24
        Set-BackupMailAccount -Port $plain.SmtpPort

        $script = @"
Import-Module '$modulePath'
`$sent = @(Send-BackupMailQueue -ErrorVariable failures -ErrorAction SilentlyContinue)
[pscustomobject]@{ Sent = @(`$sent | Where-Object Action -EQ 'Sent').Count; Errors = @(`$failures | ForEach-Object { `$_.FullyQualifiedErrorId }) } | ConvertTo-Json -Compress
"@
        $path = Join-Path $TestDrive "flush-$job.ps1"
        Set-Content -LiteralPath $path -Value $script
        $processes = foreach ($n in 1, 2) { Start-ChildPwsh -Path $path }
        $reports = foreach ($process in $processes) {
            $output = $process.StandardOutput.ReadToEndAsync()
            $null = $process.StandardError.ReadToEndAsync()
            $process.WaitForExit(180000) | Should -BeTrue
            ($output.Result -split "`r?`n" | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json
        }

        @($reports.Errors | Where-Object { $_ }) | Should -BeNullOrEmpty
        ($reports | Measure-Object -Property Sent -Sum).Sum | Should -Be 24
        $mails = Wait-Smtp4devMail -Server $plain -Subject $job -Count 24
        $mails.Count | Should -Be 24
        @(Get-BackupMailQueue).Count | Should -Be 0
    }
}
