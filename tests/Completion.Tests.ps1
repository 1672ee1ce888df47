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

    It 'completes template names, the built-in Default and Report included' {
        Complete 'Get-BackupMailTemplate -Name ' | Should -Be @('Default', 'Report', 'Short')
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
