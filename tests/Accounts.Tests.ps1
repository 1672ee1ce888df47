# Set-, Get- and Remove-BackupMailAccount: several named accounts, passwords only in the vault.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'BackupMail accounts' {
    BeforeEach {
        Initialize-TestConfiguration
    }

    BeforeAll {
        $script:password = 'Acc0unt-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $script:secret = [pscredential]::new('admin@example.com', (ConvertTo-SecureString $password -AsPlainText -Force))

        function Get-ConfigText {
            (Get-ChildItem -LiteralPath $env:BACKUPMAIL_CONFIG_DIR -Recurse -File | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) }) -join "`n"
        }
    }

    Context 'round trip' {
        It 'stores several named accounts, returns them without a password, and keeps the password out of the config' {
            Set-BackupMailAccount -SmtpServer smtp.example.com -Port 2525 -Security StartTls -From 'backup@example.com' -Credential $secret -ErrorAction Stop
            Set-BackupMailAccount -Name Office -SmtpServer mail.example.org -Security SslOnConnect -From 'office@example.org' -Credential $secret `
                -SecretName 'Office-Smtp' -CertificateThumbprint ('ab:' * 31 + 'ab') -TimeoutSeconds 12 -ErrorAction Stop
            Set-BackupMailAccount -Name Relay -SmtpServer relay.example.net -Security None -From 'relay@example.net' -ErrorAction Stop

            $accounts = @(Get-BackupMailAccount)
            $accounts.Count | Should -Be 3
            $accounts | ForEach-Object { $_ | Should -BeOfType ([BackupMail.Accounts.MailAccount]) }

            $default = Get-BackupMailAccount -Name Default
            $default.SmtpServer | Should -Be 'smtp.example.com'
            $default.Port | Should -Be 2525
            $default.Security | Should -Be 'StartTls'
            $default.From | Should -Be 'backup@example.com'
            $default.UserName | Should -Be 'admin@example.com'
            $default.SecretName | Should -Be 'BackupMail-Default'
            $default.TimeoutSeconds | Should -Be 30

            $office = Get-BackupMailAccount -Name Office
            $office.Port | Should -Be 465
            $office.SecretName | Should -Be 'Office-Smtp'
            $office.CertificateThumbprint | Should -Be ('AB' * 32)
            $office.TimeoutSeconds | Should -Be 12

            $relay = Get-BackupMailAccount -Name Relay
            $relay.Port | Should -Be 25
            $relay.UserName | Should -BeNullOrEmpty
            $relay.HasCredential | Should -BeFalse

            # Never a password: not as a property, not in any rendering, not in the config directory.
            foreach ($account in $accounts) {
                $account.PSObject.Properties.Name | Should -Not -Contain 'Password'
                ($account | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($password))
                ($account | ConvertTo-Json) | Should -Not -Match ([regex]::Escape($password))
            }
            Get-ConfigText | Should -Not -Match ([regex]::Escape($password))
            Get-ConfigText | Should -Match 'smtp\.example\.com'

            # The password went to the vault, with the user name.
            $stored = Microsoft.PowerShell.SecretManagement\Get-Secret -Name 'BackupMail-Default' -Vault TestStore
            $stored.UserName | Should -Be 'admin@example.com'
            $stored.GetNetworkCredential().Password | Should -Be $password
            (Microsoft.PowerShell.SecretManagement\Get-Secret -Name 'Office-Smtp').GetNetworkCredential().Password | Should -Be $password
        }

        It 'finds accounts by wildcard' {
            'Alpha', 'Beta', 'Alps' | ForEach-Object { Set-BackupMailAccount -Name $_ -SmtpServer "$_.example.com" -From "$_@example.com" -ErrorAction Stop }
            @(Get-BackupMailAccount -Name 'Al*').Name | Sort-Object | Should -Be @('Alpha', 'Alps')
            @(Get-BackupMailAccount -Name 'Nothing*') | Should -BeNullOrEmpty
        }

        It 'reports AccountNotFound for a name without wildcards that does not exist' {
            { Get-BackupMailAccount -Name Missing -ErrorAction Stop } | Should -Throw -ErrorId 'AccountNotFound,*'
        }

        It 'updates only what it is given and returns the account with -PassThru' {
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop
            $updated = Set-BackupMailAccount -Port 2526 -PassThru -ErrorAction Stop
            $updated | Should -BeOfType ([BackupMail.Accounts.MailAccount])
            $updated.Port | Should -Be 2526
            $updated.SmtpServer | Should -Be 'smtp.example.com'
            $updated.UserName | Should -Be 'admin@example.com'
            Set-BackupMailAccount -Port 2527 | Should -BeNullOrEmpty
        }

        It 'writes nothing with -WhatIf' {
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -WhatIf
            @(Get-BackupMailAccount) | Should -BeNullOrEmpty
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo) | Should -BeNullOrEmpty
        }
    }

    Context 'removal' {
        It 'removes the account and its secret' {
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop
            Set-BackupMailAccount -Name Keep -SmtpServer smtp.example.com -From 'keep@example.com' -Credential $secret -ErrorAction Stop

            Remove-BackupMailAccount -Name Default -Confirm:$false -ErrorAction Stop

            @(Get-BackupMailAccount).Name | Should -Be @('Keep')
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo).Name | Should -Be @('BackupMail-Keep')
        }

        It 'takes the names from Get-BackupMailAccount through the pipeline' {
            'One', 'Two' | ForEach-Object { Set-BackupMailAccount -Name $_ -SmtpServer smtp.example.com -From "$_@example.com" -Credential $secret -ErrorAction Stop }
            Get-BackupMailAccount | Remove-BackupMailAccount -Confirm:$false -ErrorAction Stop
            @(Get-BackupMailAccount) | Should -BeNullOrEmpty
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo) | Should -BeNullOrEmpty
        }

        It 'keeps everything with -WhatIf' {
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop
            Remove-BackupMailAccount -Name Default -WhatIf
            @(Get-BackupMailAccount).Count | Should -Be 1
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo).Count | Should -Be 1
        }

        It 'names in -WhatIf only the secrets the account has' {
            # What-if text goes to the host, not to a stream: a transcript records it.
            function Get-WhatIfText([string] $Name) {
                $transcript = Join-Path $TestDrive "whatif-$([guid]::NewGuid().ToString('N')).txt"
                $null = Start-Transcript -LiteralPath $transcript -UseMinimalHeader
                try { Remove-BackupMailAccount -Name $Name -WhatIf } finally { $null = Stop-Transcript }
                (Get-Content -LiteralPath $transcript | Where-Object { $_ -like 'What if:*' }) -join "`n"
            }
            $clientSecret = ConvertTo-SecureString ('app-' + [guid]::NewGuid().ToString('N')) -AsPlainText -Force
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop
            Set-BackupMailAccount -Name Relay -SmtpServer relay.example.net -Security None -From 'relay@example.net' -ErrorAction Stop
            Set-BackupMailAccount -Name App -Authentication OAuthApp -SmtpServer smtp.office365.com -Security StartTls -From 'app@example.com' `
                -TenantId ([guid]::NewGuid()) -ClientId ([guid]::NewGuid()) -ClientSecret $clientSecret -ErrorAction Stop
            Set-BackupMailAccount -Name Shared -SmtpServer smtp.example.com -From 'shared@example.com' -Credential $secret -SecretName 'BackupMail-Default' -ErrorAction Stop

            Get-WhatIfText Default | Should -BeLike '*"Remove the BackupMail account" on target "Default"*'
            Get-WhatIfText Relay | Should -Be 'What if: Performing the operation "Remove the BackupMail account" on target "Relay".'
            Get-WhatIfText App | Should -BeLike '*"Remove the BackupMail account and its client secret and tokens from the default vault" on target "App"*'
            Remove-BackupMailAccount -Name Shared -Confirm:$false -ErrorAction Stop
            Get-WhatIfText Default | Should -BeLike '*"Remove the BackupMail account and its password from the default vault" on target "Default"*'
            @(Get-BackupMailAccount).Count | Should -Be 3
        }

        It 'reports AccountNotFound for an unknown account' {
            { Remove-BackupMailAccount -Name Missing -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'AccountNotFound,*'
        }

        It 'removes an account whose secret is already gone' {
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop
            Microsoft.PowerShell.SecretManagement\Remove-Secret -Name 'BackupMail-Default' -Vault TestStore
            Remove-BackupMailAccount -Name Default -Confirm:$false -ErrorAction Stop
            @(Get-BackupMailAccount) | Should -BeNullOrEmpty
        }
    }

    Context 'providers' {
        It 'fills the server from -Provider and stores an app password without its spaces' {
            $app = [pscredential]::new('someone@gmail.com', (ConvertTo-SecureString 'abcd efgh ijkl mnop' -AsPlainText -Force))
            Set-BackupMailAccount -Provider Gmail -From 'someone@gmail.com' -Credential $app -WarningVariable warnings -ErrorAction Stop
            $account = Get-BackupMailAccount
            $account.SmtpServer | Should -Be 'smtp.gmail.com'
            $account.Port | Should -Be 587
            $account.Security | Should -Be 'StartTls'
            $account.Provider | Should -Be 'Gmail'
            (Microsoft.PowerShell.SecretManagement\Get-Secret -Name 'BackupMail-Default').GetNetworkCredential().Password | Should -Be 'abcdefghijklmnop'
            $warnings | Should -BeNullOrEmpty
        }

        It 'warns when an app password is not 16 letters' {
            $app = [pscredential]::new('someone@yahoo.com', (ConvertTo-SecureString 'abcd efgh ijk' -AsPlainText -Force))
            Set-BackupMailAccount -Provider Yahoo -From 'someone@yahoo.com' -Credential $app -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
            $warnings.Count | Should -BeGreaterThan 0
            ($warnings -join ' ') | Should -Match '16'
            ($warnings -join ' ') | Should -Not -Match 'abcd'
        }

        It 'refuses an iCloud account with a user name outside icloud.com, me.com and mac.com' {
            $wrong = [pscredential]::new('someone@example.com', (ConvertTo-SecureString 'abcdefghijklmnop' -AsPlainText -Force))
            { Set-BackupMailAccount -Provider ICloud -From 'someone@example.com' -Credential $wrong -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidProviderUserName,*'
        }
    }

    Context 'vault problems' {
        It 'reports SecretManagementNotInstalled when the module is not on PSModulePath' {
            try {
                Remove-Module Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
                $env:PSModulePath = $script:originalModulePath
                $err = { Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop } |
                    Should -Throw -ErrorId 'SecretManagementNotInstalled,*' -PassThru
                $err.Exception.Message | Should -Match 'Install-PSResource Microsoft.PowerShell.SecretManagement'
                $err.CategoryInfo.Category | Should -Be 'NotInstalled'
            }
            finally {
                $env:PSModulePath = $script:testModules + [System.IO.Path]::PathSeparator + $script:originalModulePath
            }
        }

        It 'reports SecretVaultLocked when the default vault is locked' {
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -AllowClobber -VaultParameters @{ Locked = $true }
            { Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop } |
                Should -Throw -ErrorId 'SecretVaultLocked,*'
        }

        It 'reports SecretVaultNotRegistered when no default vault is registered' {
            Microsoft.PowerShell.SecretManagement\Unregister-SecretVault -Name TestStore
            $err = { Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -ErrorAction Stop } |
                Should -Throw -ErrorId 'SecretVaultNotRegistered,*' -PassThru
            $err.Exception.Message | Should -Match 'Register-SecretVault'
        }

        It 'refuses -Security None with a credential unless -AllowInsecureAuthentication is given, and stores nothing' {
            $err = { Set-BackupMailAccount -Name Legacy -SmtpServer relay.example.lan -Security None -From 'backup@example.com' -Credential $secret -ErrorAction Stop } |
                Should -Throw -ErrorId 'InsecureAuthenticationNotAllowed,BackupMail.PowerShell.SetBackupMailAccountCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'SecurityError'
            $err.TargetObject | Should -Be 'Legacy'
            $err.Exception.Message | Should -Match '-AllowInsecureAuthentication'
            $err.Exception.Message | Should -Match 'TLS'
            @(Get-BackupMailAccount) | Should -BeNullOrEmpty
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo -Vault TestStore) | Should -BeNullOrEmpty
        }

        It 'stores -AllowInsecureAuthentication in config.json and shows it in Get-BackupMailAccount' {
            Set-BackupMailAccount -Name Legacy -SmtpServer relay.example.lan -Security None -From 'backup@example.com' -Credential $secret -AllowInsecureAuthentication -ErrorAction Stop
            (Get-BackupMailAccount -Name Legacy).AllowInsecureAuthentication | Should -BeTrue
            (Get-Content -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') -Raw | ConvertFrom-Json).accounts[0].allowInsecureAuthentication | Should -BeTrue
            (Get-BackupMailAccount -Name Legacy | Format-List * | Out-String) | Should -Match 'AllowInsecureAuthentication\s*:\s*True'

            # Other changes keep it; turning it off is refused while the account still has no TLS.
            Set-BackupMailAccount -Name Legacy -TimeoutSeconds 9 -ErrorAction Stop
            (Get-BackupMailAccount -Name Legacy).AllowInsecureAuthentication | Should -BeTrue
            { Set-BackupMailAccount -Name Legacy -AllowInsecureAuthentication:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InsecureAuthenticationNotAllowed,*'
            Set-BackupMailAccount -Name Legacy -Security StartTls -AllowInsecureAuthentication:$false -ErrorAction Stop
            (Get-BackupMailAccount -Name Legacy).AllowInsecureAuthentication | Should -BeFalse
        }

        It 'stores the password in the vault named by -Vault' {
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name Other -ModuleName Microsoft.PowerShell.SecretStore
            Set-BackupMailAccount -SmtpServer smtp.example.com -From 'backup@example.com' -Credential $secret -Vault Other -ErrorAction Stop
            (Get-BackupMailAccount).Vault | Should -Be 'Other'
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo -Vault Other).Name | Should -Be @('BackupMail-Default')
            @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo -Vault TestStore) | Should -BeNullOrEmpty
        }
    }
}
