# Assembly isolation: BackupMail imports and sends in a session where another module has loaded an older MailKit
# (and BouncyCastle), and that other module keeps its own version, whichever of the two came first.
# Each case runs in a fresh pwsh: assemblies cannot be unloaded from a session.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/Smtp4dev.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:moduleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
    $packages = Join-Path $PSScriptRoot '../out/packages'
    # build/Tools.csproj downloads these. MimeKit older than 4.18 is not served by the feed this build can reach, so
    # the other module's MailKit 4.0.0 runs on its own copy of MimeKit 4.18.0.
    $script:otherMimeKit = (Resolve-Path (Join-Path $packages 'mimekit/4.18.0/lib/net8.0/MimeKit.dll')).Path
    $script:oldMailKit = (Resolve-Path (Join-Path $packages 'mailkit/4.0.0/lib/net6.0/MailKit.dll')).Path
    $script:oldBouncyCastle = (Resolve-Path (Join-Path $packages 'bouncycastle.cryptography/2.4.0/lib/net6.0/BouncyCastle.Cryptography.dll')).Path
    $script:oldMailKitVersion = [System.Reflection.AssemblyName]::GetAssemblyName($oldMailKit).Version.ToString()
    $script:ourMailKitVersion = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleDir 'Dependencies/Core/MailKit.dll')).Version.ToString()
    $script:server = Get-TestSmtpServer -Name Plain

    # What every child session reports at the end (it dot-sources this file): the libraries in each load context.
    $script:reportScript = Join-Path $TestDrive 'Get-LoadedLibrary.ps1'
    Set-Content -LiteralPath $reportScript -Encoding utf8NoBOM -Value @'
function Get-LoadedLibrary {
    foreach ($context in [System.Runtime.Loader.AssemblyLoadContext]::All) {
        foreach ($assembly in $context.Assemblies) {
            $name = $assembly.GetName()
            if ($name.Name -in 'MailKit', 'MimeKit', 'BouncyCastle.Cryptography', 'BackupMail.Core') {
                [pscustomobject]@{ Context = "$($context.Name)"; Name = $name.Name; Version = $name.Version.ToString(); Path = $assembly.Location }
            }
        }
    }
}
'@

    function Invoke-ChildSession {
        # Runs $Script in a new pwsh with a private configuration folder; returns its last output line as an object.
        param([string] $Script, [hashtable] $Parameters, [int] $TimeoutSeconds = 120)
        Invoke-ChildPwsh -Script $Script -WorkingFolder $TestDrive -Arguments '-ReportScript', $reportScript -Parameters $Parameters `
            -Environment @{ BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive "config-$([guid]::NewGuid().ToString('N'))" } -TimeoutSeconds $TimeoutSeconds
    }

    function Get-ArrivedMessage {
        param([string] $To)
        Get-Smtp4devMessage -Server $server -Count 1 -TimeoutSeconds 10 | Where-Object { @($_.to) -contains $To }
    }
}

Describe 'BackupMail next to another module''s older MailKit' {
    It 'imports and sends when MailKit 4.0.0 was loaded first, and the session keeps seeing 4.0.0' {
        $to = "isolation-first-$([guid]::NewGuid().ToString('N'))@example.com"
        $report = Invoke-ChildSession -Parameters @{ ModuleDir = $moduleDir; OldMailKit = $oldMailKit; OtherMimeKit = $otherMimeKit; OldBouncyCastle = $oldBouncyCastle; Port = $server.SmtpPort; To = $to } -Script @'
param($ModuleDir, $OldMailKit, $OtherMimeKit, $OldBouncyCastle, $Port, $To, $ReportScript)
$ErrorActionPreference = 'Stop'
. $ReportScript
# Another module got there first.
Add-Type -Path $OldBouncyCastle
Add-Type -Path $OtherMimeKit
Add-Type -Path $OldMailKit
$null = [MailKit.Net.Smtp.SmtpClient]::new()

Import-Module $ModuleDir
Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security None -From 'x@example.com'
$result = Send-BackupMailTest -To $To
[pscustomobject]@{
    Status = "$($result.Status)"
    MessageId = $result.MessageId
    SessionMailKit = [MailKit.Net.Smtp.SmtpClient].Assembly.GetName().Version.ToString()
    Libraries = @(Get-LoadedLibrary)
} | ConvertTo-Json -Compress -Depth 3
'@
        $report.Status | Should -Be 'Success'
        $report.SessionMailKit | Should -Be $oldMailKitVersion
        $default = @($report.Libraries | Where-Object Context -EQ 'Default')
        ($default | Where-Object Name -EQ 'MailKit').Path | Should -Be $oldMailKit
        ($default | Where-Object Name -EQ 'MimeKit').Path | Should -Be $otherMimeKit
        # Same assembly version (2.0.0.0) as ours, but the other module's 2.4.0 build: BackupMail must not bind to it.
        ($default | Where-Object Name -EQ 'BouncyCastle.Cryptography').Path | Should -Be $oldBouncyCastle
        $ours = @($report.Libraries | Where-Object Context -EQ 'BackupMail')
        ($ours | Where-Object Name -EQ 'MailKit').Version | Should -Be $ourMailKitVersion
        @($ours.Name) | Should -Contain 'MimeKit'
        foreach ($library in $ours) { $library.Path | Should -BeLike "$moduleDir*" -Because "$($library.Name) is BackupMail's own" }
        @(Get-ArrivedMessage -To $to).Count | Should -Be 1
    }

    It 'leaves a module imported after BackupMail its own MailKit 4.0.0 and MimeKit, which send too' {
        $to = "isolation-after-$([guid]::NewGuid().ToString('N'))@example.com"
        $report = Invoke-ChildSession -Parameters @{ ModuleDir = $moduleDir; OldMailKit = $oldMailKit; OtherMimeKit = $otherMimeKit; OldBouncyCastle = $oldBouncyCastle; Port = $server.SmtpPort; To = $to } -Script @'
param($ModuleDir, $OldMailKit, $OtherMimeKit, $OldBouncyCastle, $Port, $To, $ReportScript)
$ErrorActionPreference = 'Stop'
. $ReportScript
Import-Module $ModuleDir
Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security None -From 'x@example.com'
$result = Send-BackupMailTest -To $To

# Another module comes later and sends with its own MailKit and MimeKit.
Add-Type -Path $OldBouncyCastle
Add-Type -Path $OtherMimeKit
Add-Type -Path $OldMailKit
$message = [MimeKit.MimeMessage]::new()
$message.From.Add([MimeKit.MailboxAddress]::new('Other module', 'other@example.com'))
$message.To.Add([MimeKit.MailboxAddress]::new('', "other-$To"))
$message.Subject = 'Sent by the other module'
$body = [MimeKit.TextPart]::new('plain')
$body.Text = 'hello'
$message.Body = $body
$client = [MailKit.Net.Smtp.SmtpClient]::new()
$client.Timeout = 10000
$client.Connect('localhost', [int]$Port, [MailKit.Security.SecureSocketOptions]::None)
$null = $client.Send($message)
$client.Disconnect($true)
[pscustomobject]@{
    Status = "$($result.Status)"
    SessionMailKit = $client.GetType().Assembly.GetName().Version.ToString()
    SessionMimeKit = $message.GetType().Assembly.Location
    Libraries = @(Get-LoadedLibrary)
} | ConvertTo-Json -Compress -Depth 3
'@
        $report.Status | Should -Be 'Success'
        @(Get-ArrivedMessage -To $to).Count | Should -Be 1
        @(Get-ArrivedMessage -To "other-$to").Count | Should -Be 1
        $report.SessionMailKit | Should -Be $oldMailKitVersion
        $report.SessionMimeKit | Should -Be $otherMimeKit
        ($report.Libraries | Where-Object { $_.Context -eq 'Default' -and $_.Name -eq 'MailKit' }).Path | Should -Be $oldMailKit
        ($report.Libraries | Where-Object { $_.Context -eq 'BackupMail' -and $_.Name -eq 'MailKit' }).Version | Should -Be $ourMailKitVersion
    }
}

Describe 'The isolated engine' {
    It 'finds its German messages in the isolated context under de-DE' {
        $report = Invoke-ChildSession -Parameters @{ ModuleDir = $moduleDir } -Script @'
param($ModuleDir, $ReportScript)
$ErrorActionPreference = 'Stop'
. $ReportScript
[System.Threading.Thread]::CurrentThread.CurrentUICulture = 'de-DE'
[System.Globalization.CultureInfo]::DefaultThreadCurrentUICulture = 'de-DE'
Import-Module $ModuleDir
$message = try { Send-BackupMailTest -To 'a@example.com' -ErrorAction Stop; '' } catch { $_.Exception.Message; $id = $_.FullyQualifiedErrorId }
[pscustomobject]@{ Message = $message; ErrorId = $id; Libraries = @(Get-LoadedLibrary) } | ConvertTo-Json -Compress -Depth 3
'@
        # No account is configured: the engine's own error, read from BackupMail.Core.resources in de-DE.
        $report.ErrorId | Should -BeLike 'AccountNotFound*'
        $report.Message | Should -BeLike "Es gibt kein BackupMail-Konto namens*"
        ($report.Libraries | Where-Object Name -EQ 'BackupMail.Core').Context | Should -Be 'BackupMail'
    }
}
