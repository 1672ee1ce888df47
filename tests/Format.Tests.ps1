# Default views: tidy tables with the columns a user needs first, and never a secret.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')

    # The header line of the default table view of $InputObject.
    function script:Get-TableHeader($InputObject) {
        ($InputObject | Out-String -Width 300) -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -First 1
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Default views' {
    BeforeAll {
        $env:BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive 'config'
        $env:BACKUPMAIL_TEST_VAULT_DIR = Join-Path $TestDrive 'vault'
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
        $script:password = 'Format-' + [guid]::NewGuid().ToString('N')
        $credential = [pscredential]::new('backup@example.com', (ConvertTo-SecureString $password -AsPlainText -Force))
        Set-BackupMailAccount -SmtpServer mail.example.com -Security StartTls -From 'backup@example.com' -Credential $credential `
            -CertificateThumbprint ('AB' * 32)
        Set-BackupMailAccount -Name Relay -SmtpServer relay.example.com -From 'relay@example.com' -SkipCertificateValidation -WarningAction SilentlyContinue
        Set-BackupMailTemplate -Name Short -Subject '##BackupName## ##Status##' -Body '##ExitStatus##'
        Set-BackupNotificationRule -BackupName Documents -Mode OnWarning -To 'admin@example.com, boss@example.com'
    }

    It 'shows accounts as a table, with the certificate policy in words and no password' {
        $accounts = Get-BackupMailAccount
        (Get-TableHeader $accounts) | Should -Match '^Name\s+Transport\s+Authentication\s+SmtpServer\s+Port\s+Security\s+From\s+UserName\s+Certificate'
        $text = $accounts | Out-String -Width 300
        $text | Should -Match 'Default\s+Smtp\s+Password\s+mail\.example\.com\s+587\s+StartTls\s+backup@example\.com\s+backup@example\.com\s+Pinned'
        # An anonymous relay authenticates with nothing, whatever the Authentication property's default.
        $text | Should -Match 'Relay\s+Smtp\s+None\s+relay\.example\.com.*NOT VALIDATED'
        ($accounts | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($password))
    }

    It 'shows rules with their recipients joined' {
        $text = Get-BackupNotificationRule | Out-String -Width 300
        (Get-TableHeader (Get-BackupNotificationRule)) | Should -Match '^BackupName\s+Mode\s+To\s+Account\s+Template\s+AttachLog'
        $text | Should -Match 'Documents\s+OnWarning\s+admin@example\.com, boss@example\.com\s+Default\s+Default\s+False'
    }

    It 'shows templates with name, format and subject' {
        (Get-TableHeader (Get-BackupMailTemplate)) | Should -Match '^Name\s+BodyFormat\s+BuiltIn\s+Subject'
        (Get-BackupMailTemplate -Name Short | Out-String -Width 300) | Should -Match 'Short\s+Text\s+False\s+##BackupName## ##Status##'
    }
}
