@{
    RootModule           = 'BackupMail.PowerShell.dll'
    # Imported before the cmdlets: loads the engine and its libraries (MailKit, MimeKit) from Dependencies/<edition>,
    # isolated from other modules' versions.
    NestedModules        = @('BackupMail.Loader.dll')
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f1c3c2e-8d4b-4b9a-9f4e-2b7d0c5a1e13'
    Author               = 'BackupMail contributors'
    CompanyName          = 'BackupMail'
    Copyright            = '(c) BackupMail contributors. MIT License.'
    Description          = 'E-mails the result of backups (robocopy, rsync, restic or any program) over SMTP with MailKit: passwords in a SecretManagement vault, templates with ##Placeholder## tokens, per-job rules, certificate pinning, and an outbox that keeps undelivered notifications.'
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @(
        'Set-BackupMailAccount', 'Get-BackupMailAccount', 'Remove-BackupMailAccount', 'Test-BackupMailAccount', 'Connect-BackupMailAccount',
        'Set-BackupMailTemplate', 'Get-BackupMailTemplate', 'Reset-BackupMailTemplate', 'Get-BackupMailTemplateValue',
        'Set-BackupNotificationRule', 'Get-BackupNotificationRule', 'Remove-BackupNotificationRule',
        'Send-BackupMailTest', 'Send-BackupNotification', 'Send-BackupMailDigest', 'Invoke-BackupJob',
        'Get-BackupMailQueue', 'Send-BackupMailQueue', 'Clear-BackupMailQueue',
        'Set-BackupMailJournal', 'Get-BackupRunHistory',
        'Get-BackupJobStatus', 'Send-BackupOverdueNotification'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FormatsToProcess     = @('BackupMail.Format.ps1xml')
    PrivateData          = @{
        PSData = @{
            Tags         = @('Backup', 'Email', 'Mail', 'SMTP', 'MailKit', 'Notification', 'Robocopy', 'Rsync', 'Restic', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: SMTP accounts with SecretManagement, test e-mails, backup notifications.'
        }
    }
}
