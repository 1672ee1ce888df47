# Test-BackupMailAccount against a real smtp4dev: what it reports about the server, and that it sends nothing.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Test-BackupMailAccount' {
    BeforeEach {
        Initialize-TestConfiguration
        Clear-Smtp4devMessage -Server $tls
        Clear-Smtp4devMessage -Server $plain
    }

    It 'reports the certificate, the TLS protocol and successful authentication, and sends nothing' {
        Set-BackupMailAccount -SmtpServer localhost -Port $tls.SmtpPort -Security StartTls -From 'backup@example.com' `
            -Credential $credential -CertificateThumbprint $thumbprint -TimeoutSeconds 10 -ErrorAction Stop

        $result = Test-BackupMailAccount -ErrorAction Stop

        $result | Should -BeOfType ([BackupMail.Delivery.AccountTestResult])
        $result.Account | Should -Be 'Default'
        $result.SmtpServer | Should -Be 'localhost'
        $result.Port | Should -Be $tls.SmtpPort
        $result.CertificateThumbprint | Should -Be $thumbprint
        $result.Authenticated | Should -BeTrue
        $result.UserName | Should -Be $tls.UserName
        $result.TlsProtocol | Should -Match 'Tls'
        $cer = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($tls.CertificatePath)
        $result.CertificateSubject | Should -Be $cer.Subject
        $result.CertificateExpires | Should -Be $cer.NotAfter
        @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
    }

    It 'tests the named accounts it is given, also from Get-BackupMailAccount' {
        Set-BackupMailAccount -Name Relay -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'relay@example.com' -ErrorAction Stop
        Set-BackupMailAccount -Name Office -SmtpServer localhost -Port $tls.SmtpPort -Security StartTls -From 'backup@example.com' `
            -Credential $credential -CertificateThumbprint $thumbprint -ErrorAction Stop

        $results = @(Get-BackupMailAccount | Test-BackupMailAccount -ErrorAction Stop)

        $results.Count | Should -Be 2
        $relay = $results | Where-Object Account -EQ 'Relay'
        $relay.TlsProtocol | Should -BeNullOrEmpty
        $relay.Authenticated | Should -BeNullOrEmpty
        ($results | Where-Object Account -EQ 'Office').Authenticated | Should -BeTrue
        @(Get-Smtp4devMessage -Server $plain -TimeoutSeconds 0).Count | Should -Be 0
        @(Get-Smtp4devMessage -Server $tls -TimeoutSeconds 0).Count | Should -Be 0
    }

    It 'reports SmtpAuthenticationFailed for a wrong password' {
        $wrong = [pscredential]::new($tls.UserName, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        Set-BackupMailAccount -SmtpServer localhost -Port $tls.SmtpPort -Security StartTls -From 'backup@example.com' `
            -Credential $wrong -CertificateThumbprint $thumbprint -ErrorAction Stop
        { Test-BackupMailAccount -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpAuthenticationFailed,*'
    }

    It 'reports AccountNotFound for an account that does not exist' {
        { Test-BackupMailAccount -Name Missing -ErrorAction Stop } | Should -Throw -ErrorId 'AccountNotFound,*'
    }

    It 'tests every account a wildcard matches, and a wildcard that matches none gives nothing and no error' {
        Set-BackupMailAccount -Name 'Relay One' -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'relay@example.com' -ErrorAction Stop
        Set-BackupMailAccount -Name 'Relay [Two]' -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'relay2@example.com' -ErrorAction Stop
        Set-BackupMailAccount -Name Office -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'office@example.com' -ErrorAction Stop

        $results = @(Test-BackupMailAccount -Name 'relay*' -ErrorAction Stop)
        $results.Account | Sort-Object | Should -Be @('Relay [Two]', 'Relay One')

        $errors = $null
        $none = @(Test-BackupMailAccount -Name 'Nothing*' -ErrorVariable errors)
        $none.Count | Should -Be 0
        $errors.Count | Should -Be 0

        # A name with brackets, as Get-BackupMailAccount pipes it, is that account.
        @(Get-BackupMailAccount -Name 'Relay ?Two?' | Test-BackupMailAccount -ErrorAction Stop).Account | Should -Be 'Relay [Two]'
        (Get-Command Test-BackupMailAccount).Parameters['Name'].Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
        @(Get-Smtp4devMessage -Server $plain -TimeoutSeconds 0).Count | Should -Be 0
    }

    It 'still reports AccountNotFound for a plain name beside a wildcard' {
        Set-BackupMailAccount -Name Relay -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'relay@example.com' -ErrorAction Stop
        $errors = $null
        $results = @(Test-BackupMailAccount -Name 'Rel*', 'Missing' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.Account | Should -Be 'Relay'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'AccountNotFound,*'
    }
}
