# The outbox end to end: a notification that cannot be delivered is queued on disk, listed, sent later
# (by Send-BackupMailQueue or by the next notification) with the same Message-Id, or cleared.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain


    # Makes every waiting item due now, as if its backoff had passed (the metadata is the outbox's own JSON).
    function script:Set-QueueDue {
        foreach ($file in Get-ChildItem -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'outbox') -Filter '*.json') {
            $item = Get-Content -LiteralPath $file.FullName -Raw | ConvertFrom-Json
            $item.nextAttempt = [DateTimeOffset]::UtcNow.AddMinutes(-1).ToString('o')
            $item | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $file.FullName
        }
    }

    $script:closedPort = Get-FreeTcpPort
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'The outbox' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault
        # The mail server is down: nothing listens on this port.
        Set-BackupMailAccount -SmtpServer localhost -Port $closedPort -Security None -From 'backup@example.com' -TimeoutSeconds 3
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status##' -Body 'Status=##Status##'
        $script:job = "Queued-$([guid]::NewGuid().ToString('N'))"
    }

    It 'queues a notification the server cannot take, with a warning, and keeps it complete on disk' {
        $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningVariable warnings -WarningAction SilentlyContinue

        $result.Action | Should -Be 'Queued'
        $result.QueueId | Should -Not -BeNullOrEmpty
        $result.MessageId | Should -Not -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match ([regex]::Escape($result.QueueId))
        ($warnings -join "`n") | Should -Match 'Send-BackupMailQueue'

        $queued = @(Get-BackupMailQueue)
        $queued.Count | Should -Be 1
        $queued[0].Id | Should -Be $result.QueueId
        $queued[0].BackupName | Should -Be $job
        $queued[0].To | Should -Be @('admin@example.com')
        $queued[0].Attempts | Should -Be 1
        $queued[0].LastError | Should -Match "$closedPort"

        $eml = Join-Path $env:BACKUPMAIL_CONFIG_DIR "outbox/$($result.QueueId).eml"
        Get-Content -LiteralPath $eml -Raw | Should -Match ([regex]::Escape($result.MessageId))
    }

    It 'delivers the queued message with Send-BackupMailQueue once the server is back, with the same Message-Id' {
        $queued = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        $queued.Action | Should -Be 'Queued'

        Set-BackupMailAccount -Port $server.SmtpPort
        $sent = @(Send-BackupMailQueue)

        $sent.Count | Should -Be 1
        $sent[0].Action | Should -Be 'Sent'
        $sent[0].QueueId | Should -Be $queued.QueueId
        $mail = (Wait-Smtp4devMail -Server $server -Subject $job)[0]
        $mail | Should -Not -BeNullOrEmpty
        $raw = Get-Smtp4devRawMessage -Server $server -Id $mail.id
        $raw | Should -Match ([regex]::Escape($queued.MessageId))
        @(Get-BackupMailQueue).Count | Should -Be 0
        Test-Path (Join-Path $env:BACKUPMAIL_CONFIG_DIR "outbox/$($queued.QueueId).eml") | Should -BeFalse
    }

    It 'sends what is due before the next notification, so a backlog drains by itself' {
        $queued = Send-BackupNotification -BackupName "$job-first" -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        $queued.Action | Should -Be 'Queued'
        Set-BackupMailAccount -Port $server.SmtpPort
        Set-QueueDue

        $next = Send-BackupNotification -BackupName "$job-second" -Status Success -To 'admin@example.com'

        $next.Action | Should -Be 'Sent'
        (Wait-Smtp4devMail -Server $server -Subject "$job-first").Count | Should -Be 1
        (Wait-Smtp4devMail -Server $server -Subject "$job-second").Count | Should -Be 1
        @(Get-BackupMailQueue).Count | Should -Be 0
    }

    It 'leaves items that are not due yet for later (the backoff), unless asked by name' {
        $queued = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        Set-BackupMailAccount -Port $server.SmtpPort

        $null = Send-BackupNotification -BackupName "$job-other" -Status Success -To 'admin@example.com'
        @(Get-BackupMailQueue).Id | Should -Be @($queued.QueueId)

        $sent = Send-BackupMailQueue -Id $queued.QueueId
        $sent.Action | Should -Be 'Sent'
        (Wait-Smtp4devMail -Server $server -Subject $job).Count | Should -BeGreaterOrEqual 1
    }

    It 'shows "n of N" progress while it sends more than one item, and none for a single item' {
        # Progress goes to the host, not to a redirectable stream: a PowerShell instance of its own (a runspace of this
        # process, so the same configuration directory) collects the records.
        function Invoke-WithProgress([scriptblock] $Script) {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-Module BackupMail).ModuleBase).AddStatement()
                $output = $ps.AddScript('$ProgressPreference = ''Continue''').AddStatement().AddScript($Script).Invoke()
                [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
            }
            finally { $ps.Dispose() }
        }
        $names = 1..3 | ForEach-Object { "$job-$_" }
        foreach ($name in $names) {
            (Send-BackupNotification -BackupName $name -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue).Action | Should -Be 'Queued'
        }
        Set-BackupMailAccount -Port $server.SmtpPort

        $run = Invoke-WithProgress { Send-BackupMailQueue }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Action | Should -Be @('Sent', 'Sent', 'Sent')
        $processing = @($run.Progress | Where-Object RecordType -EQ 'Processing')
        $processing.StatusDescription | Should -Be @("1 of 3: $($names[0])", "2 of 3: $($names[1])", "3 of 3: $($names[2])")
        $processing.Activity | Select-Object -Unique | Should -Be 'Sending queued notifications'
        $processing.PercentComplete | Should -Be @(0, 33, 66)
        @($run.Progress | Where-Object RecordType -EQ 'Completed').Count | Should -Be 1
        $run.Progress[-1].RecordType | Should -Be 'Completed'

        # By id, several at once: the ids are what is known.
        Set-BackupMailAccount -Port $closedPort
        $ids = 1..2 | ForEach-Object { (Send-BackupNotification -BackupName "$job-id$_" -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue).QueueId }
        Set-BackupMailAccount -Port $server.SmtpPort
        $byId = Invoke-WithProgress ([scriptblock]::Create("Send-BackupMailQueue -Id '$($ids -join "','")'"))
        @($byId.Progress | Where-Object RecordType -EQ 'Processing').StatusDescription | Should -Be @("1 of 2: $($ids[0])", "2 of 2: $($ids[1])")

        # A single item: no progress bar flashing by.
        Set-BackupMailAccount -Port $closedPort
        $null = Send-BackupNotification -BackupName "$job-single" -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        Set-BackupMailAccount -Port $server.SmtpPort
        $single = Invoke-WithProgress { Send-BackupMailQueue }
        $single.Output.Action | Should -Be 'Sent'
        $single.Progress | Should -BeNullOrEmpty
    }

    It 'sends nothing queued under -WhatIf' {
        $null = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        Set-BackupMailAccount -Port $server.SmtpPort
        Set-QueueDue

        $null = Send-BackupNotification -BackupName "$job-whatif" -Status Success -To 'admin@example.com' -WhatIf
        $null = Send-BackupMailQueue -WhatIf

        @(Get-BackupMailQueue).Count | Should -Be 1
        (Wait-Smtp4devMail -Server $server -Subject $job -TimeoutSeconds 2).Count | Should -Be 0
    }

    It 'queues when the server accepts the connection but never answers, within the timeout' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            Set-BackupMailAccount -Port $listener.LocalEndpoint.Port -TimeoutSeconds 2
            $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
            $result.Action | Should -Be 'Queued'
            (Get-BackupMailQueue).LastError | Should -Match '2'
        }
        finally {
            $listener.Stop()
        }
    }

    It 'clears the queue only after confirmation, and reports an unknown id' {
        $queued = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue

        { Clear-BackupMailQueue -Id 'no-such-item' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'QueueItemNotFound,BackupMail.PowerShell.ClearBackupMailQueueCommand'
        Clear-BackupMailQueue -WhatIf
        @(Get-BackupMailQueue).Count | Should -Be 1

        Get-BackupMailQueue | Clear-BackupMailQueue -Confirm:$false
        @(Get-BackupMailQueue).Count | Should -Be 0
        # Nothing but the emptied write-ahead journal, kept for the next run.
        @(Get-ChildItem (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'outbox') -File | Where-Object Extension -NE '.wal').Count | Should -Be 0
    }

    It 'does not queue a test mail: it fails loudly instead' {
        { Send-BackupMailTest -To 'admin@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpConnectFailed,BackupMail.PowerShell.SendBackupMailTestCommand'
        @(Get-BackupMailQueue).Count | Should -Be 0
    }
}
