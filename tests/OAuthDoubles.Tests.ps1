# The OAuth doubles as Pester tests use them (tests/Support/OAuthDoubles.psm1): started as a process, driven through the
# control API, reached over HTTPS with the test CA that build.ps1 -Task Test trusts through SSL_CERT_FILE.
#Requires -Modules @{ ModuleName = "Pester"; ModuleVersion = "5.0" }
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/OAuthDoubles.psm1') -Force
    $script:doubles = Start-OAuthDoubles
    $script:tenantId = 'a1b2c3d4-0000-4000-8000-00000000c0de'
    $script:clientId = 'b2c3d4e5-0000-4000-8000-00000000a990'
    $script:secret = 'pester-secret-1'
    $script:user = 'backup@fabrikam.onmicrosoft.com'

    function Get-AppToken {
        param([string] $Scope = 'https://outlook.office365.com/.default', [string] $Secret = $script:secret, [string] $Tenant = $script:tenantId)
        Invoke-RestMethod -Method Post -Uri "$($doubles.AuthorityHost)/$Tenant/oauth2/v2.0/token" -Body @{
            grant_type = 'client_credentials'; client_id = $clientId; client_secret = $Secret; scope = $Scope
        }
    }
}

AfterAll {
    if ($script:doubles) { Stop-OAuthDoubles -Doubles $script:doubles }
}

Describe 'OAuth doubles' {
    BeforeEach {
        Reset-OAuthDoubles -Doubles $doubles
        $null = Register-OAuthDoublesTenant -Doubles $doubles -Id $tenantId -Domain 'fabrikam.onmicrosoft.com'
        $null = Register-OAuthDoublesApp -Doubles $doubles -TenantId $tenantId -ClientId $clientId -Secret $secret `
            -Role @{ 'https://outlook.office365.com' = 'SMTP.SendAsApp'; 'https://graph.microsoft.com' = 'Mail.Send' }
        $null = Register-OAuthDoublesUser -Doubles $doubles -TenantId $tenantId -UserName $user
    }

    It 'writes its endpoints and serves them over HTTPS this process trusts' {
        $doubles.AuthorityHost | Should -Match '^https://localhost:\d+$'
        $doubles.GraphEndpoint | Should -Match '^https://localhost:\d+$'
        $doubles.SmtpHost | Should -Be 'localhost'
        $doubles.SmtpPort | Should -BeGreaterThan 0
        (Invoke-OAuthDoublesControl -Doubles $doubles -Path 'endpoints').AuthorityHost | Should -Be $doubles.AuthorityHost
        Test-Path -LiteralPath $doubles.CaFile | Should -BeTrue
    }

    It 'issues an app token for a secret and counts the request' {
        $token = Get-AppToken
        $token.token_type | Should -Be 'Bearer'
        $token.expires_in | Should -Be 3600
        $payload = $token.access_token.Split('.')[1].Replace('-', '+').Replace('_', '/')
        $payload += '=' * ((4 - $payload.Length % 4) % 4)
        $claims = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload)) | ConvertFrom-Json
        $claims.aud | Should -Be 'https://outlook.office365.com'
        $claims.roles | Should -Be @('SMTP.SendAsApp')
        $stats = Get-OAuthDoublesStatistics -Doubles $doubles
        ($stats.tokenRequests | Where-Object { $_.clientId -eq $clientId -and $_.grantType -eq 'client_credentials' }).count | Should -Be 1
    }

    It 'answers a wrong secret with AADSTS7000215 and a forced error once' {
        $wrong = { Get-AppToken -Secret 'nope' } | Should -Throw -PassThru
        $wrong.ErrorDetails.Message | ConvertFrom-Json | ForEach-Object {
            $_.error | Should -Be 'invalid_client'
            $_.error_codes | Should -Be @(7000215)
            $_.error_description | Should -Match '^AADSTS7000215: '
        }
        $null = Set-OAuthDoublesTokenError -Doubles $doubles -Code 90002
        $forced = { Get-AppToken } | Should -Throw -PassThru
        ($forced.ErrorDetails.Message | ConvertFrom-Json).error_codes | Should -Be @(90002)
        (Get-AppToken).access_token | Should -Not -BeNullOrEmpty
    }

    It 'accepts a Graph sendMail and keeps the MIME, the query and a forced 429 with Retry-After' {
        $token = (Get-AppToken -Scope "$($doubles.GraphEndpoint)/.default").access_token
        $mime = "From: $user`r`nTo: admin@example.com`r`nSubject: Pester Graph`r`n`r`nbody`r`n"
        $send = @{
            Method = 'Post'; Uri = "$($doubles.GraphEndpoint)/v1.0/users/$user/sendMail?saveToSentItems=false"
            Headers = @{ Authorization = "Bearer $token" }; ContentType = 'text/plain'
            Body = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($mime)); SkipHttpErrorCheck = $true
        }
        $null = Set-OAuthDoublesGraphResponse -Doubles $doubles -StatusCode 429 -RetryAfter 9
        $throttled = Invoke-WebRequest @send
        $throttled.StatusCode | Should -Be 429
        $throttled.Headers['Retry-After'] | Should -Be '9'
        ($throttled.Content | ConvertFrom-Json).error.code | Should -Be 'ApplicationThrottled'
        (Invoke-WebRequest @send).StatusCode | Should -Be 202

        $message = Get-OAuthDoublesMessage -Doubles $doubles -Source Graph -Count 1 | Select-Object -First 1
        $message.subject | Should -Be 'Pester Graph'
        $message.query | Should -Be '?saveToSentItems=false'
        $message.mailbox | Should -Be $user
    }

    It 'mints tokens the Graph double checks (403 without Mail.Send, 401 expired)' {
        $noRole = New-OAuthDoublesAccessToken -Doubles $doubles -ClientId $clientId -Resource 'https://graph.microsoft.com' -Role 'User.Read.All'
        $expired = New-OAuthDoublesAccessToken -Doubles $doubles -ClientId $clientId -Resource 'https://graph.microsoft.com' -Role 'Mail.Send' -LifetimeSeconds -5
        foreach ($case in @(@{ Token = $noRole; Status = 403; Code = 'ErrorAccessDenied' }, @{ Token = $expired; Status = 401; Code = 'InvalidAuthenticationToken' })) {
            $response = Invoke-WebRequest -Method Post -Uri "$($doubles.GraphEndpoint)/v1.0/users/$user/sendMail" -ContentType 'text/plain' `
                -Headers @{ Authorization = "Bearer $($case.Token)" } -Body 'AAAA' -SkipHttpErrorCheck
            $response.StatusCode | Should -Be $case.Status
            ($response.Content | ConvertFrom-Json).error.code | Should -Be $case.Code
        }
    }

    It 'stops when its stdin closes' {
        $other = Start-OAuthDoubles
        $id = $other.Process.Id
        Stop-OAuthDoubles -Doubles $other
        Get-Process -Id $id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Test-Path -LiteralPath $other.StateDirectory | Should -BeFalse
    }
}
