# TEST DOUBLE of Microsoft.PowerShell.SecretManagement (PowerShell Gallery), for BackupMail's tests only.
# The real module cannot be installed on the build machines (no PowerShell Gallery). This double has
# the real module's cmdlet names, parameters, secret types and error ids/messages (from its public
# documentation), keeps its vaults in files under $env:BACKUPMAIL_TEST_VAULT_DIR, and lets a test
# simulate a locked SecretStore vault (Register-SecretVault -VaultParameters @{ Locked = $true }).
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '1.1.2'
    GUID              = 'a5c858f6-4a8e-41f1-b1ee-0ff8f6ad69d3'
    Author            = 'BackupMail contributors (test double)'
    CompanyName       = 'BackupMail'
    Copyright         = '(c) BackupMail contributors. MIT License.'
    Description       = 'Test double of Microsoft.PowerShell.SecretManagement for BackupMail tests. Not for production use.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @(
        'Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo',
        'Get-SecretVault', 'Register-SecretVault', 'Unregister-SecretVault',
        'Set-SecretVaultDefault', 'Test-SecretVault'
    )
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
