# The run journal seen from outside: every run recorded whatever the rule decided, trend placeholders and recovery
# mails read from it (checked on what smtp4dev received), Get-BackupRunHistory's filters and exports, the journal's
# settings, and what ten processes and a kill -9 leave in it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:server = Get-TestSmtpServer -Name Plain
    $script:modulePath = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
    $script:day = [datetime]::new(2026, 11, 20, 2, 0, 0, [DateTimeKind]::Local)

    # Sends a run of $job that started $DayOffset days after $day and took $Minutes minutes.
    function script:Send-Run([string] $Status, [int] $DayOffset, [int] $Minutes = 10) {
        $start = $day.AddDays($DayOffset)
        Send-BackupNotification -BackupName $job -Status $Status -StartTime $start -EndTime $start.AddMinutes($Minutes) -WarningAction SilentlyContinue
    }

    # A time as the templates show it in en-US: short date and time, then the UTC offset.
    function script:Format-Shown([datetime] $Time) {
        [regex]::Escape($Time.ToString('g', [cultureinfo]'en-US') + ' ' + ([DateTimeOffset]$Time).ToString('zzz'))
    }

    function script:Get-JournalPath { Join-Path $env:BACKUPMAIL_CONFIG_DIR 'journal/runs.log' }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Trend placeholders and recovery mails' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Trend-$([guid]::NewGuid().ToString('N'))"
        Set-BackupMailTemplate -Name Trend -Culture en-US -Subject '[##BackupName##] ##Status##' -Body @'
Previous=##PreviousStatus##
Failures=##ConsecutiveFailures##
LastSuccess=##LastSuccessTime##
Average=##AverageDuration##
Change=##DurationChange##
Trend=##Trend##
'@
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com -Template Trend
    }

    It 'success, failure, failure, success: two failure mails with the right history and exactly one recovery mail' {
        $results = @(
            Send-Run Success 0
            Send-Run Failure 1
            Send-Run Failure 2
            Send-Run Success 3
        )

        $results.Action | Should -Be @('Skipped', 'Sent', 'Sent', 'Sent')
        $mails = Wait-Smtp4devMail -Server $server -Subject $job -Count 3
        $mails.Count | Should -Be 3
        Start-Sleep -Milliseconds 500
        (Wait-Smtp4devMail -Server $server -Subject $job -Count 4 -TimeoutSeconds 1).Count | Should -Be 3 -Because 'the first success is not mailed in mode OnFailure'

        $bodies = @(Get-Smtp4devMessage -Server $server | Where-Object { $_.subject -like "*$job*" } | Sort-Object { [datetime]$_.receivedDate } |
            ForEach-Object { Get-Smtp4devPlainText -Server $server -Id $_.id })

        $bodies[0] | Should -Match 'Previous=Success'
        $bodies[0] | Should -Match 'Failures=1'
        $bodies[0] | Should -Match ('LastSuccess=' + (Format-Shown $day.AddMinutes(10)))
        $bodies[0] | Should -Match ('Trend=The first failure after a successful run; last success: ' + (Format-Shown $day.AddMinutes(10)))

        $bodies[1] | Should -Match 'Previous=Failure'
        $bodies[1] | Should -Match 'Failures=2'
        $bodies[1] | Should -Match ('Trend=2 failed runs in a row; last success: ' + (Format-Shown $day.AddMinutes(10)))

        $bodies[2] | Should -Match 'Previous=Failure'
        $bodies[2] | Should -Match 'Failures=0'
        $bodies[2] | Should -Match ('LastSuccess=' + (Format-Shown $day.AddDays(3).AddMinutes(10)))
        $bodies[2] | Should -Match 'Trend=Recovered after 2 failed runs\.'
    }

    It 'with -NotifyOnRecovery:$false the good run after a failure is not mailed' {
        Set-BackupNotificationRule -BackupName $job -NotifyOnRecovery:$false
        (Get-BackupNotificationRule -BackupName $job).NotifyOnRecovery | Should -BeFalse

        $results = @(Send-Run Failure 0; Send-Run Success 1)

        $results.Action | Should -Be @('Sent', 'Skipped')
        (Wait-Smtp4devMail -Server $server -Subject $job -Count 2 -TimeoutSeconds 2).Count | Should -Be 1
    }

    It 'a run far from the average duration says so; an ordinary success leaves the History line out of the default template' {
        Set-BackupNotificationRule -BackupName $job -Mode Always -Template Trend
        $null = 0..2 | ForEach-Object { Send-Run Success $_ 10 }
        $slow = Send-Run Success 3 20
        $slow.Action | Should -Be 'Sent'

        $mails = Wait-Smtp4devMail -Server $server -Subject $job -Count 4
        $last = $mails | Sort-Object { [datetime]$_.receivedDate } | Select-Object -Last 1
        $text = Get-Smtp4devPlainText -Server $server -Id $last.id
        $text | Should -Match 'Average=10 min 00 s'
        $text | Should -Match 'Change=\+100 % against the average'
        $text | Should -Match 'Trend=Took 100 % longer than usual \(average 10 min 00 s\)\.'

        # The built-in template: its History line is there for the slow run and absent for an ordinary one.
        Set-BackupNotificationRule -BackupName $job -Template ''
        Clear-Smtp4devMessage -Server $server
        $null = Send-Run Success 4 10
        $ordinary = Get-Smtp4devPlainText -Server $server -Id (Wait-Smtp4devMail -Server $server -Subject $job)[0].id
        $ordinary | Should -Not -Match 'History:'
        $null = Send-Run Failure 5 10
        $failed = Wait-Smtp4devMail -Server $server -Subject $job | Where-Object { $_.subject -match 'fail' }
        Get-Smtp4devPlainText -Server $server -Id $failed[0].id | Should -Match 'History: +The first failure after a successful run'
    }
}

Describe 'Get-BackupRunHistory' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Hist-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com
        Set-BackupNotificationRule -BackupName "Other-$job" -Mode Never
    }

    It 'records every run whatever the rule decided, newest first, with its figures and the notification''s result' {
        $results = @(
            Send-Run Success 0
            Send-Run Failure 1
            Send-BackupNotification -BackupName "Other-$job" -ExitCode 1 -Tool Robocopy -Source 'C:\Data' -Destination '\\nas\backup'
        )

        $history = @(Get-BackupRunHistory)

        $history.Count | Should -Be 3
        $history.BackupName | Should -Be @("Other-$job", $job, $job)
        $history[0].Status | Should -Be 'Success'
        $history[0].Action | Should -Be 'Skipped'
        $history[0].ExitCode | Should -Be 1
        $history[0].Tool | Should -Be 'Robocopy'
        $history[0].Source | Should -Be 'C:\Data'
        $history[0].Destination | Should -Be '\\nas\backup'
        $history[0].ComputerName | Should -Be ([Environment]::MachineName)
        $history[1].Status | Should -Be 'Failure'
        $history[1].Action | Should -Be 'Sent'
        $history[1].MessageId | Should -Be $results[1].MessageId
        $history[1].Duration | Should -Be ([TimeSpan]::FromMinutes(10))
        $history[1].StartTime.LocalDateTime | Should -Be $day.AddDays(1)
        $history[2].Action | Should -Be 'Skipped'
        ($history.Sequence | Sort-Object -Unique).Count | Should -Be 3
        $history[0].Sequence | Should -BeGreaterThan $history[1].Sequence
    }

    It 'records Invoke-BackupJob runs too, timed' {
        $result = Invoke-BackupJob -BackupName $job -ScriptBlock { Start-Sleep -Milliseconds 200; 'copied' } -Mode Always

        $run = Get-BackupRunHistory -BackupName $job
        $run.Status | Should -Be 'Success'
        $run.Action | Should -Be 'Sent'
        $run.MessageId | Should -Be $result.MessageId
        $run.Duration | Should -BeGreaterOrEqual ([TimeSpan]::FromMilliseconds(200))
    }

    It 'filters by wildcard name, status, time and count' {
        $null = 0..5 | ForEach-Object { Send-Run $(if ($_ % 2) { 'Failure' } else { 'Success' }) $_ }
        $null = Send-BackupNotification -BackupName "Other-$job" -Status Failure

        @(Get-BackupRunHistory -BackupName 'hist-*').Count | Should -Be 6
        @(Get-BackupRunHistory -BackupName 'other-*', $job).Count | Should -Be 7
        @(Get-BackupRunHistory -BackupName $job -Status Failure).Status | Sort-Object -Unique | Should -Be 'Failure'
        @(Get-BackupRunHistory -BackupName $job -Status Failure).Count | Should -Be 3
        $last = @(Get-BackupRunHistory -BackupName $job -Last 2)
        $last.Count | Should -Be 2
        $last[0].StartTime.LocalDateTime | Should -Be $day.AddDays(5)
        @(Get-BackupRunHistory -BackupName $job -Since $day.AddDays(4)).Count | Should -Be 2
        @(Get-BackupRunHistory -BackupName 'nothing*').Count | Should -Be 0
    }

    It 'exports readable values to CSV and JSON' {
        $null = Send-Run Failure 0

        $csv = @(Get-BackupRunHistory | ConvertTo-Csv) -join "`n"
        $csv | Should -Match '"Failure"'
        $csv | Should -Match '"Sent"'
        $csv | Should -Match '"00:10:00"'
        $json = Get-BackupRunHistory | ConvertTo-Json | ConvertFrom-Json
        $json.Status | Should -Be 'Failure'
        $json.Action | Should -Be 'Sent'
        $json.Tool | Should -Be 'Generic'
    }

    It 'shows a table of when, job, status and action' {
        $null = Send-Run Failure 0
        $table = Get-BackupRunHistory | Format-Table | Out-String -Width 200
        $table | Should -Match 'When\s+BackupName\s+Status\s+ExitCode\s+Duration'
        $table | Should -Match "$job\s+Failure\s+00:10:00\s+Sent"
    }

    It 'records nothing under -WhatIf' {
        Send-BackupNotification -BackupName $job -Status Failure -WhatIf | Out-Null
        Test-Path (Get-JournalPath) | Should -BeFalse
        @(Get-BackupRunHistory).Count | Should -Be 0
    }

    It 'records a run whose notification could not be prepared, with Action Failed' {
        $null = Send-BackupNotification -BackupName "NoRule-$job" -Status Failure -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoRecipients,*'

        $run = Get-BackupRunHistory -BackupName "NoRule-$job"
        $run.Status | Should -Be 'Failure'
        $run.Action | Should -Be 'Failed'
    }
}

Describe 'Set-BackupMailJournal' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Journal-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    }

    It 'turns recording off and on, and keeps what it does not change' {
        Set-BackupMailJournal -RetentionDays 30
        $off = Set-BackupMailJournal -Enabled:$false -PassThru
        $off.Enabled | Should -BeFalse
        $off.RetentionDays | Should -Be 30

        $result = Send-BackupNotification -BackupName $job -Status Failure -To admin@example.com
        $result.Action | Should -Be 'Sent'
        Test-Path (Get-JournalPath) | Should -BeFalse

        Set-BackupMailJournal -Enabled
        $null = Send-BackupNotification -BackupName $job -Status Failure -To admin@example.com
        @(Get-BackupRunHistory).Count | Should -Be 1
        (Get-Content -Raw (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') | ConvertFrom-Json).journal.retentionDays | Should -Be 30
    }

    It 'refuses a retention out of range with InvalidRetentionDays and changes nothing' {
        { Set-BackupMailJournal -RetentionDays 0 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRetentionDays,BackupMail.PowerShell.SetBackupMailJournalCommand'
        { Set-BackupMailJournal -RetentionDays 5000 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRetentionDays,BackupMail.PowerShell.SetBackupMailJournalCommand'
        (Set-BackupMailJournal -PassThru).RetentionDays | Should -Be 400
    }

    It 'a hand-edited retention out of range is ConfigurationInvalid, naming the value' {
        New-Item -ItemType Directory -Path $env:BACKUPMAIL_CONFIG_DIR -Force | Out-Null
        Set-Content (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') '{ "journal": { "retentionDays": -3 } }'
        { Set-BackupMailJournal -RetentionDays 10 -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigurationInvalid,BackupMail.PowerShell.SetBackupMailJournalCommand'
        $Error[0].Exception.Message | Should -Match 'retentionDays'
    }
}

Describe 'A damaged journal never costs a notification' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Damaged-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    }

    It 'a directory in place of runs.log: the mail is sent with a warning, Get-BackupRunHistory names the problem' {
        New-Item -ItemType Directory -Path (Get-JournalPath) -Force | Out-Null

        $result = Send-BackupNotification -BackupName $job -Status Failure -To admin@example.com -WarningVariable warned -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Sent'
        ($warned -join "`n") | Should -Match 'not recorded'
        (Wait-Smtp4devMail -Server $server -Subject $job).Count | Should -Be 1

        { Get-BackupRunHistory -ErrorAction Stop } | Should -Throw -ErrorId 'RunJournalUnreadable,BackupMail.PowerShell.GetBackupRunHistoryCommand'
    }

    It 'garbage lines are skipped and new runs still recorded' {
        $null = Send-BackupNotification -BackupName $job -Status Failure -To admin@example.com
        Add-Content -LiteralPath (Get-JournalPath) -Value "garbage`tline`n`0`0`0 more garbage" -NoNewline
        $null = Send-BackupNotification -BackupName $job -Status Success -To admin@example.com

        $history = @(Get-BackupRunHistory -BackupName $job)
        $history.Status | Should -Be @('Success', 'Failure')
    }
}

Describe 'Many processes, and a killed one' {
    BeforeAll {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Conc-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Set-BackupNotificationRule -BackupName $job -Mode Never

        function script:Start-Recorder([int] $Process, [int] $Count) {
            $file = Join-Path $TestDrive "recorder-$Process.ps1"
            Set-Content -LiteralPath $file -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$modulePath'
foreach (`$i in 1..$Count) {
    `$null = Send-BackupNotification -BackupName '$job' -Status Success -Source ('P{0:D2}-N{1:D4}' -f $Process, `$i)
}
"@
            Start-ChildPwsh -Path $file
        }
    }

    It 'ten processes recording at once lose nothing and tear nothing' {
        $processes = 1..10 | ForEach-Object { Start-Recorder -Process $_ -Count 20 }
        foreach ($process in $processes) {
            $process.WaitForExit(180000) | Should -BeTrue
            $process.ExitCode | Should -Be 0 -Because $process.StandardError.ReadToEnd()
        }

        $history = @(Get-BackupRunHistory -BackupName $job)
        $history.Count | Should -Be 200
        ($history.Source | Sort-Object -Unique).Count | Should -Be 200
        ($history.Sequence | Sort-Object -Unique).Count | Should -Be 200
        @(Get-Content -LiteralPath (Get-JournalPath)).Count | Should -Be 200 -Because 'one whole line per run'
    }

    It 'a process killed with kill -9 while recording leaves a journal the next run appends to' {
        $before = @(Get-BackupRunHistory -BackupName $job).Count
        $process = Start-Recorder -Process 99 -Count 100000
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-BackupRunHistory -BackupName $job).Count -lt $before + 20 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $process.Kill($true)
        $process.WaitForExit()

        $null = Send-BackupNotification -BackupName $job -Status Failure -Source 'after the kill'

        $history = @(Get-BackupRunHistory -BackupName $job -ErrorAction Stop)
        $history[0].Source | Should -Be 'after the kill'
        $history.Count | Should -BeGreaterThan ($before + 20)
        ($history.Sequence | Sort-Object -Unique).Count | Should -Be $history.Count
    }
}

Describe 'Watch settings on a rule' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
    }

    It '-ExpectEvery 26:00:00 means 26 hours, as for a nightly job with slack; 0 stops watching' {
        $rule = Set-BackupNotificationRule -BackupName Nightly -To admin@example.com -ExpectEvery 26:00:00 -Digest Daily -PingUrl 'https://hc-ping.example.org/abc' -PassThru
        $rule.ExpectEvery | Should -Be ([TimeSpan]::FromHours(26))
        $rule.Digest | Should -Be 'Daily'
        $rule.PingUrl | Should -Be 'https://hc-ping.example.org/abc'
        (Set-BackupNotificationRule -BackupName Nightly -ExpectEvery '1.02:00:00' -PassThru).ExpectEvery | Should -Be ([TimeSpan]::FromHours(26))
        (Set-BackupNotificationRule -BackupName Nightly -ExpectEvery ([TimeSpan]::FromDays(7)) -PassThru).ExpectEvery | Should -Be ([TimeSpan]::FromDays(7))

        $rule = Set-BackupNotificationRule -BackupName Nightly -ExpectEvery 0 -PingUrl '' -PassThru
        $rule.ExpectEvery | Should -BeNullOrEmpty
        $rule.PingUrl | Should -BeNullOrEmpty
        $rule.Digest | Should -Be 'Daily'
    }

    It 'refuses an interval out of range and a ping URL that is not http with their error IDs' {
        { Set-BackupNotificationRule -BackupName Nightly -To admin@example.com -ExpectEvery 00:00:10 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidExpectEvery,BackupMail.PowerShell.SetBackupNotificationRuleCommand'
        { Set-BackupNotificationRule -BackupName Nightly -To admin@example.com -PingUrl 'ftp://example.org/x' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPingUrl,BackupMail.PowerShell.SetBackupNotificationRuleCommand'
        @(Get-BackupNotificationRule).Count | Should -Be 0
    }
}
