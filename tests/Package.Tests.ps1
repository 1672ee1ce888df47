# The package build.ps1 makes (-Task Package, and -Task Test before Pester runs): Install-PSResource installs it from a
# folder repository, and the installed module imports by name and sends. Everything PSResourceGet and PowerShell keep
# per user (the repository list, the CurrentUser module folder) lives under $TestDrive for these tests: the child
# sessions run with HOME and XDG_DATA_HOME pointing there, and with PowerShell's default module path for that home.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/Smtp4dev.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $props = [xml](Get-Content -LiteralPath (Join-Path $PSScriptRoot '../Directory.Build.props') -Raw)
    $script:version = ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
    $script:package = Join-Path $PSScriptRoot "../out/package/BackupMail.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        throw "No ${package}: run 'dotnet pwsh ./build.ps1 -Task Test' (or -Task Package) first."
    }
    $script:server = Get-TestSmtpServer -Name Plain
    $script:userHome = Join-Path $TestDrive 'home'
    $script:userData = Join-Path $userHome '.local/share'
    $script:repository = Join-Path $TestDrive 'repository'
    New-Item -ItemType Directory -Path $userData, $repository -Force | Out-Null
    Copy-Item -LiteralPath $package -Destination $repository

    function Invoke-ChildSession {
        # Runs $Script in a new pwsh whose per-user data is under $TestDrive; returns its last output line as an object.
        param([string] $Script, [hashtable] $Parameters = @{}, [int] $TimeoutSeconds = 120)
        Invoke-ChildPwsh -Script $Script -WorkingFolder $TestDrive -Parameters $Parameters -RemoveEnvironment 'PSModulePath' `
            -Environment @{ HOME = $userHome; XDG_DATA_HOME = $userData; BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive 'config' } -TimeoutSeconds $TimeoutSeconds
    }
}

AfterAll {
    # The repository was registered in the temporary store only; unregister it anyway, so nothing is left behind.
    if ($userData -and (Test-Path -LiteralPath $userData)) {
        Invoke-ChildSession -Script @'
Unregister-PSResourceRepository -Name BackupMailTestLocal -ErrorAction SilentlyContinue
[pscustomobject]@{ Left = @(Get-PSResourceRepository -Name BackupMailTestLocal -ErrorAction SilentlyContinue).Count } | ConvertTo-Json -Compress
'@ | Out-Null
    }
}

Describe 'The BackupMail package' {
    It 'installs with Install-PSResource from a folder repository into the temporary user folder' {
        $installed = Invoke-ChildSession -Parameters @{ Repository = $repository } -Script @'
param($Repository)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name BackupMailTestLocal -Uri $Repository -Trusted
Install-PSResource -Name BackupMail -Repository BackupMailTestLocal -TrustRepository -Scope CurrentUser -Quiet
$resource = Get-InstalledPSResource -Name BackupMail -Scope CurrentUser
[pscustomobject]@{
    Version = $resource.Version.ToString()
    InstalledLocation = $resource.InstalledLocation
    Repository = $resource.Repository
} | ConvertTo-Json -Compress
'@
        $installed.Version | Should -Be $version
        $installed.Repository | Should -Be 'BackupMailTestLocal'
        $installed.InstalledLocation | Should -BeLike "$userData*"
        # The repository went into the temporary store, not the user's own.
        Get-ChildItem -LiteralPath $userData -Recurse -Filter 'PSResourceRepository.xml' | Get-Content -Raw | Should -Match 'BackupMailTestLocal'
        Join-Path $userData "powershell/Modules/BackupMail/$version/BackupMail.psd1" | Should -Exist
        Join-Path $userData "powershell/Modules/BackupMail/$version/Dependencies/Core/MailKit.dll" | Should -Exist
    }

    It 'imports by name from the installed folder and sends a test mail' {
        $to = "package-$([guid]::NewGuid().ToString('N'))@example.com"
        $report = Invoke-ChildSession -Parameters @{ Port = $server.SmtpPort; To = $to } -Script @'
param($Port, $To)
$ErrorActionPreference = 'Stop'
Import-Module BackupMail
Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security None -From 'x@example.com'
$result = Send-BackupMailTest -To $To
[pscustomobject]@{ ModuleBase = (Get-Module BackupMail).ModuleBase; Status = "$($result.Status)" } | ConvertTo-Json -Compress
'@
        $report.ModuleBase | Should -Be (Join-Path $userData "powershell/Modules/BackupMail/$version")
        $report.Status | Should -Be 'Success'
        $arrived = Get-Smtp4devMessage -Server $server -Count 1 -TimeoutSeconds 10 | Where-Object { @($_.to) -contains $to }
        @($arrived).Count | Should -Be 1
    }
}
