# Send-BackupMailDigest end to end against smtp4dev: runs recorded by Send-BackupNotification (also by ten processes at
# once) are each listed in exactly one digest over two calls; nothing new sends nothing, -Force a "no runs" digest;
# German values through a template's culture; -WhatIf consumes nothing; a damaged digest.json is refused.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:server = Get-TestSmtpServer -Name Plain
    $script:modulePath = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path

    # The digests smtp4dev received for $To (a unique address per test), oldest first, waiting for at least $Count.
    function script:Get-Digest([string] $To, [int] $Count = 1) {
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        do {
            $found = @(Get-Smtp4devMessage -Server $server | Where-Object { "$($_.to)" -like "*$To*" })
            if ($found.Count -ge $Count) { break }
            Start-Sleep -Milliseconds 200
        } while ([DateTime]::UtcNow -lt $deadline)
        , @($found | Sort-Object { [datetime]$_.receivedDate })
    }

    function script:Get-RunCount($Message) {
        if ($Message.subject -match '(?:runs|Läufe): (\d+)') { [int]$Matches[1] } else { 0 }
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Send-BackupMailDigest' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:id = [guid]::NewGuid().ToString('N').Substring(0, 10)
        $script:to = "digest-$id@example.com"
        $script:docs = "Docs-$id"
        $script:photos = "Photos-$id"
        # No single notifications: the runs are only recorded, and listed in the daily digest.
        Set-BackupNotificationRule -BackupName $docs -Mode Never -To $to -Digest Daily
        Set-BackupNotificationRule -BackupName $photos -Mode Never -To $to -Digest Daily
    }

    It 'lists the runs Send-BackupNotification recorded once, in text and HTML, and a second call sends nothing' {
        $null = Send-BackupNotification -BackupName $docs -Status Success -StartTime (Get-Date).AddMinutes(-30) -EndTime (Get-Date)
        $null = Send-BackupNotification -BackupName $docs -Status Failure -ErrorMessage 'ERROR 112 <disk full>'
        $null = Send-BackupNotification -BackupName $photos -ExitCode 4 -Tool Robocopy

        $result = @(Send-BackupMailDigest)

        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType BackupMail.BackupMailResult
        $result[0].BackupName | Should -Be 'Digest'
        $result[0].Action | Should -Be 'Sent'
        $result[0].Status | Should -Be 'Failure'
        $result[0].Subject | Should -BeLike '*Backup digest: 1 failed, 1 with warnings — runs: 3, jobs: 2.'
        $mail = Get-Digest $to
        $mail.Count | Should -Be 1
        $text = (Get-Smtp4devPlainText -Server $server -Id $mail[0].id) -replace "`r`n", "`n"
        $text | Should -Match "(?m)^$docs\s+Failure\s+2\s+1\s"
        $text | Should -Match "(?m)^$photos\s+Warning\s+1\s+0\s+never"
        $text | Should -Match "Errors:\n- $docs, .*: Failure\n    ERROR 112 <disk full>"
        $html = Get-Smtp4devHtml -Server $server -Id $mail[0].id
        $html | Should -Match '<table'
        $html | Should -Match 'ERROR 112 &lt;disk full&gt;'

        $again = @(Send-BackupMailDigest -Verbose 4>&1)
        @($again | Where-Object { $_ -is [BackupMail.BackupMailResult] }).Count | Should -Be 0
        ($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'No runs since the last digest: nothing was sent. -Force sends a digest that says so.'
        $null = Send-BackupNotification -BackupName $photos -Status Success
        $next = @(Send-BackupMailDigest)
        $next.Count | Should -Be 1
        Start-Sleep -Milliseconds 500
        $mails = Get-Digest $to -Count 2
        $mails.Count | Should -Be 2
        Get-RunCount $mails[1] | Should -Be 1
    }

    It 'lists every run of ten concurrent processes exactly once over two calls' {
        $sender = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
foreach (`$i in 1..5) {
    `$null = Send-BackupNotification -BackupName ('$docs', '$photos')[`$i % 2] -Status (('Success', 'Failure')[`$i % 3 -eq 0]) -WarningAction SilentlyContinue
}
"@
        $file = Join-Path $TestDrive "sender-$id.ps1"
        Set-Content -LiteralPath $file -Value $sender
        $processes = foreach ($p in 1..10) { Start-ChildPwsh -Path $file }
        # A digest while they write: whatever it does not see goes into the next one.
        Start-Sleep -Milliseconds 1500
        $first = @(Send-BackupMailDigest)
        foreach ($process in $processes) {
            $process.WaitForExit(120000) | Should -BeTrue
            $process.ExitCode | Should -Be 0 -Because $process.StandardError.ReadToEnd()
        }
        $second = @(Send-BackupMailDigest)
        $third = @(Send-BackupMailDigest)

        @(Get-BackupRunHistory -BackupName "*-$id").Count | Should -Be 50
        $third.Count | Should -Be 0
        $sent = $first.Count + $second.Count
        $mails = Get-Digest $to -Count $sent
        $mails.Count | Should -Be $sent
        ($mails | ForEach-Object { Get-RunCount $_ } | Measure-Object -Sum).Sum | Should -Be 50
        @($mails.subject | Select-Object -Unique).Count | Should -Be $mails.Count
    }

    It 'lists the jobs the watchdog finds overdue, and they make an all-green digest a Warning' {
        Set-BackupNotificationRule -BackupName $docs -ExpectEvery 26:00:00
        $threeDaysAgo = (Get-Date).AddDays(-3)
        $null = Send-BackupNotification -BackupName $docs -Status Success -StartTime $threeDaysAgo -EndTime $threeDaysAgo.AddMinutes(20)
        $null = Send-BackupNotification -BackupName $photos -Status Success

        $result = @(Send-BackupMailDigest)

        $result.Count | Should -Be 1
        $result[0].Status | Should -Be 'Warning'
        $text = (Get-Smtp4devPlainText -Server $server -Id (Get-Digest $to)[0].id) -replace "`r`n", "`n"
        $text | Should -Match 'Overdue jobs: 1\.'
        $overdue = ($text -split "Overdue jobs:`n", 2)[1]
        $overdue | Should -Match "^- $docs\: last run .*, due since "
        $overdue | Should -Not -Match $photos
        (Get-BackupJobStatus -BackupName $docs).IsOverdue | Should -BeTrue
    }

    It 'Send-BackupMailTest -Template Digest sends a sample digest marked as a test, and consumes no run' {
        $null = Send-BackupNotification -BackupName $docs -Status Failure

        $result = Send-BackupMailTest -To $to -Template Digest

        $result.Action | Should -Be 'Sent'
        $result.Subject | Should -BeLike '`[Test`]*'
        $text = (Get-Smtp4devPlainText -Server $server -Id (Get-Digest $to)[0].id) -replace "`r`n", "`n"
        $text | Should -Match '(?m)^SQL\s+Failure\s+1\s+1'
        $text | Should -Match '(?m)^- Laptop: last run '
        $text | Should -Not -Match $docs
        # The real digest still has the run.
        Clear-Smtp4devMessage -Server $server
        (@(Send-BackupMailDigest)).Count | Should -Be 1
        (Get-Smtp4devPlainText -Server $server -Id (Get-Digest $to)[0].id) | Should -Match $docs
    }

    It 'sends a digest saying there were no runs with -Force, and nothing without' {
        @(Send-BackupMailDigest).Count | Should -Be 0
        $forced = @(Send-BackupMailDigest -Force)

        $forced.Count | Should -Be 1
        $forced[0].Subject | Should -BeLike '*No backup runs since the last digest.'
        (Get-Digest $to).Count | Should -Be 1
    }

    It 'renders a German template with German values, and the lists as text' {
        Set-BackupMailTemplate -Name "Tagesbericht-$id" -Culture de-DE -Subject 'Übersicht: ##DigestStatus##' -Body "Zeitraum: ##DigestPeriod##`nLäufe: ##RunCount##, davon fehlgeschlagen: ##FailureCount##`n##DigestJobs##Fehler:##DigestErrors##"
        $null = Send-BackupNotification -BackupName $docs -Status Failure -ErrorMessage 'Kein Speicherplatz'
        $null = Send-BackupNotification -BackupName $docs -Status Success

        $result = Send-BackupMailDigest -Template "Tagesbericht-$id"

        $result.Subject | Should -Be 'Übersicht: 1 fehlgeschlagen — Läufe: 2, Jobs: 1.'
        $mail = Get-Digest $to
        $text = (Get-Smtp4devPlainText -Server $server -Id $mail[0].id) -replace "`r`n", "`n"
        $text | Should -Match 'Läufe: 2, davon fehlgeschlagen: 1'
        $text | Should -Match 'Job\s+Letzter Status\s+Läufe\s+Fehlgeschlagen\s+Letzter Erfolg'
        $text | Should -Match "(?m)^$docs\s+Erfolgreich\s+2\s+1\s"
        $text | Should -Match "Fehler:\n- $docs, .*: Fehlgeschlagen\n    Kein Speicherplatz"
    }

    It 'sends to -To over every job and consumes nothing under -WhatIf' {
        $other = "Other-$id"
        $null = Send-BackupNotification -BackupName $other -Status Success -To "single-$id@example.com" -Mode Never
        $adhoc = "adhoc-$id@example.com"

        Send-BackupMailDigest -To $adhoc -WhatIf | Should -BeNullOrEmpty
        $result = @(Send-BackupMailDigest -To $adhoc)

        $result.Count | Should -Be 1
        $mail = Get-Digest $adhoc
        $mail.Count | Should -Be 1
        (Get-Smtp4devPlainText -Server $server -Id $mail[0].id) | Should -Match "(?m)^$other\s+Success\s+1"
    }

    It 'refuses a damaged digest state with DigestStateCorrupt, saying what deleting it means' {
        $null = Send-BackupNotification -BackupName $docs -Status Success
        $state = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'journal/digest.json'
        Set-Content -LiteralPath $state -Value '{ "version": 1, "jobs": "edited by hand" }'

        { Send-BackupMailDigest } | Should -Throw -ErrorId 'DigestStateCorrupt,BackupMail.PowerShell.SendBackupMailDigestCommand'
        $err = $null
        try { Send-BackupMailDigest } catch { $err = $_ }
        $err.Exception.Message | Should -Match 'Delete the file'
        $err.TargetObject | Should -Be $state
        (Get-Digest $to -Count 0).Count | Should -Be 0
    }

    It 'needs -To when no rule has a digest' {
        Set-BackupNotificationRule -BackupName $docs -Digest None
        Set-BackupNotificationRule -BackupName $photos -Digest None

        { Send-BackupMailDigest } | Should -Throw -ErrorId 'DigestRecipientsMissing,BackupMail.PowerShell.SendBackupMailDigestCommand'
    }
}

Describe 'A digest whose process is killed while it sends' {
    BeforeAll {
        # Accepts connections and never says a word: the digest waits for the greeting until it is killed.
        $script:silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
    }

    AfterAll {
        $silent.Stop()
    }

    It 'by kill -9 neither loses its runs nor lists them twice: the next call adopts the queued digest and lists only new runs' {
        Initialize-TestConfiguration -NoVault
        Set-BackupMailAccount -SmtpServer localhost -Port $silent.LocalEndpoint.Port -Security None -From 'backup@example.com' -TimeoutSeconds 120
        $id = [guid]::NewGuid().ToString('N').Substring(0, 10)
        $to = "killed-$id@example.com"
        Set-BackupNotificationRule -BackupName "Docs-$id" -Mode Never -To $to -Digest Daily
        1..3 | ForEach-Object { $null = Send-BackupNotification -BackupName "Docs-$id" -Status Success }

        $script = Join-Path $TestDrive "digest-$id.ps1"
        Set-Content -LiteralPath $script -Value "Import-Module '$modulePath'; Send-BackupMailDigest"
        Stop-ChildPwshOnConnect -Process (Start-ChildPwsh -Path $script) -Listener $silent

        # The killed digest waits in the outbox; a new run comes in; the server is back.
        Set-BackupMailAccount -Port $plain.SmtpPort -TimeoutSeconds 10
        $null = Send-BackupNotification -BackupName "Docs-$id" -Status Failure
        $second = @(Send-BackupMailDigest)
        $null = Send-BackupMailQueue

        Start-Sleep -Milliseconds 500
        $mails = Get-Digest $to -Count 2
        $mails.Count | Should -Be 2
        $counts = @($mails | ForEach-Object { Get-RunCount $_ } | Sort-Object)
        $counts | Should -Be @(1, 3) -Because 'the three runs in the killed digest, the new one in the next: each once'
        ($second | Where-Object Action -EQ 'Sent').Count | Should -Be 1
        @(Send-BackupMailDigest).Count | Should -Be 0
    }
}
