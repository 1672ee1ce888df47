# No secret leaks: every cmdlet (accounts, test mails, notifications, jobs, the outbox), run with -Verbose -Debug, successful and failing, must never show
# the password (or its base64 forms, as SMTP AUTH would carry it) in any stream, error record or file in the config directory.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'No secret leaks' {
    BeforeEach {
        Initialize-TestConfiguration
    }

    BeforeAll {
        $password = $tls.Password
        $userName = $tls.UserName
        $script:forbidden = @(
            $password
            [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($password))
            [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($password))
            [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("`0$userName`0$password"))
            [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("$userName`0$userName`0$password"))
        )

        # Everything a record can show: its text, its exception chain, its target, its details.
        function ConvertTo-Text($record) {
            if ($null -eq $record) { return '' }
            $parts = [System.Collections.Generic.List[string]]::new()
            $parts.Add(($record | Out-String -Width 4096))
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $parts.Add($record.ToString())
                $parts.Add($record.Exception.ToString())
                $parts.Add($record.Exception.Message)
                $parts.Add([string] $record.ErrorDetails)
                $parts.Add([string] $record.TargetObject)
                $parts.Add([string] $record.CategoryInfo)
                $parts.Add($record.FullyQualifiedErrorId)
            }
            elseif ($record -is [System.Management.Automation.InformationalRecord]) {
                $parts.Add($record.Message)
            }
            else {
                $parts.Add(($record | Format-List * -Force | Out-String -Width 4096))
                try { $parts.Add(($record | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)) } catch { $parts.Add($_.ToString()) }
            }
            $parts -join "`n"
        }

        function Assert-NoSecret([string] $text, [string] $where) {
            foreach ($form in $script:forbidden) {
                if ($text.Contains($form)) { throw "A form of the test password appeared in $where." }
            }
        }

        function Get-FreePort {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
        }
    }

    It 'shows no password in any stream, error record or configuration file' {
        Clear-Smtp4devMessage -Server $tls
        $Error.Clear()
        $closedPort = Get-FreePort
        $common = @{ Verbose = $true; Debug = $true; ErrorAction = 'Continue'; WarningAction = 'Continue'; InformationAction = 'Continue' }
        $tlsAccount = @{ SmtpServer = 'localhost'; Port = $tls.SmtpPort; Security = 'StartTls'; From = 'backup@example.com'; Credential = $credential; TimeoutSeconds = 10 }

        $records = @(& {
                # Successful calls.
                Set-BackupMailAccount @tlsAccount -CertificateThumbprint $thumbprint -PassThru @common
                Set-BackupMailAccount -Name Skip @tlsAccount -SkipCertificateValidation -PassThru @common
                Set-BackupMailAccount -Name Untrusted @tlsAccount @common
                Set-BackupMailAccount -Name Closed -SmtpServer localhost -Port $closedPort -Security None -From 'backup@example.com' -Credential $credential -AllowInsecureAuthentication -TimeoutSeconds 3 @common
                Set-BackupMailAccount -Name Wrong @tlsAccount -CertificateThumbprint $thumbprint @common
                Get-BackupMailAccount @common
                Get-BackupMailAccount -Name * @common | Format-List * | Out-String
                Test-BackupMailAccount @common
                Test-BackupMailAccount -Name Skip @common
                Send-BackupMailTest -To 'alice@example.com, bob@example.org' @common
                Send-BackupMailTest -To 'alice@example.com' -Account Skip @common
                Send-BackupMailTest -To 'alice@example.com' -WhatIf @common

                # Failing calls: untrusted certificate, closed port, invalid address, unknown account.
                Test-BackupMailAccount -Name Untrusted @common
                Send-BackupMailTest -To 'alice@example.com' -Account Untrusted @common
                Send-BackupMailTest -To 'alice@example.com' -Account Closed @common
                Send-BackupMailTest -To 'alice@example.com, not an address' @common
                Get-BackupMailAccount -Name Missing @common
                Remove-BackupMailAccount -Name Missing -Confirm:$false @common

                # Wrong password: the vault holds another password for this account; the server refuses it.
                Microsoft.PowerShell.SecretManagement\Set-Secret -Name 'BackupMail-Wrong' -Secret ([pscredential]::new($tls.UserName, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))) -Vault TestStore
                Send-BackupMailTest -To 'alice@example.com' -Account Wrong @common

                # Notifications: sent, queued (closed port, refused password), the outbox listed and tried again.
                Set-BackupMailTemplate -Subject 'Leak check ##BackupName##' -Body '##ExitStatus## ##ErrorMessage##' @common
                Set-BackupNotificationRule -BackupName Docs -Mode Always -To 'alice@example.com' @common
                Send-BackupNotification -BackupName Docs -ExitCode 1 -Tool Robocopy @common
                Send-BackupNotification -BackupName Docs -Status Failure -Account Closed @common
                Send-BackupNotification -BackupName Docs -Status Failure -Account Wrong @common
                Invoke-BackupJob -BackupName Job -ScriptBlock { 'working' } -To 'alice@example.com' @common
                Get-BackupMailQueue @common | Format-List * | Out-String
                Send-BackupMailQueue @common

                # Vault problems: a missing secret and a locked vault.
                Remove-BackupMailAccount -Name Skip -Confirm:$false @common
                Set-BackupMailAccount -Name Gone @tlsAccount -CertificateThumbprint $thumbprint @common
                Microsoft.PowerShell.SecretManagement\Remove-Secret -Name 'BackupMail-Gone' -Vault TestStore
                Test-BackupMailAccount -Name Gone @common
                Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -AllowClobber -VaultParameters @{ Locked = $true }
                Set-BackupMailAccount -Name Locked @tlsAccount @common
                Send-BackupMailTest -To 'alice@example.com' -Account Closed @common
            } *>&1)

        # The run did what it says: mails went out, the engine talked, and every failure was reported.
        @(Get-Smtp4devMessage -Server $tls -Count 2).Count | Should -BeGreaterOrEqual 2
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -BeGreaterThan 0
        $errorIds = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
        foreach ($id in 'SmtpCertificateUntrusted', 'SmtpConnectFailed', 'InvalidMailAddress', 'AccountNotFound', 'SmtpAuthenticationFailed', 'SecretNotFound', 'SecretVaultLocked') {
            $errorIds | Should -Contain $id
        }

        # Queued notifications were part of it, and their files are searched below too.
        @($records | Where-Object { $_ -is [BackupMail.BackupMailResult] -and $_.Action -eq 'Queued' }).Count | Should -BeGreaterOrEqual 2
        @(Get-ChildItem -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'outbox') -Filter '*.eml').Count | Should -BeGreaterOrEqual 2

        foreach ($record in $records) { Assert-NoSecret (ConvertTo-Text $record) "the output stream record '$($record.GetType().Name)'" }
        foreach ($record in $Error) { Assert-NoSecret (ConvertTo-Text $record) "`$Error" }

        $files = @(Get-ChildItem -LiteralPath $env:BACKUPMAIL_CONFIG_DIR -Recurse -File -Force)
        $files.Count | Should -BeGreaterThan 0
        foreach ($file in $files) {
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            Assert-NoSecret ([System.Text.Encoding]::UTF8.GetString($bytes)) $file.FullName
            Assert-NoSecret ([System.Text.Encoding]::Unicode.GetString($bytes)) $file.FullName
        }
    }
}
