# The built module as a whole: its manifest and what importing it does.
BeforeAll {
    $script:moduleDir = Join-Path $PSScriptRoot '../out/BackupMail'
    $script:manifestPath = Join-Path $moduleDir 'BackupMail.psd1'
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'carries the version of Directory.Build.props' {
        $props = [xml](Get-Content (Join-Path $PSScriptRoot '../Directory.Build.props') -Raw)
        $expected = ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
        (Test-ModuleManifest -Path $manifestPath).Version.ToString() | Should -Be $expected
    }

    It 'names no placeholder web address: each of HelpInfoURI, ProjectUri, LicenseUri, IconUri is a real https address or absent' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $addresses = @{ HelpInfoURI = $manifest['HelpInfoURI'] }
        foreach ($name in 'ProjectUri', 'LicenseUri', 'IconUri') { $addresses[$name] = $manifest.PrivateData.PSData[$name] }
        foreach ($entry in $addresses.GetEnumerator() | Where-Object Value) {
            $uri = [uri]$entry.Value
            $uri.IsAbsoluteUri | Should -BeTrue -Because "$($entry.Key) must be an absolute address"
            $uri.Scheme | Should -Be 'https' -Because $entry.Key
            # RFC 2606 names: example.com and the .invalid, .test, .example and .localhost domains reach no real page.
            $uri.Host | Should -Not -Match '(^|\.)(example\.(com|net|org)|invalid|test|example|localhost)$' -Because "$($entry.Key) = $($entry.Value) is a placeholder"
        }
    }

    It 'runs on Windows PowerShell 5.1 and PowerShell 7' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.AliasesToExport.Count | Should -Be 0
        $manifest.VariablesToExport.Count | Should -Be 0
    }
}

Describe 'Importing the module' {
    It 'exports every cmdlet the manifest names, and nothing else' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $exported = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command "Import-Module '$moduleDir'; (Get-Command -Module BackupMail).Name" 
        $LASTEXITCODE | Should -Be 0
        @($exported | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'loads no vault module and opens no connection at import' {
        # The Default account is a password account whose server is a local listener that only counts connections, and
        # SecretManagement (the test double) is on PSModulePath with the password in its default vault: an import that
        # read the secret or reached for the server would show here. The import runs in a fresh pwsh that stops at the
        # first error, so a failed import fails the test instead of passing it.
        Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $environment = @{
                PSModulePath               = (Resolve-Path (Join-Path $PSScriptRoot 'TestModules')).Path + [System.IO.Path]::PathSeparator + $env:PSModulePath
                BACKUPMAIL_CONFIG_DIR      = Join-Path $TestDrive 'import-config'
                BACKUPMAIL_TEST_VAULT_DIR  = Join-Path $TestDrive 'import-vault'
            }
            $setup = Invoke-ChildPwsh -WorkingFolder $TestDrive -Environment $environment -Parameters @{ ModuleDir = $moduleDir; Port = $port } -Script @'
param($ModuleDir, $Port)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleDir
Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
$credential = [pscredential]::new('backup@example.com', (ConvertTo-SecureString 'not-a-real-password' -AsPlainText -Force))
Set-BackupMailAccount -SmtpServer 127.0.0.1 -Port $Port -Security None -AllowInsecureAuthentication -From 'backup@example.com' -Credential $credential
$account = Get-BackupMailAccount -Name Default
[pscustomobject]@{ Server = "$($account.SmtpServer):$($account.Port)"; HasCredential = $account.HasCredential } | ConvertTo-Json -Compress
'@
            $setup.Server | Should -Be "127.0.0.1:$port"
            $setup.HasCredential | Should -BeTrue
            # Setting the account up connects to nothing either; start counting from zero all the same.
            while ($listener.Pending()) { $listener.AcceptTcpClient().Dispose() }

            $report = Invoke-ChildPwsh -WorkingFolder $TestDrive -Environment $environment -Parameters @{ ModuleDir = $moduleDir } -Script @'
param($ModuleDir)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleDir
# Give anything the import might have started in the background time to connect.
Start-Sleep -Milliseconds 500
[pscustomobject]@{ Loaded = @(Get-Module).Name; Cmdlets = @(Get-Command -Module BackupMail).Count } | ConvertTo-Json -Compress
'@
            $report.Loaded | Should -Contain 'BackupMail'
            $report.Cmdlets | Should -BeGreaterThan 0
            $report.Loaded | Should -Not -Contain 'Microsoft.PowerShell.SecretManagement'
            $accepted = 0
            while ($listener.Pending()) { $listener.AcceptTcpClient().Dispose(); $accepted++ }
            $accepted | Should -Be 0 -Because 'importing the module must not connect to the account''s server'

            # The listener does see a connection: without this, zero could mean it counts nothing.
            $probe = [System.Net.Sockets.TcpClient]::new()
            $probe.Connect([System.Net.IPAddress]::Loopback, $port)
            $deadline = [DateTime]::UtcNow.AddSeconds(5)
            while (-not $listener.Pending() -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $probe.Dispose()
            $listener.Pending() | Should -BeTrue
        }
        finally {
            $listener.Stop()
        }
    }
}
