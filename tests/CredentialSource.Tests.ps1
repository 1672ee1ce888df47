# The parts SecretManagementCredentialSource coordinates, each on its own: the process-wide password cache
# (CredentialCache), the private runspace whose host refuses every prompt (VaultRunspace) and the vault commands run in
# it (VaultCommand), and the coordinator over a cache and a runspace of its own. The vault is the SecretManagement test
# double, put on PSModulePath by this file alone. (VaultAnswer.Tests.ps1 covers how the answers are classified.)
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    $script:assembly = [BackupMail.PowerShell.SetBackupMailAccountCommand].Assembly
    $script:cacheType = $assembly.GetType('BackupMail.PowerShell.CredentialCache', $true)
    $script:runspaceType = $assembly.GetType('BackupMail.PowerShell.VaultRunspace', $true)
    $script:sourceType = $assembly.GetType('BackupMail.PowerShell.SecretManagementCredentialSource', $true)

    $script:originalModulePath = $env:PSModulePath
    $script:originalVaultDir = $env:BACKUPMAIL_TEST_VAULT_DIR
    $script:withDouble = (Resolve-Path (Join-Path $PSScriptRoot 'TestModules')).Path + [System.IO.Path]::PathSeparator + $originalModulePath

    function script:New-Credential([string] $User, [string] $Password) {
        [System.Net.NetworkCredential]::new($User, $Password)
    }

    function script:New-Parameters([hashtable] $Values) {
        $parameters = [System.Collections.Generic.Dictionary[string, object]]::new()
        foreach ($key in $Values.Keys) { $parameters[$key] = $Values[$key] }
        , $parameters
    }

    # A credential source over a cache and a private runspace of its own (not the process's).
    function script:New-Source($Cache, $Runspace, [string] $Scope = 'scope') {
        $constructor = $sourceType.GetConstructor([System.Reflection.BindingFlags]'NonPublic, Instance', $null,
            [type[]]@([string], [BackupMail.IOutputWriter], [System.Management.Automation.Host.PSHost], $cacheType, $runspaceType), $null)
        $constructor.Invoke(@($Scope, $null, $Host, $Cache, $Runspace))
    }
}

AfterAll {
    $env:PSModulePath = $originalModulePath
    $env:BACKUPMAIL_TEST_VAULT_DIR = $originalVaultDir
}

Describe 'CredentialCache' {
    It 'keeps a copy per scope, vault and secret name (names compare case-insensitively) until it is forgotten' {
        $cache = [Activator]::CreateInstance($cacheType)
        $original = New-Credential 'backup' 'first'
        $cache.Keep('/config/a', 'Store', 'BackupMail-Default', $original)
        $original.Password = 'changed after it was kept'

        $kept = $null
        $cache.TryGet('/config/a', 'store', 'backupmail-default', [ref] $kept) | Should -BeTrue
        $kept.UserName | Should -Be 'backup'
        $kept.Password | Should -Be 'first'
        $kept.Password = 'changed by a caller'
        $again = $null
        $cache.TryGet('/config/a', 'Store', 'BackupMail-Default', [ref] $again) | Should -BeTrue
        $again.Password | Should -Be 'first' -Because 'every caller gets a copy of its own'

        $other = $null
        $cache.TryGet('/config/b', 'Store', 'BackupMail-Default', [ref] $other) | Should -BeFalse -Because 'another configuration directory'
        $cache.TryGet('/config/a', $null, 'BackupMail-Default', [ref] $other) | Should -BeFalse -Because 'the default vault is another vault'
        $cache.Count | Should -Be 1

        $cache.Forget('/config/a', 'STORE', 'BackupMail-Default')
        $cache.TryGet('/config/a', 'Store', 'BackupMail-Default', [ref] $other) | Should -BeFalse
        $cache.Count | Should -Be 0
    }

    It 'is one per process' {
        $process = $cacheType.GetProperty('Process').GetValue($null)
        $process | Should -Not -BeNullOrEmpty
        [object]::ReferenceEquals($process, $cacheType.GetProperty('Process').GetValue($null)) | Should -BeTrue
    }
}

Describe 'VaultRunspace' {
    BeforeEach {
        $env:PSModulePath = $withDouble
        $script:vaultRunspace = [Activator]::CreateInstance($runspaceType)
    }

    AfterEach {
        $vaultRunspace.Dispose()
        $env:PSModulePath = $originalModulePath
    }

    It 'opens one runspace whose host refuses every prompt, and keeps it' {
        $first = $vaultRunspace.Current($Host)
        [object]::ReferenceEquals($first, $vaultRunspace.Current($Host)) | Should -BeTrue

        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $first
            $null = $ps.AddScript('$Host.Name; try { Read-Host "Vault password" } catch { "refused: " + $_.Exception.Message }')
            $answer = $ps.Invoke()
        }
        finally { $ps.Dispose() }
        $answer[0] | Should -Be 'BackupMail.NonInteractiveVaultHost'
        $answer[1] | Should -BeLike 'refused: *NonInteractive*'
    }

    It 'opens a new runspace when PSModulePath changed, or when the old one was closed' {
        $first = $vaultRunspace.Current($Host)
        $env:PSModulePath = $originalModulePath
        $second = $vaultRunspace.Current($Host)
        [object]::ReferenceEquals($first, $second) | Should -BeFalse
        $first.RunspaceStateInfo.State | Should -Be 'Closed'

        $second.Close()
        $third = $vaultRunspace.Current($Host)
        $third.RunspaceStateInfo.State | Should -Be 'Opened'

        $vaultRunspace.Dispose()
        $third.RunspaceStateInfo.State | Should -Be 'Closed'
    }

    It 'runs SecretManagement''s commands there and hands back their answers' {
        $env:BACKUPMAIL_TEST_VAULT_DIR = Join-Path $TestDrive "vault-$([guid]::NewGuid().ToString('N'))"
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
        Microsoft.PowerShell.SecretManagement\Set-Secret -Name BackupMail-Default -Secret 'S3cret!'

        $found = $vaultRunspace.Run($Host, 'Get-Secret', (New-Parameters @{ Name = 'BackupMail-Default' }))
        $found.Errors.Count | Should -Be 0
        $found.Results.Count | Should -Be 1
        # As the real Get-Secret does without -AsPlainText: a SecureString.
        $found.Results[0] | Should -BeOfType [securestring]
        [System.Net.NetworkCredential]::new('', $found.Results[0]).Password | Should -Be 'S3cret!'

        $missing = $vaultRunspace.Run($Host, 'Get-Secret', (New-Parameters @{ Name = 'BackupMail-Missing' }))
        $missing.Results.Count | Should -Be 0
        $missing.IsNotFound | Should -BeTrue
    }

    It 'says SecretManagementNotInstalled when the module is not there' {
        $env:PSModulePath = Join-Path $TestDrive 'no-modules'
        $failure = { $vaultRunspace.Run($Host, 'Get-Secret', (New-Parameters @{ Name = 'BackupMail-Default' })) } | Should -Throw -PassThru
        $failure.Exception.InnerException.ErrorId | Should -Be 'SecretManagementNotInstalled'
    }
}

Describe 'SecretManagementCredentialSource over its own cache and runspace' {
    BeforeEach {
        $env:PSModulePath = $withDouble
        $env:BACKUPMAIL_TEST_VAULT_DIR = Join-Path $TestDrive "vault-$([guid]::NewGuid().ToString('N'))"
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
        $script:cache = [Activator]::CreateInstance($cacheType)
        $script:vaultRunspace = [Activator]::CreateInstance($runspaceType)
        $script:source = New-Source $cache $vaultRunspace
    }

    AfterEach {
        $vaultRunspace.Dispose()
        $env:PSModulePath = $originalModulePath
    }

    It 'asks the vault once, then answers from its cache; storing a secret forgets the kept copy' {
        $source.Set($null, 'BackupMail-Default', (New-Credential 'backup' 'first'))
        $source.Get($null, 'BackupMail-Default').Password | Should -Be 'first'
        $cache.Count | Should -Be 1

        # Gone from the vault behind its back: the kept copy still answers.
        Microsoft.PowerShell.SecretManagement\Remove-Secret -Name BackupMail-Default -Vault TestStore
        $source.Get($null, 'BackupMail-Default').Password | Should -Be 'first'

        $source.Set($null, 'BackupMail-Default', (New-Credential 'backup' 'second'))
        $cache.Count | Should -Be 0
        $source.Get($null, 'BackupMail-Default').Password | Should -Be 'second'
    }

    It 'keeps two configuration directories apart' {
        $source.Set($null, 'BackupMail-Default', (New-Credential 'backup' 'first'))
        $null = $source.Get($null, 'BackupMail-Default')
        $other = New-Source $cache $vaultRunspace 'another scope'
        Microsoft.PowerShell.SecretManagement\Remove-Secret -Name BackupMail-Default -Vault TestStore

        $failure = { $other.Get($null, 'BackupMail-Default') } | Should -Throw -PassThru
        $failure.Exception.InnerException.ErrorId | Should -Be 'SecretNotFound'
    }

    It 'removing a secret forgets the kept copy, and a secret that is not there is SecretNotFound' {
        $source.Set($null, 'BackupMail-Default', (New-Credential '' 'first'))
        $null = $source.Get($null, 'BackupMail-Default')
        $source.Remove($null, 'BackupMail-Default')
        $cache.Count | Should -Be 0

        $failure = { $source.Get($null, 'BackupMail-Default') } | Should -Throw -PassThru
        $failure.Exception.InnerException.ErrorId | Should -Be 'SecretNotFound'
    }
}
