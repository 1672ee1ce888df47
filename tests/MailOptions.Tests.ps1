# Cc, Bcc, Reply-To and priority, as Send-MailMessage has them: on rules and per call, checked on what smtp4dev
# received (its API lists the Bcc recipients of a message it got; its raw text shows what the others see).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain

    function script:Get-Header($Detail, [string] $Name) {
        @($Detail.headers | Where-Object { $_.name -eq $Name } | ForEach-Object { $_.value })
    }
}

Describe 'Cc, Bcc, Reply-To and priority' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status##' -Body 'Status=##Status##'
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
    }

    AfterAll {
        . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
    }

    It 'stores them on the rule, shows them, and the delivered message has Cc, Reply-To and priority headers, the Bcc recipient without a Bcc header' {
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com -Cc 'lead@example.com' -Bcc 'audit@example.com' `
            -ReplyTo 'helpdesk@example.com' -Priority High
        $rule = Get-BackupNotificationRule -BackupName $job
        $rule.Cc | Should -Be @('lead@example.com')
        $rule.Bcc | Should -Be @('audit@example.com')
        $rule.ReplyTo | Should -Be @('helpdesk@example.com')
        $rule.Priority | Should -Be 'High'
        $json = Get-Content -Raw -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') | ConvertFrom-Json
        $stored = $json.rules | Where-Object backupName -eq $job
        $stored.bcc | Should -Be @('audit@example.com')
        $stored.priority | Should -Be 'High'

        $result = Send-BackupNotification -BackupName $job -Status Failure
        $result.Action | Should -Be 'Sent'

        $arrived = Wait-Smtp4devMail -Server $server -Subject $job
        $detail = Get-Smtp4devMessageDetail -Server $server -Id $arrived[0].id
        @($detail.bcc) -join ',' | Should -BeLike '*audit@example.com*'
        (Get-Header $detail 'Cc') | Should -Be 'lead@example.com'
        (Get-Header $detail 'Reply-To') | Should -Be 'helpdesk@example.com'
        (Get-Header $detail 'X-Priority') | Should -Be '1 (Highest)'
        (Get-Header $detail 'Importance') | Should -Be 'high'
        (Get-Header $detail 'Priority') | Should -Be 'urgent'
        (Get-Header $detail 'Bcc') | Should -BeNullOrEmpty
        $raw = Get-Smtp4devRawMessage -Server $server -Id $arrived[0].id
        $raw | Should -Not -Match '(?m)^Bcc:'
        $raw | Should -Not -BeLike '*audit@example.com*'
    }

    It 'a call''s own -Cc, -Bcc, -ReplyTo and -Priority override the rule''s' {
        Set-BackupNotificationRule -BackupName $job -To admin@example.com -Cc 'lead@example.com' -Priority High
        $null = Send-BackupNotification -BackupName $job -Status Success -Cc 'other@example.com' -Bcc 'secret@example.com' -ReplyTo 'ops@example.com' -Priority Low

        $detail = Get-Smtp4devMessageDetail -Server $server -Id (Wait-Smtp4devMail -Server $server -Subject $job)[0].id
        (Get-Header $detail 'Cc') | Should -Be 'other@example.com'
        (Get-Header $detail 'Reply-To') | Should -Be 'ops@example.com'
        (Get-Header $detail 'X-Priority') | Should -Be '5 (Lowest)'
        @($detail.bcc) -join ',' | Should -BeLike '*secret@example.com*'
    }

    It 'Invoke-BackupJob takes them too' {
        $null = Invoke-BackupJob -BackupName $job -ScriptBlock { 'copied' } -To admin@example.com -Cc 'lead@example.com' -Priority High

        $detail = Get-Smtp4devMessageDetail -Server $server -Id (Wait-Smtp4devMail -Server $server -Subject $job)[0].id
        (Get-Header $detail 'Cc') | Should -Be 'lead@example.com'
        (Get-Header $detail 'Importance') | Should -Be 'high'
    }

    It 'refuses a bad address with InvalidMailAddress, on the rule and on a call' {
        { Set-BackupNotificationRule -BackupName $job -To admin@example.com -Bcc 'audit(at)example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidMailAddress,BackupMail.PowerShell.SetBackupNotificationRuleCommand'
        @(Get-BackupNotificationRule).Count | Should -Be 0
        $result = Send-BackupNotification -BackupName $job -Status Failure -To admin@example.com -Cc 'broken' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidMailAddress,BackupMail.PowerShell.SendBackupNotificationCommand'
    }

    It 'an empty -Cc removes the rule''s copies, and a call that does not name them keeps them' {
        Set-BackupNotificationRule -BackupName $job -To admin@example.com -Cc 'lead@example.com' -Bcc 'audit@example.com'
        Set-BackupNotificationRule -BackupName $job -Priority Low
        (Get-BackupNotificationRule -BackupName $job).Cc | Should -Be @('lead@example.com')
        Set-BackupNotificationRule -BackupName $job -Cc @()
        $rule = Get-BackupNotificationRule -BackupName $job
        $rule.Cc | Should -BeNullOrEmpty
        $rule.Bcc | Should -Be @('audit@example.com')
        $rule.Priority | Should -Be 'Low'
    }

    It 'a message that waits in the outbox is delivered later to its Cc and Bcc recipients too' {
        Set-BackupNotificationRule -BackupName $job -To admin@example.com -Cc 'lead@example.com' -Bcc 'audit@example.com'
        Set-BackupMailAccount -SmtpServer 127.0.0.1 -Port (Get-FreeTcpPort) -Security None -From 'backup@example.com' -TimeoutSeconds 5
        $queued = Send-BackupNotification -BackupName $job -Status Failure -WarningAction SilentlyContinue
        $queued.Action | Should -Be 'Queued'
        $item = Get-BackupMailQueue
        $item.Cc | Should -Be @('lead@example.com')
        $item.Bcc | Should -Be @('audit@example.com')

        Set-BackupMailAccount -SmtpServer localhost -Port $server.SmtpPort -Security None
        $sent = @(Send-BackupMailQueue)
        $sent[0].Action | Should -Be 'Sent'
        $detail = Get-Smtp4devMessageDetail -Server $server -Id (Wait-Smtp4devMail -Server $server -Subject $job)[0].id
        (Get-Header $detail 'Cc') | Should -Be 'lead@example.com'
        @($detail.bcc) -join ',' | Should -BeLike '*audit@example.com*'
        (Get-Header $detail 'Bcc') | Should -BeNullOrEmpty
    }
}
