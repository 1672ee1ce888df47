# Dot-source in a test file's BeforeAll: the SecretManagement test double goes first on PSModulePath (for this
# file only), and the built module and the smtp4dev helpers are imported. Exit-TestSession.ps1 undoes it.
$script:originalModulePath = $env:PSModulePath
$script:testModules = (Resolve-Path (Join-Path $PSScriptRoot '../TestModules')).Path
$env:PSModulePath = $script:testModules + [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module (Join-Path $PSScriptRoot '../../out/BackupMail') -Force
Import-Module (Join-Path $PSScriptRoot 'Smtp4dev.psm1') -Force

# The two smtp4dev servers build.ps1 started; for the STARTTLS one, its pinned thumbprint and its credential.
$script:tls = Get-TestSmtpServer -Name Tls
$script:plain = Get-TestSmtpServer -Name Plain
$script:thumbprint = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($tls.CertificatePath).GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256)
$script:credential = [pscredential]::new($tls.UserName, (ConvertTo-SecureString $tls.Password -AsPlainText -Force))

# A fresh configuration directory and vault folder for one test. The vault is registered as the default one
# unless -NoVault; -PlainAccount adds the Default account: anonymous, plain SMTP to the plain smtp4dev server.
function script:Initialize-TestConfiguration {
    param([switch] $NoVault, [switch] $PlainAccount)
    $id = [guid]::NewGuid().ToString('N')
    $env:BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive "config-$id"
    $env:BACKUPMAIL_TEST_VAULT_DIR = Join-Path $TestDrive "vault-$id"
    if (-not $NoVault) {
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
    }
    if ($PlainAccount) {
        Set-BackupMailAccount -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'backup@example.com'
    }
}
