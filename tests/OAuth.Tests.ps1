# Microsoft 365 end to end (issue 12): the built module in real pwsh processes, against the OAuth doubles (an Entra-shaped
# identity provider, Graph sendMail and SMTP AUTH XOAUTH2 over HTTPS/STARTTLS with the test CA that build.ps1 trusts
# through SSL_CERT_FILE), the SecretManagement test vault, and what arrived at the doubles.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    Import-Module (Join-Path $PSScriptRoot 'Support/OAuthDoubles.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:doubles = Start-OAuthDoubles

    $script:tenantId = 'c0ffee00-1111-4222-8333-444455556666'
    $script:clientId = 'b0a7d1e2-5555-4666-8777-888899990000'
    $script:publicClientId = 'd1e2f3a4-aaaa-4bbb-8ccc-ddddeeeeffff'
    $script:secretText = 'Pester~Client.Secret-0123456789'
    $script:sender = 'backup@fabrikam.onmicrosoft.com'
    $script:clientSecret = ConvertTo-SecureString $secretText -AsPlainText -Force

    # The app's certificate: made here, its public key registered with the app, the whole of it given to the account.
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=BackupMail Pester App', $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $script:appCertificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))

    # Every account of these tests points at the doubles instead of Microsoft's hosts.
    $script:endpoints = @{ AuthorityHost = $doubles.AuthorityHost; GraphEndpoint = $doubles.GraphEndpoint }

    function script:New-SmtpAppAccount {
        param([string] $Name = 'Default', [string] $From = $sender, [securestring] $Secret = $clientSecret)
        Set-BackupMailAccount -Name $Name -Authentication OAuthApp -SmtpServer $doubles.SmtpHost -Port $doubles.SmtpPort -Security StartTls `
            -From $From -TenantId $tenantId -ClientId $clientId -ClientSecret $Secret -TimeoutSeconds 15 @endpoints -ErrorAction Stop
    }

    function script:New-GraphAppAccount {
        param([string] $Name = 'Default', [string] $From = $sender)
        Set-BackupMailAccount -Name $Name -Transport Graph -Authentication OAuthApp -From $From -TenantId $tenantId -ClientId $clientId `
            -ClientSecret $clientSecret -TimeoutSeconds 15 @endpoints -ErrorAction Stop
    }

    function script:Get-IdentityRequests {
        param([string] $GrantType)
        $stats = Get-OAuthDoublesStatistics -Doubles $doubles
        @($stats.tokenRequests | Where-Object { -not $GrantType -or $_.grantType -eq $GrantType } | ForEach-Object { $_.count }) |
            Measure-Object -Sum | ForEach-Object Sum
    }

    # What must never appear anywhere but the vault: the client secret, and every token the vault keeps.
    function script:Get-SecretTexts {
        $texts = @($secretText)
        $cache = Microsoft.PowerShell.SecretManagement\Get-Secret -Name 'BackupMail-Default-Token' -ErrorAction SilentlyContinue
        if ($cache) {
            $envelope = $cache.GetNetworkCredential().Password | ConvertFrom-Json
            foreach ($entry in $envelope.tokens.PSObject.Properties) { $texts += $entry.Value.accessToken }
        }
        $texts += @((Invoke-OAuthDoublesControl -Doubles $doubles -Path 'refresh-tokens').refreshTokens)
        $texts | Where-Object { $_ }
    }

    function script:Assert-NothingSecretIn {
        param([string[]] $Texts)
        $secrets = @(Get-SecretTexts)
        $secrets.Count | Should -BeGreaterThan 0
        $files = @(Get-ChildItem -LiteralPath $env:BACKUPMAIL_CONFIG_DIR -Recurse -File -ErrorAction SilentlyContinue)
        $files.Count | Should -BeGreaterThan 0
        foreach ($secret in $secrets) {
            foreach ($file in $files) {
                (Get-Content -LiteralPath $file.FullName -Raw) | Should -Not -Match ([regex]::Escape($secret)) -Because "$($file.Name) must not hold a secret"
            }
            foreach ($text in $Texts) { $text | Should -Not -Match ([regex]::Escape($secret)) }
        }
    }
}

AfterAll {
    if ($script:doubles) { Stop-OAuthDoubles -Doubles $script:doubles }
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Microsoft 365 with OAuth 2.0' {
    BeforeEach {
        Initialize-TestConfiguration
        Reset-OAuthDoubles -Doubles $doubles
        $null = Register-OAuthDoublesTenant -Doubles $doubles -Id $tenantId -Domain 'fabrikam.onmicrosoft.com'
        $null = Register-OAuthDoublesApp -Doubles $doubles -TenantId $tenantId -ClientId $clientId -Secret $secretText -Certificate $appCertificate `
            -Role @{ 'https://outlook.office365.com' = 'SMTP.SendAsApp'; 'https://graph.microsoft.com' = 'Mail.Send' }
        $null = Register-OAuthDoublesApp -Doubles $doubles -TenantId $tenantId -ClientId $publicClientId -PublicClient `
            -DelegatedScope @{ 'https://outlook.office365.com' = 'SMTP.Send'; 'https://graph.microsoft.com' = 'Mail.Send' }
        $null = Register-OAuthDoublesUser -Doubles $doubles -TenantId $tenantId -UserName $sender
    }

    Context 'an application (OAuthApp)' {
        It 'sends over SMTP with AUTH XOAUTH2, and keeps its secret and tokens in the vault only' {
            New-SmtpAppAccount
            $account = Get-BackupMailAccount
            $account.Authentication | Should -Be 'OAuthApp'
            $account.SecretLocations | Should -Be @(
                "ClientSecret: secret 'BackupMail-Default' in the default vault", "Tokens: secret 'BackupMail-Default-Token' in the default vault")

            $output = Send-BackupMailTest -To 'admin@example.com' -Verbose -Debug -ErrorAction Stop *>&1

            $result = $output | Where-Object { $_ -is [BackupMail.BackupMailResult] }
            $result.Action | Should -Be 'Sent'
            $message = Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp -Count 1
            $message.Count | Should -Be 1
            $message[0].mechanism | Should -Be 'XOAUTH2'
            $message[0].authenticatedUser | Should -Be $sender
            $message[0].recipients | Should -Be @('admin@example.com')
            Assert-NothingSecretIn -Texts ($output | Out-String)
        }

        It 'sends through Microsoft Graph sendMail, the MIME message intact' {
            New-GraphAppAccount

            $result = Send-BackupNotification -BackupName 'Dokumente' -Status Failure -Mode Always -To 'admin@example.com, ops@example.com' -ErrorAction Stop

            $result.Action | Should -Be 'Sent'
            $result.ServerResponse | Should -BeLike '202 Accepted*'
            $received = Get-OAuthDoublesMessage -Doubles $doubles -Source Graph -Count 1
            $received.Count | Should -Be 1
            $received[0].mime | Should -Match 'Subject: .*Dokumente'
            $received[0].mime | Should -Match 'To: .*admin@example\.com'
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp).Count | Should -Be 0
        }

        It 'proves itself with a certificate kept in the vault, over SMTP and over Graph' {
            Set-BackupMailAccount -Name Smtp -Authentication OAuthApp -SmtpServer $doubles.SmtpHost -Port $doubles.SmtpPort -Security StartTls -From $sender `
                -TenantId $tenantId -ClientId $clientId -ClientCertificate $appCertificate @endpoints -ErrorAction Stop
            Set-BackupMailAccount -Name Graph -Transport Graph -Authentication OAuthApp -From $sender `
                -TenantId $tenantId -ClientId $clientId -ClientCertificate $appCertificate @endpoints -ErrorAction Stop
            (Get-BackupMailAccount -Name Graph).ClientCredential | Should -Be 'VaultCertificate'

            (Send-BackupMailTest -Account Smtp -To 'admin@example.com' -ErrorAction Stop).Action | Should -Be 'Sent'
            (Send-BackupMailTest -Account Graph -To 'admin@example.com' -ErrorAction Stop).Action | Should -Be 'Sent'

            (Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp).Count | Should -Be 1
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Graph).Count | Should -Be 1
            # The accounts hold no secret at all: each token was bought with an assertion the certificate signed.
            Get-IdentityRequests -GrantType 'client_credentials' | Should -Be 2
        }

        It 'asks the identity provider once for two fresh processes in a row' {
            New-SmtpAppAccount
            $script = @'
param($Module, $TestModules)
$env:PSModulePath = $TestModules + [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module $Module
$result = Send-BackupNotification -BackupName Nightly -Status Success -Mode Always -To 'admin@example.com' -ErrorAction Stop
# Where MSAL was loaded from, and into which load context (none at all when the token came from the vault).
$msal = foreach ($context in [System.Runtime.Loader.AssemblyLoadContext]::All) {
    foreach ($assembly in $context.Assemblies) {
        if ($assembly.GetName().Name -eq 'Microsoft.Identity.Client') { [pscustomobject]@{ Context = "$($context.Name)"; Path = $assembly.Location } }
    }
}
[pscustomobject]@{ Action = "$($result.Action)"; ErrorId = $result.ErrorId; Msal = @($msal) } | ConvertTo-Json -Compress -Depth 3
'@
            $parameters = @{ Module = (Join-Path $PSScriptRoot '../out/BackupMail'); TestModules = $testModules }
            $environment = @{ BACKUPMAIL_CONFIG_DIR = $env:BACKUPMAIL_CONFIG_DIR; BACKUPMAIL_TEST_VAULT_DIR = $env:BACKUPMAIL_TEST_VAULT_DIR }

            $first = Invoke-ChildPwsh -Script $script -WorkingFolder $TestDrive -Parameters $parameters -Environment $environment
            $second = Invoke-ChildPwsh -Script $script -WorkingFolder $TestDrive -Parameters $parameters -Environment $environment

            $first.Action | Should -Be 'Sent'
            $second.Action | Should -Be 'Sent'
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp).Count | Should -Be 2
            Get-IdentityRequests -GrantType 'client_credentials' | Should -Be 1
            # The first asked Entra through MSAL, loaded in the module's own load context; the second never loaded MSAL.
            @($first.Msal).Count | Should -Be 1
            $first.Msal[0].Context | Should -Be 'BackupMail'
            $first.Msal[0].Path | Should -BeLike "$((Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path)*"
            @($second.Msal).Count | Should -Be 0
        }

        It 'shows the token it got and what it may do, and sends nothing' {
            New-SmtpAppAccount
            New-GraphAppAccount -Name Graph

            $smtp = Test-BackupMailAccount -ErrorAction Stop
            $graph = Test-BackupMailAccount -Name Graph -ErrorAction Stop

            $smtp.Authentication | Should -Be 'OAuthApp'
            $smtp.Authenticated | Should -BeTrue
            $smtp.TokenPermissions | Should -Be @('SMTP.SendAsApp')
            $smtp.TokenExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(50))
            $graph.Transport | Should -Be 'Graph'
            $graph.TokenPermissions | Should -Be @('Mail.Send')
            $graph.GraphEndpoint | Should -Be $doubles.GraphEndpoint
            ($smtp, $graph | Format-List | Out-String) | Should -Match 'TokenPermissions\s*:\s*SMTP.SendAsApp'
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp).Count | Should -Be 0
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Graph).Count | Should -Be 0
        }
    }

    Context 'what goes wrong, and the notification is never lost' {
        It 'queues a notification Graph throttles and waits at least its Retry-After' {
            New-GraphAppAccount
            $null = Set-OAuthDoublesGraphResponse -Doubles $doubles -StatusCode 429 -RetryAfter 600
            $before = [DateTimeOffset]::UtcNow

            $result = Send-BackupNotification -BackupName 'Dokumente' -Status Failure -Mode Always -To 'admin@example.com' -WarningAction SilentlyContinue

            $result.Action | Should -Be 'Queued'
            $result.ErrorId | Should -Be 'GraphServiceBusy'
            $item = @(Get-BackupMailQueue)
            $item.Count | Should -Be 1
            $item[0].NextAttempt | Should -BeGreaterThan $before.AddSeconds(590)
        }

        It '<Row>: Send-BackupMailTest reports <ErrorId>, Test-BackupMailAccount too, and a notification waits in the outbox' -ForEach @(
            @{ Row = 'wrong client secret'; ErrorId = 'OAuthTokenFailed'; Says = 'AADSTS7000215'; Arrange = { New-SmtpAppAccount -Secret (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force) } }
            @{ Row = 'unknown application'; ErrorId = 'OAuthTokenFailed'; Says = 'AADSTS700016'; Arrange = { New-SmtpAppAccount; $null = Set-OAuthDoublesTokenError -Doubles $doubles -Code 700016 -Count 10 } }
            @{ Row = 'unknown tenant'; ErrorId = 'OAuthTokenFailed'; Says = 'AADSTS90002'; Arrange = { New-SmtpAppAccount; $null = Set-OAuthDoublesTokenError -Doubles $doubles -Code 90002 -Count 10 } }
            @{ Row = 'no admin consent'; ErrorId = 'OAuthTokenFailed'; Says = 'AADSTS65001'; Arrange = { New-GraphAppAccount; $null = Set-OAuthDoublesTokenError -Doubles $doubles -Code 65001 -Count 10 } }
            @{ Row = 'no service principal'; ErrorId = 'OAuthTokenFailed'; Says = 'AADSTS7000229'; Arrange = { New-GraphAppAccount; $null = Set-OAuthDoublesTokenError -Doubles $doubles -Code 7000229 -Count 10 } }
            @{ Row = 'SMTP AUTH off for the tenant'; ErrorId = 'SmtpClientAuthenticationDisabled'; Says = 'Set-CASMailbox'; Arrange = { New-SmtpAppAccount; $null = Set-OAuthDoublesSetting -Doubles $doubles -SmtpOAuth SmtpAuthDisabledTenant } }
            @{ Row = 'mailbox outside the access policy'; ErrorId = 'GraphAccessDenied'; Says = 'New-ApplicationAccessPolicy'; Arrange = { New-GraphAppAccount; $null = Register-OAuthDoublesMailbox -Doubles $doubles -Address $sender -TenantId $tenantId -OutsideAccessPolicy } }
            @{ Row = 'unknown sender mailbox'; ErrorId = 'GraphMailboxNotFound'; Says = '-From'; Arrange = { New-GraphAppAccount -From 'nobody@fabrikam.onmicrosoft.com' } }
        ) {
            & $Arrange

            $testMail = { Send-BackupMailTest -To 'admin@example.com' -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*" -PassThru
            $testMail.Exception.Message | Should -Match ([regex]::Escape($Says))
            if ($ErrorId -ne 'GraphAccessDenied') {
                # Reading the mailbox needs no more than sending, except where the policy is about sending itself.
                { Test-BackupMailAccount -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*"
            }
            $result = Send-BackupNotification -BackupName 'Dokumente' -Status Failure -Mode Always -To 'admin@example.com' -WarningAction SilentlyContinue
            $result.Action | Should -Be 'Queued'
            $result.ErrorId | Should -Be $ErrorId
            @(Get-BackupMailQueue).Count | Should -Be 1
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp).Count + (Get-OAuthDoublesMessage -Doubles $doubles -Source Graph).Count | Should -Be 0
        }

        It 'a password account that Microsoft no longer lets in gets the OAuth line to run (<Answer>)' -ForEach @(
            @{ Answer = 'BasicAuthDisabled' }
            @{ Answer = 'BasicAuthNotSupported' }
        ) {
            $null = Set-OAuthDoublesSetting -Doubles $doubles -SmtpPasswordAuth $Answer
            $password = [pscredential]::new($sender, (ConvertTo-SecureString 'old-password' -AsPlainText -Force))
            Set-BackupMailAccount -SmtpServer $doubles.SmtpHost -Port $doubles.SmtpPort -Security StartTls -From $sender -Credential $password -ErrorAction Stop

            $refusal = { Send-BackupMailTest -To 'admin@example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'SmtpBasicAuthenticationDisabled,*' -PassThru

            $refusal.Exception.Message | Should -Match ([regex]::Escape('Set-BackupMailAccount -Name Default -Provider Microsoft365 -Authentication OAuthApp -TenantId'))
            (Send-BackupNotification -BackupName 'Dokumente' -Status Failure -Mode Always -To 'admin@example.com' -WarningAction SilentlyContinue).Action | Should -Be 'Queued'
        }

        It 'an OAuth account refuses -Security None when it is saved' {
            { Set-BackupMailAccount -Provider Microsoft365 -Security None -From $sender -TenantId $tenantId -ClientId $clientId -ClientSecret $clientSecret -ErrorAction Stop } |
                Should -Throw -ErrorId 'OAuthRequiresTls,*'
            Test-Path -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') | Should -BeFalse
        }
    }

    Context 'a user who signs in (OAuthUser)' {
        BeforeEach {
            Set-BackupMailAccount -Authentication OAuthUser -SmtpServer $doubles.SmtpHost -Port $doubles.SmtpPort -Security StartTls -From $sender `
                -TenantId $tenantId -ClientId $publicClientId @endpoints -ErrorAction Stop
        }

        It 'is told to sign in before it ever did, and the notification waits' {
            $result = Send-BackupNotification -BackupName 'Dokumente' -Status Failure -Mode Always -To 'admin@example.com' -WarningAction SilentlyContinue

            $result.Action | Should -Be 'Queued'
            $result.ErrorId | Should -Be 'OAuthSignInRequired'
            $result.Reason | Should -Match 'Connect-BackupMailAccount -Name Default'
        }

        It 'signs in with a device code, sends, and after its refresh token is revoked is told to sign in again' {
            # Tokens that live a minute are renewed on every use (five minutes' margin): each send needs the refresh token.
            $null = Set-OAuthDoublesSetting -Doubles $doubles -TokenLifetimeSeconds 60 -DeviceCodeIntervalSeconds 1
            $approver = Start-ThreadJob -ArgumentList (Join-Path $PSScriptRoot 'Support/OAuthDoubles.psm1'), $doubles, $sender -ScriptBlock {
                param($Module, $Doubles, $User)
                Import-Module $Module
                Approve-OAuthDoublesDeviceCode -Doubles $Doubles -UserName $User -TimeoutSeconds 60
            }
            try {
                $signIn = Connect-BackupMailAccount -ErrorAction Stop 6>&1 | Where-Object { $_ -is [BackupMail.OAuth.OAuthSignInResult] }
            }
            finally {
                $null = $approver | Wait-Job -Timeout 90
                $approver | Remove-Job -Force
            }

            $signIn.Method | Should -Be 'DeviceCode'
            $signIn.Scopes | Should -Contain 'SMTP.Send'
            (Send-BackupMailTest -To 'admin@example.com' -ErrorAction Stop).Action | Should -Be 'Sent'
            (Get-OAuthDoublesMessage -Doubles $doubles -Source Smtp -Count 1)[0].authenticatedUser | Should -Be $sender
            Get-IdentityRequests -GrantType 'refresh_token' | Should -BeGreaterThan 0

            $null = Revoke-OAuthDoublesRefreshToken -Doubles $doubles -UserName $sender
            $result = Send-BackupNotification -BackupName 'Dokumente' -Status Failure -Mode Always -To 'admin@example.com' -WarningAction SilentlyContinue

            $result.Action | Should -Be 'Queued'
            $result.ErrorId | Should -Be 'OAuthSignInRequired'
            @(Get-BackupMailQueue).Count | Should -Be 1
            Assert-NothingSecretIn -Texts @($result.Reason)
        }

        It 'takes a refresh token obtained elsewhere' {
            # A refresh token the identity provider issued to another sign-in of the same user and app.
            $approver = Start-ThreadJob -ArgumentList (Join-Path $PSScriptRoot 'Support/OAuthDoubles.psm1'), $doubles, $sender -ScriptBlock {
                param($Module, $Doubles, $User)
                Import-Module $Module
                Approve-OAuthDoublesDeviceCode -Doubles $Doubles -UserName $User -TimeoutSeconds 60
            }
            $code = Invoke-RestMethod -Method Post -Uri "$($doubles.AuthorityHost)/$tenantId/oauth2/v2.0/devicecode" -Body @{
                client_id = $publicClientId; scope = 'https://outlook.office.com/SMTP.Send offline_access' }
            $null = $approver | Wait-Job -Timeout 90
            $approver | Remove-Job -Force
            $tokens = Invoke-RestMethod -Method Post -Uri "$($doubles.AuthorityHost)/$tenantId/oauth2/v2.0/token" -Body @{
                grant_type = 'urn:ietf:params:oauth:grant-type:device_code'; client_id = $publicClientId; device_code = $code.device_code }

            $signIn = Connect-BackupMailAccount -RefreshToken (ConvertTo-SecureString $tokens.refresh_token -AsPlainText -Force) -ErrorAction Stop

            $signIn.Method | Should -Be 'RefreshToken'
            (Send-BackupMailTest -To 'admin@example.com' -ErrorAction Stop).Action | Should -Be 'Sent'
        }

        It 'Connect-BackupMailAccount refuses an application account: nobody signs in there' {
            New-SmtpAppAccount -Name App
            { Connect-BackupMailAccount -Name App -ErrorAction Stop } | Should -Throw -ErrorId 'AccountNotOAuthUser,*'
        }
    }
}
