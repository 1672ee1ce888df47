# Issue 14 §4: the watchdog. Runs are recorded with old -StartTime/-EndTime through Send-BackupNotification (no sleeping);
# Get-BackupJobStatus reads them, Send-BackupOverdueNotification sends one notice per job that became overdue and one
# when it runs again, checked on what smtp4dev received.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:server = Get-TestSmtpServer -Name Plain
    $script:modulePath = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path

    # A run of $Job that ended $Ago ago, recorded in the journal; OnFailure rules skip its mail.
    function script:Add-Run([string] $Job, [timespan] $Ago, [string] $Status = 'Success') {
        $end = (Get-Date) - $Ago
        $null = Send-BackupNotification -BackupName $Job -Status $Status -StartTime $end.AddMinutes(-10) -EndTime $end
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Get-BackupJobStatus' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
    }

    It 'shows a job whose last run is older than its -ExpectEvery as overdue, by the difference' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com -ExpectEvery '1.00:00:00'
        Add-Run $job ([timespan]::FromDays(5)) Success
        Add-Run $job ([timespan]::FromDays(3)) Failure

        $status = Get-BackupJobStatus -BackupName $job

        $status.PSObject.TypeNames[0] | Should -Be 'BackupMail.Watchdog.JobStatus'
        $status.State | Should -Be 'Overdue'
        $status.IsOverdue | Should -BeTrue
        $status.LastStatus | Should -Be 'Failure'
        $status.OverdueBy.TotalHours | Should -BeGreaterThan 47.9
        $status.OverdueBy.TotalHours | Should -BeLessThan 48.5
        ($status.LastRun - $status.LastSuccess).TotalDays | Should -BeGreaterThan 1.99
        $status.NextDue | Should -Be ($status.LastRun + [timespan]::FromDays(1))
    }

    It 'lists jobs on time, without -ExpectEvery and never run, by wildcard, with a table view' {
        Set-BackupNotificationRule -BackupName "$job-ontime" -Mode OnFailure -To admin@example.com -ExpectEvery '26:00:00'
        Set-BackupNotificationRule -BackupName "$job-unwatched" -Mode OnFailure -To admin@example.com
        Set-BackupNotificationRule -BackupName "$job-new" -Mode OnFailure -To admin@example.com -ExpectEvery '1.00:00:00'
        Add-Run "$job-ontime" ([timespan]::FromHours(2))
        Add-Run "$job-unwatched" ([timespan]::FromDays(60))

        $all = Get-BackupJobStatus -BackupName "$job-*"

        $all.BackupName | Should -Be @("$job-new", "$job-ontime", "$job-unwatched")
        $all.State | Should -Be @('NeverRun', 'OnTime', 'Unwatched')
        $all.IsOverdue | Should -Be @($false, $false, $false)
        $all[0].NextDue | Should -BeNullOrEmpty
        $all[2].NextDue | Should -BeNullOrEmpty
        $table = $all | Format-Table | Out-String -Width 250
        $table | Should -Match 'BackupName\s+State\s+LastStatus\s+LastRun\s+LastSuccess\s+NextDue\s+OverdueBy'
    }

    It 'reports a name without wildcards that is no job with JobNotFound, and still lists the others' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com

        $found = @(Get-BackupJobStatus -BackupName $job, "$job-typo", 'Nothing*' -ErrorAction SilentlyContinue -ErrorVariable missing)

        $found.BackupName | Should -Be @($job)
        @($missing).Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -Be 'JobNotFound,BackupMail.PowerShell.GetBackupJobStatusCommand'
        $missing[0].TargetObject | Should -Be "$job-typo"
        $missing[0].Exception.Message | Should -Match 'Set-BackupNotificationRule'
    }
}

Describe 'Send-BackupOverdueNotification' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
    }

    It 'sends exactly one overdue notice over repeated checks, and one when the job runs again' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To ops@example.com -ExpectEvery '1.00:00:00'
        Add-Run $job ([timespan]::FromDays(2))

        $first = @(Send-BackupOverdueNotification)
        $later = @(1..3 | ForEach-Object { Send-BackupOverdueNotification })

        $first.Count | Should -Be 1
        $first[0].Action | Should -Be 'Sent'
        $first[0].Status | Should -Be 'Failure'
        $first[0].Subject | Should -BeLike "``[Overdue``] Backup '$job' has not run for 4* h *"
        $later.Count | Should -Be 0
        $arrived = Wait-Smtp4devMail -Server $server -Subject "Backup '$job' has not run"
        $arrived.Count | Should -Be 1
        $text = Get-Smtp4devPlainText -Server $server -Id $arrived[0].id
        $text | Should -BeLike "*expected to run every 24 h 00 min 00 s*"

        Add-Run $job ([timespan]::FromMinutes(1)) Warning
        $again = @(Send-BackupOverdueNotification)
        $afterwards = @(Send-BackupOverdueNotification)

        $again.Count | Should -Be 1
        $again[0].Status | Should -Be 'Warning'
        $afterwards.Count | Should -Be 0
        (Wait-Smtp4devMail -Server $server -Subject "Backup '$job' ran again").Count | Should -Be 1
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $server | Where-Object subject -like "*$job*").Count | Should -Be 2
    }

    It 'starts the clock of a job that never ran, and -WhatIf neither sends nor records' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To ops@example.com -ExpectEvery '1.00:00:00'
        Set-BackupNotificationRule -BackupName "$job-late" -Mode OnFailure -To ops@example.com -ExpectEvery '1:00:00'
        Add-Run "$job-late" ([timespan]::FromHours(3))
        $state = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'journal/watchdog.json'

        $whatIf = @(Send-BackupOverdueNotification -WhatIf)
        $whatIf.Count | Should -Be 0
        Test-Path $state | Should -BeFalse
        (Get-BackupJobStatus -BackupName $job).NextDue | Should -BeNullOrEmpty

        $sent = @(Send-BackupOverdueNotification -BackupName "$job*")
        $sent.BackupName | Should -Be @("$job-late")
        (Get-BackupJobStatus -BackupName $job).State | Should -Be 'NeverRun'
        (Get-BackupJobStatus -BackupName $job).NextDue | Should -BeGreaterThan (Get-Date).AddHours(23)
    }

    It 'sends to -To instead of the rule''s recipients' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To ops@example.com -ExpectEvery '12:00:00'
        Add-Run $job ([timespan]::FromDays(1))

        $result = Send-BackupOverdueNotification -BackupName $job -To night@example.com

        $result.To | Should -Be @('night@example.com')
        $arrived = Wait-Smtp4devMail -Server $server -Subject "Backup '$job' has not run"
        @($arrived[0].to) -join ',' | Should -BeLike '*night@example.com*'
    }

    It 'queues a notice the server cannot take now, and counts it as given' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To ops@example.com -ExpectEvery '12:00:00'
        Add-Run $job ([timespan]::FromDays(1))
        Set-BackupMailAccount -SmtpServer 127.0.0.1 -Port 9 -Security None -From 'backup@example.com' -TimeoutSeconds 2

        $queued = Send-BackupOverdueNotification -WarningAction SilentlyContinue

        $queued.Action | Should -Be 'Queued'
        @(Get-BackupMailQueue).Count | Should -Be 1
        @(Send-BackupOverdueNotification -WarningAction SilentlyContinue).Count | Should -Be 0
    }

    It 'stops with WatchdogStateCorrupt when its state file is damaged' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To ops@example.com -ExpectEvery '12:00:00'
        Add-Run $job ([timespan]::FromDays(1))
        $state = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'journal/watchdog.json'
        Set-Content -LiteralPath $state -Value '{ broken'

        { Send-BackupOverdueNotification -ErrorAction Stop } |
            Should -Throw -ErrorId 'WatchdogStateCorrupt,BackupMail.PowerShell.SendBackupOverdueNotificationCommand'
        $status = Get-BackupJobStatus -BackupName $job -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'WatchdogStateCorrupt,BackupMail.PowerShell.GetBackupJobStatusCommand'
        $status.IsOverdue | Should -BeTrue
        Get-Content -Raw -LiteralPath $state | Should -BeLike '{ broken*'
    }
}

Describe 'A check whose process is killed while it sends' {
    BeforeAll {
        # Accepts connections and never says a word: the check waits for the greeting until it is killed.
        $script:silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
    }

    AfterAll {
        $silent.Stop()
    }

    It 'by kill -9 loses no overdue notice: it waits in the outbox, and the next checks send no second one' {
        Initialize-TestConfiguration -NoVault
        Set-BackupMailAccount -SmtpServer localhost -Port $silent.LocalEndpoint.Port -Security None -From 'backup@example.com' -TimeoutSeconds 120
        $job = "Killed-$([guid]::NewGuid().ToString('N').Substring(0, 10))"
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To 'admin@example.com' -ExpectEvery 1.00:00:00
        Add-Run $job ([timespan]::FromDays(3))

        $script = Join-Path $TestDrive "check-$job.ps1"
        Set-Content -LiteralPath $script -Value "Import-Module '$modulePath'; Send-BackupOverdueNotification"
        Stop-ChildPwshOnConnect -Process (Start-ChildPwsh -Path $script) -Listener $silent

        # Written ahead before the first byte went out: the notice waits in the outbox.
        $queued = @(Get-BackupMailQueue)
        $queued.BackupName | Should -Be @($job)

        Set-BackupMailAccount -Port $server.SmtpPort -TimeoutSeconds 10
        $null = Send-BackupMailQueue
        $again = @(Send-BackupOverdueNotification)
        $again += @(Send-BackupOverdueNotification)

        Start-Sleep -Milliseconds 500
        $arrived = @(Wait-Smtp4devMail -Server $server -Subject $job -Count 2 -TimeoutSeconds 3)
        $arrived.Count | Should -BeIn 1, 2 -Because 'never lost; at most once more, as the state was not saved before the kill'
        $again.Count | Should -BeLessOrEqual 1
        @(Get-BackupMailQueue).Count | Should -Be 0
        (Send-BackupOverdueNotification | Measure-Object).Count | Should -Be 0 -Because 'after that, one notice per overdue run'
    }
}
