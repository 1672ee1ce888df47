# Tab completion: account, template and backup-job names from the configuration, and placeholders.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')

    function script:Complete([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Tab completion' {
    BeforeAll {
        $env:BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive 'config'
        Set-BackupMailAccount -Name 'Office' -SmtpServer mail.example.com -From 'backup@example.com'
        Set-BackupMailAccount -Name 'Offsite NAS' -SmtpServer nas.example.com -From 'nas@example.com'
        Set-BackupMailAccount -Name 'Gmail' -SmtpServer smtp.gmail.com -From 'me@gmail.com'
        Set-BackupMailTemplate -Name 'Short' -Subject '##BackupName##' -Body '##Status##'
        Set-BackupNotificationRule -BackupName 'Documents' -Mode Always -To 'admin@example.com'
        Set-BackupNotificationRule -BackupName 'Database' -Mode OnFailure -To 'admin@example.com'
    }

    It 'completes account names, quoting those with spaces' {
        Complete 'Get-BackupMailAccount -Name Of' | Should -Be @('Office', "'Offsite NAS'")
        Complete 'Send-BackupNotification -Account G' | Should -Be @('Gmail')
    }

    It 'completes template names, the built-in Default, Digest and Report included' {
        Complete 'Get-BackupMailTemplate -Name ' | Should -Be @('Default', 'Digest', 'Report', 'Short')
        Complete 'Set-BackupNotificationRule -Template S' | Should -Be @('Short')
    }

    It 'completes backup names from the rules' {
        Complete 'Send-BackupNotification -BackupName D' | Should -Be @('Database', 'Documents')
        Complete 'Remove-BackupNotificationRule -BackupName Doc' | Should -Be @('Documents')
    }

    It 'completes the placeholder being typed in a subject' {
        Complete "Set-BackupMailTemplate -Subject 'Backup ##Backup" | Should -Contain "'Backup ##BackupName##'"
        Complete "Set-BackupMailTemplate -Subject '##BackupName## ##Exit" | Should -Contain "'##BackupName## ##ExitCode##'"
        Complete 'Get-BackupMailTemplateValue -Name Files' | Should -Contain 'FilesCopied'
    }

    It 'offers nothing, and no error, when the configuration cannot be read' {
        Set-Content -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') -Value '{ not json'
        Complete 'Get-BackupMailAccount -Name ' | Should -BeNullOrEmpty
    }
}

Describe 'Tab completion of queue ids and vault names' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault
        $script:closedPort = Get-FreeTcpPort
    }

    It 'completes the ids of the waiting items, and with -Failed those in outbox/failed' {
        Set-BackupMailAccount -SmtpServer localhost -Port $closedPort -Security None -From 'backup@example.com' -TimeoutSeconds 3
        $queued = 'Documents', 'Database', 'Photos' | ForEach-Object {
            Send-BackupNotification -BackupName $_ -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
        }
        $queued.Action | Should -Be @('Queued', 'Queued', 'Queued')
        $ids = @($queued.QueueId)

        # One item given up on: its files in outbox/failed.
        $outbox = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'outbox'
        $failedDir = New-Item -ItemType Directory -Path (Join-Path $outbox 'failed') -Force
        Get-ChildItem -LiteralPath $outbox -File -Filter "$($ids[2]).*" | Move-Item -Destination $failedDir

        Complete 'Clear-BackupMailQueue -Id ' | Should -Be $ids[0..1]
        Complete 'Send-BackupMailQueue -Id ' | Should -Be $ids[0..1]
        Complete 'Get-BackupMailQueue -Id ' | Should -Be $ids[0..1]
        Complete "Clear-BackupMailQueue -Failed -Id " | Should -Be @($ids[2])
        Complete "Send-BackupMailQueue -Id $($ids[1].Substring(0, $ids[1].Length - 2))" | Should -Be @($ids[1])
        $tips = (TabExpansion2 -inputScript 'Clear-BackupMailQueue -Id ' -cursorColumn 26).CompletionMatches.ToolTip
        $tips[0] | Should -BeLike 'Documents:*'
    }

    It 'offers no queue ids, and no error, when the outbox is empty or missing' {
        $Error.Clear()
        Complete 'Clear-BackupMailQueue -Id ' | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }

    It 'completes the registered SecretManagement vaults for -Vault' {
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name 'Team Vault' -ModuleName Microsoft.PowerShell.SecretStore
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name Archive -ModuleName Microsoft.PowerShell.SecretStore

        Complete 'Set-BackupMailAccount -Vault ' | Should -Be @('Archive', "'Team Vault'", 'TestStore')
        Complete 'Set-BackupMailAccount -Vault te' | Should -Be @("'Team Vault'", 'TestStore')
    }

    It 'offers no vaults, and no error, when SecretManagement is not installed' {
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = ($env:PSModulePath -split [System.IO.Path]::PathSeparator | Where-Object { $_ -ne $testModules }) -join [System.IO.Path]::PathSeparator
            Remove-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Force -ErrorAction Ignore
            @(Get-Module -ListAvailable -Name Microsoft.PowerShell.SecretManagement).Count | Should -Be 0 -Because 'this machine has no real SecretManagement'
            $Error.Clear()
            Complete 'Set-BackupMailAccount -Vault ' | Should -BeNullOrEmpty
            $Error.Count | Should -Be 0
        }
        finally {
            $env:PSModulePath = $saved
        }
    }
}
