# Send-BackupMailTest against a real smtp4dev (started by build.ps1 -Task Test): what arrives, and every documented failure.
#Requires -Modules @{ ModuleName = "Pester"; ModuleVersion = "5.0" }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Send-BackupMailTest' {
    BeforeAll {
        function Set-TlsAccount {
            param([pscredential] $Credential = $script:credential, [string] $Thumbprint = $script:thumbprint, [hashtable] $Extra = @{})
            $parameters = @{
                SmtpServer = 'localhost'; Port = $tls.SmtpPort; Security = 'StartTls'; From = 'backup@example.com'
                Credential = $Credential; TimeoutSeconds = 10
            }
            if ($Thumbprint) { $parameters.CertificateThumbprint = $Thumbprint }
            Set-BackupMailAccount @parameters @Extra -ErrorAction Stop
        }

        function Get-FreePort {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
        }
    }

    BeforeEach {
        Initialize-TestConfiguration
        Clear-Smtp4devMessage -Server $tls
        Clear-Smtp4devMessage -Server $plain
        # The subject carries non-ASCII text, so the test proves it survives the trip intact.
        $subject = 'Tägliches Backup: ##BackupName## auf ##ComputerName##'
        $body = "Status: ##Status##`nComputer: ##ComputerName##`nÄnderungen: ##FilesCopied##"
        if (Get-Command Set-BackupMailTemplate -ErrorAction Ignore) {
            Set-BackupMailTemplate -Subject $subject -Body $body -ErrorAction Stop
        }
        else {
            # Until the template cmdlets are merged: the same template through the engine.
            $store = [BackupMail.Configuration.ConfigStore]::OpenDefault()
            $null = [BackupMail.Templates.TemplateService]::new($store, [cultureinfo]::CurrentUICulture).Set('Default', $subject, $body, $null)
        }
    }

    Context 'over STARTTLS with the pinned certificate and real authentication' {
        It 'delivers to two recipients given as one comma-separated string' {
            Set-TlsAccount
            $result = Send-BackupMailTest -To 'alice@example.com, bob@example.org' -ErrorAction Stop

            $result | Should -BeOfType ([BackupMail.BackupMailResult])
            $result.Action | Should -Be 'Sent'
            $result.MessageId | Should -Not -BeNullOrEmpty
            $result.ServerResponse | Should -Not -BeNullOrEmpty
            $result.To | Should -Be @('alice@example.com', 'bob@example.org')

            $message = @(Get-Smtp4devMessage -Server $tls -Count 1)
            $message.Count | Should -Be 1
            $message[0].from | Should -Match 'backup@example\.com'
            @($message[0].to) -join ' ' | Should -Match 'alice@example\.com'
            @($message[0].to) -join ' ' | Should -Match 'bob@example\.org'
            $message[0].subject | Should -Match ('^\[Test\] Tägliches Backup: .+ auf ' + [regex]::Escape([Environment]::MachineName) + '$')
            $message[0].subject | Should -Be $result.Subject

            $body = Get-Smtp4devPlainText -Server $tls -Id $message[0].id
            $body | Should -Match "Computer: $([regex]::Escape([Environment]::MachineName))"
            $body | Should -Match 'Änderungen: \S+'
            $raw = Get-Smtp4devRawMessage -Server $tls -Id $message[0].id
            $raw | Should -Match ([regex]::Escape($result.MessageId.Trim('<', '>')))
        }

        It 'delivers to two recipients given as an array' {
            Set-TlsAccount
            $result = Send-BackupMailTest -To @('carol@example.com', 'dave@example.net') -ErrorAction Stop
            $result.Action | Should -Be 'Sent'

            $message = @(Get-Smtp4devMessage -Server $tls -Count 1)
            $message.Count | Should -Be 1
            $detail = Get-Smtp4devMessageDetail -Server $tls -Id $message[0].id
            $recipients = (@($message[0].to) + @($detail.to)) -join ' '
            $recipients | Should -Match 'carol@example\.com'
            $recipients | Should -Match 'dave@example\.net'
        }

        It 'sends with a named account given by -Account' {
            Set-TlsAccount -Extra @{ Name = 'Office' }
            $result = Send-BackupMailTest -To 'erin@example.com' -Account Office -ErrorAction Stop
            $result.Action | Should -Be 'Sent'
            @(Get-Smtp4devMessage -Server $tls -Count 1).Count | Should -Be 1
        }
    }

    Context 'what the test mail says' {
        It 'marks subject and body as a test of the account, and its sample run agrees with itself' {
            Set-TlsAccount -Extra @{ Name = 'Office' }
            Reset-BackupMailTemplate
            $result = Send-BackupMailTest -To 'alice@example.com' -Account Office -ErrorAction Stop

            $result.Subject | Should -BeLike '`[Test`] *'
            $result.Status | Should -Be 'Success'
            $message = @(Get-Smtp4devMessage -Server $tls -Count 1)
            $message[0].subject | Should -Be $result.Subject
            $message[0].subject | Should -Match ('^\[Test\] ' + [regex]::Escape([Environment]::MachineName) + ': .+: Backup completed successfully$')
            $body = (Get-Smtp4devPlainText -Server $tls -Id $message[0].id) -replace '\r\n', "`n"
            ($body -split "`n")[0] | Should -Be "This is a test message from Send-BackupMailTest, sent through the account 'Office'. No backup ran: the values below are examples."
            $body | Should -Match '(?m)^Status:\s+Success$'
            $body | Should -Match '(?m)^Files failed:\s+0$'
            $body | Should -Match '(?m)^Started:\s+.*\d \S*\s?[+-]\d\d:\d\d$'
            $body | Should -Not -Match '(?m)^Error:'
            $body | Should -Not -Match 'Access is denied'
        }

        It 'says it in German for a German template, with German values' {
            Set-TlsAccount
            Set-BackupMailTemplate -Name Deutsch -Subject '##BackupName##: ##Status##' -Body "Status: ##Status##`nBeginn: ##StartTime##`nDateien: ##FilesCopied##" -Culture de-DE -ErrorAction Stop
            $result = Send-BackupMailTest -To 'alice@example.com' -Template Deutsch -ErrorAction Stop

            $result.Subject | Should -Be '[Test] Nächtliche Sicherung Dateiserver: Erfolgreich'
            $message = @(Get-Smtp4devMessage -Server $tls -Count 1)
            $message[0].subject | Should -Be '[Test] Nächtliche Sicherung Dateiserver: Erfolgreich'
            $body = (Get-Smtp4devPlainText -Server $tls -Id $message[0].id) -replace '\r\n', "`n"
            ($body -split "`n")[0] | Should -Be "Dies ist eine Testnachricht von Send-BackupMailTest, gesendet über das Konto 'Default'. Es lief keine Sicherung: die Werte unten sind Beispiele."
            $body | Should -Match '(?m)^Beginn: 27\.11\.2026 01:00 [+-]\d\d:\d\d$'
            $body | Should -Match '(?m)^Dateien: 18\.342$'
        }

        It 'sends the Report template as text and HTML, both marked as a test' {
            Set-TlsAccount
            $result = Send-BackupMailTest -To 'alice@example.com' -Template Report -ErrorAction Stop

            $message = @(Get-Smtp4devMessage -Server $tls -Count 1)
            $message[0].subject | Should -BeLike '`[Test`] *'
            $raw = Get-Smtp4devRawMessage -Server $tls -Id $message[0].id
            $raw | Should -Match 'Content-Type: multipart/alternative'
            $raw.IndexOf('Content-Type: text/plain') | Should -BeLessThan $raw.IndexOf('Content-Type: text/html')
            (Get-Smtp4devPlainText -Server $tls -Id $message[0].id) | Should -Match '^This is a test message from Send-BackupMailTest'
            $html = Get-Smtp4devHtml -Server $tls -Id $message[0].id
            $html | Should -Match '<body[^>]*>\s*<p[^>]*>This is a test message from Send-BackupMailTest'
            $html | Should -Match 'background-color:#2e7d32'
            $result.Action | Should -Be 'Sent'
        }
    }

    Context 'a pipeline of test mails' {
        It 'sends them all through one SMTP connection' {
            Set-TlsAccount
            $sessionsUrl = "$($tls.ApiUrl)/api/sessions?page=1&pageSize=1000"
            $before = @((Invoke-RestMethod -Uri $sessionsUrl -TimeoutSec 10).results.id)

            $results = @([pscustomobject]@{ To = 'one@example.com' }, [pscustomobject]@{ To = 'two@example.com' } | Send-BackupMailTest -ErrorAction Stop)

            $results.Count | Should -Be 2
            $results.Action | Should -Be @('Sent', 'Sent')
            @(Get-Smtp4devMessage -Server $tls -Count 2).Count | Should -Be 2
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            do {
                $new = @((Invoke-RestMethod -Uri $sessionsUrl -TimeoutSec 10).results | Where-Object { $_.id -notin $before })
                if ($new.Count -ge 1 -and $new[0].numberOfMessages -ge 2) { break }
                Start-Sleep -Milliseconds 200
            } while ([DateTime]::UtcNow -lt $deadline)
            $new.Count | Should -Be 1
            $new[0].numberOfMessages | Should -Be 2
        }
    }

    Context 'refused' {
        It 'reports SmtpAuthenticationFailed for a wrong password' {
            Set-TlsAccount -Credential ([pscredential]::new($tls.UserName, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force)))
            { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpAuthenticationFailed,*'
            @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
        }

        It 'reports SmtpCertificateUntrusted with the pin command for a self-signed certificate without pin or skip' {
            Set-TlsAccount -Thumbprint $null
            $err = { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpCertificateUntrusted,*' -PassThru
            $err.Exception.Message | Should -Match $thumbprint
            $err.Exception.Message | Should -Match 'Set-BackupMailAccount'
            $err.Exception.Message | Should -Match 'CertificateThumbprint'
            @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
        }

        It 'refuses the server when the pin does not match its certificate' {
            Set-TlsAccount -Thumbprint ('AB' * 32)
            { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpCertificateUntrusted,*'
            @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
        }

        It 'reports SmtpConnectFailed for a closed port within the timeout' {
            $port = Get-FreePort
            Set-BackupMailAccount -SmtpServer localhost -Port $port -Security None -From 'backup@example.com' -TimeoutSeconds 3 -ErrorAction Stop
            $err = { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpConnectFailed,*' -PassThru
            $err.Exception.Message | Should -Match "$port"
        }
    }

    Context 'with -SkipCertificateValidation' {
        It 'sends and warns that the certificate was not checked' {
            Set-TlsAccount -Thumbprint $null -Extra @{ SkipCertificateValidation = $true }
            $result = Send-BackupMailTest -To 'alice@example.com' -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
            $result.Action | Should -Be 'Sent'
            $warnings.Count | Should -BeGreaterThan 0
            ($warnings -join ' ') | Should -Match 'localhost'
            @(Get-Smtp4devMessage -Server $tls -Count 1).Count | Should -Be 1
        }
    }

    Context 'recipients' {
        It 'refuses an invalid address with InvalidMailAddress before any connection' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            try {
                Set-BackupMailAccount -SmtpServer 127.0.0.1 -Port $listener.LocalEndpoint.Port -Security None -From 'backup@example.com' -TimeoutSeconds 3 -ErrorAction Stop
                $err = { Send-BackupMailTest -To 'alice@example.com, not an address' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMailAddress,*' -PassThru
                $err.Exception.Message | Should -Match 'not an address'
                $listener.Pending() | Should -BeFalse
            }
            finally { $listener.Stop() }
        }
    }

    Context 'secrets' {
        It 'reports SecretNotFound with the Set-BackupMailAccount command when the secret left the vault' {
            Set-TlsAccount
            Microsoft.PowerShell.SecretManagement\Remove-Secret -Name 'BackupMail-Default' -Vault TestStore
            $err = { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SecretNotFound,*' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape('Set-BackupMailAccount -Name Default -Credential (Get-Credential)'))
            @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
        }

        It 'reports SecretVaultLocked without prompting when the vault is locked' {
            Set-TlsAccount
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -AllowClobber -VaultParameters @{ Locked = $true }
            $err = { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SecretVaultLocked,*' -PassThru
            $err.Exception.Message | Should -Match 'Unlock-SecretStore'
            $err.Exception.Message | Should -Match 'Set-SecretStoreConfiguration -Authentication None'
        }

        It 'reports SecretVaultLocked instead of waiting when the vault asks for its password and input is redirected' {
            # As a scheduled task or service runs it: a fresh pwsh whose input is a pipe nobody writes to. A vault
            # prompt answered from that pipe would wait for ever; the process must end with SecretVaultLocked.
            Set-TlsAccount
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -AllowClobber -VaultParameters @{ Locked = $true; Interaction = 'Prompt' }
            $moduleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
            $command = "Import-Module '$moduleDir'; try { `$null = Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop; 'SENT' } catch { `$_.FullyQualifiedErrorId }"
            $start = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
            foreach ($argument in '-NoProfile', '-Command', $command) { $start.ArgumentList.Add($argument) }
            $start.UseShellExecute = $false
            $start.RedirectStandardInput = $true
            $start.RedirectStandardOutput = $true
            $process = [System.Diagnostics.Process]::Start($start)
            try {
                $output = $process.StandardOutput.ReadToEndAsync()
                $exited = $process.WaitForExit(60000)
                if (-not $exited) { $process.Kill($true) }
                $exited | Should -BeTrue -Because 'a vault prompt nobody can answer must not make the call wait'
                $output.Result | Should -Match 'SecretVaultLocked,'
                $output.Result | Should -Not -Match 'requires a password'
            }
            finally { $process.StandardInput.Close(); $process.Dispose() }
            @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
        }

        It 'explains the locked vault in German under de-DE' {
            Set-TlsAccount
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault -AllowClobber -VaultParameters @{ Locked = $true }
            $previous = [cultureinfo]::CurrentUICulture
            try {
                [cultureinfo]::CurrentUICulture = 'de-DE'
                $err = { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SecretVaultLocked,*' -PassThru
            }
            finally { [cultureinfo]::CurrentUICulture = $previous }
            $err.Exception.Message | Should -Match 'ist gesperrt'
            $err.Exception.Message | Should -Match 'Unlock-SecretStore'
        }

        It 'reports SecretVaultLocked for a locked named vault' {
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name Other -ModuleName Microsoft.PowerShell.SecretStore
            Set-TlsAccount -Extra @{ Vault = 'Other' }
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name Other -ModuleName Microsoft.PowerShell.SecretStore -AllowClobber -VaultParameters @{ Locked = $true }
            { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SecretVaultLocked,*'
        }

        It 'reports SecretManagementNotInstalled when the module is not on PSModulePath' {
            Set-TlsAccount
            try {
                Remove-Module Microsoft.PowerShell.SecretManagement -Force -ErrorAction SilentlyContinue
                $env:PSModulePath = $script:originalModulePath
                $err = { Send-BackupMailTest -To 'alice@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SecretManagementNotInstalled,*' -PassThru
                $err.Exception.Message | Should -Match ([regex]::Escape('Install-PSResource Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore'))
                $err.Exception.Message | Should -Match 'Install-Module'
                $err.Exception.Message | Should -Match 'Register-SecretVault'
            }
            finally {
                $env:PSModulePath = $script:testModules + [System.IO.Path]::PathSeparator + $script:originalModulePath
            }
        }
    }

    Context '-WhatIf' {
        It 'sends nothing' {
            Set-TlsAccount
            Send-BackupMailTest -To 'alice@example.com' -WhatIf | Should -BeNullOrEmpty
            @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
        }
    }
}
