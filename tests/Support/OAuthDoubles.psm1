# Starts, drives and stops the OAuth doubles (tests/BackupMail.OAuthDoubles): an Entra-shaped identity provider, a Graph
# sendMail double and an SMTP AUTH XOAUTH2 double, over HTTPS/STARTTLS with the test CA. build.ps1 -Task Test makes the CA
# (out/test-ca) and sets SSL_CERT_FILE and BACKUPMAIL_TEST_CA before any test process starts; a pwsh started without
# them cannot reach the doubles (its .NET does not trust the CA). See tests/BackupMail.OAuthDoubles/README.md.

Set-StrictMode -Version Latest

function Start-OAuthDoubles {
    <#
    .SYNOPSIS
    Starts the doubles in their own process and waits until they listen.
    .DESCRIPTION
    Runs 'dotnet BackupMail.OAuthDoubles.dll serve --state <temp dir>' from the build output and waits for
    <temp dir>/endpoints.json. The process ends when Stop-OAuthDoubles closes its stdin (or this pwsh exits).
    Returns AuthorityHost (https://localhost:P; an authority is AuthorityHost/<tenant>), GraphEndpoint, SmtpHost,
    SmtpPort, ControlUri (AuthorityHost/_test), CaFile, StateDirectory and Process.
    .PARAMETER CaDirectory
    The test CA directory (ca.pfx, ca.pem, trust.pem); default BACKUPMAIL_TEST_CA.
    .EXAMPLE
    $doubles = Start-OAuthDoubles
    Register-OAuthDoublesTenant -Doubles $doubles -Id $tenantId -Domain contoso.onmicrosoft.com
    #>
    [CmdletBinding()]
    param(
        [string] $CaDirectory = $env:BACKUPMAIL_TEST_CA,
        [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
        [string] $RepositoryRoot = (Resolve-Path "$PSScriptRoot/../..").Path,
        [int] $StartTimeoutSeconds = 60
    )
    if (-not $CaDirectory) { throw 'No test CA: set BACKUPMAIL_TEST_CA (build.ps1 -Task Test does) or pass -CaDirectory.' }
    $dll = Join-Path $RepositoryRoot "tests/BackupMail.OAuthDoubles/bin/$Configuration/net10.0/BackupMail.OAuthDoubles.dll"
    if (-not (Test-Path -LiteralPath $dll)) { throw "The OAuth doubles are not built ($dll); run 'dotnet pwsh ./build.ps1 -Task Build'." }
    $state = Join-Path ([System.IO.Path]::GetTempPath()) "oauth-doubles-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $state -Force | Out-Null

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $dll, 'serve', '--state', $state, '--ca', $CaDirectory) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true     # closing it stops the doubles
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Drained and dropped: the server never blocks on a full pipe.
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()

    $endpointsFile = Join-Path $state 'endpoints.json'
    $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSeconds)
    while (-not (Test-Path -LiteralPath $endpointsFile)) {
        if ($process.HasExited) { throw "The OAuth doubles exited with code $($process.ExitCode) before they listened." }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill($true)
            throw "The OAuth doubles did not write $endpointsFile within $StartTimeoutSeconds s."
        }
        Start-Sleep -Milliseconds 100
    }
    $endpoints = Get-Content -LiteralPath $endpointsFile -Raw | ConvertFrom-Json
    [pscustomobject]@{
        PSTypeName     = 'BackupMail.Test.OAuthDoubles'
        AuthorityHost  = $endpoints.AuthorityHost
        GraphEndpoint  = $endpoints.GraphEndpoint
        SmtpHost       = $endpoints.SmtpHost
        SmtpPort       = [int]$endpoints.SmtpPort
        ControlUri     = $endpoints.ControlUri
        CaFile         = $endpoints.CaFile
        StateDirectory = $state
        Process        = $process
    }
}

function Stop-OAuthDoubles {
    <#
    .SYNOPSIS
    Stops doubles started by Start-OAuthDoubles (closes their stdin; kills them after 10 s) and removes their state folder.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Doubles)
    process {
        $process = $Doubles.Process
        if (-not $process.HasExited) {
            try { $process.StandardInput.Close() } catch { }
            if (-not $process.WaitForExit(10000)) { $process.Kill($true); $null = $process.WaitForExit(5000) }
        }
        $process.Dispose()
        Remove-Item -LiteralPath $Doubles.StateDirectory -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Invoke-OAuthDoublesControl {
    <#
    .SYNOPSIS
    Calls the control API: -Method GET|POST|DELETE, -Path relative to ControlUri (e.g. 'apps'), -Body a hashtable (sent as JSON).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Doubles,
        [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        [hashtable] $Body
    )
    $arguments = @{ Method = $Method; Uri = "$($Doubles.ControlUri)/$Path"; TimeoutSec = 30 }
    if ($Method -eq 'POST') {
        $arguments.ContentType = 'application/json'
        $arguments.Body = if ($Body) { $Body | ConvertTo-Json -Depth 6 -Compress } else { '{}' }
    }
    Invoke-RestMethod @arguments
}

function Register-OAuthDoublesTenant {
    <#
    .SYNOPSIS
    Registers a tenant: -Id (a GUID; new when omitted) and -Domain names that also name it in an authority URL.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [string] $Id, [string[]] $Domain = @(), [string] $DisplayName)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'tenants' -Body @{ id = $Id; domains = @($Domain); displayName = $DisplayName }
}

function Register-OAuthDoublesApp {
    <#
    .SYNOPSIS
    Registers an app (with its service principal) in a tenant.
    .PARAMETER Role
    Application permissions per resource, e.g. @{ 'https://outlook.office365.com' = 'SMTP.SendAsApp'; 'https://graph.microsoft.com' = 'Mail.Send' }.
    .PARAMETER DelegatedScope
    Delegated permissions a '/.default' request of a user gets, per resource (same shape as -Role).
    .PARAMETER Certificate
    X509Certificate2 objects (or PEM texts) whose keys may sign client assertions.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Doubles,
        [Parameter(Mandatory)] [string] $TenantId,
        [string] $ClientId,
        [string] $DisplayName = 'BackupMail Test App',
        [string[]] $Secret = @(),
        [object[]] $Certificate = @(),
        [hashtable] $Role = @{},
        [hashtable] $DelegatedScope = @{},
        [switch] $PublicClient,
        [switch] $NoConsent,
        [switch] $NoServicePrincipal
    )
    $certificates = foreach ($item in $Certificate) {
        if ($item -is [System.Security.Cryptography.X509Certificates.X509Certificate2]) { $item.ExportCertificatePem() } else { [string]$item }
    }
    $perResource = { param($Map) $out = @{}; foreach ($key in $Map.Keys) { $out[$key] = @($Map[$key]) }; $out }
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'apps' -Body @{
        tenantId = $TenantId; clientId = $ClientId; displayName = $DisplayName; secrets = @($Secret); certificates = @($certificates)
        roles = (& $perResource $Role); delegatedScopes = (& $perResource $DelegatedScope)
        publicClient = [bool]$PublicClient; consent = -not $NoConsent; servicePrincipal = -not $NoServicePrincipal
    }
}

function Register-OAuthDoublesUser {
    <#
    .SYNOPSIS
    Registers a user (and a mailbox of the same address unless -NoMailbox).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [string] $TenantId, [Parameter(Mandatory)] [string] $UserName,
        [string] $DisplayName, [string] $ObjectId, [switch] $NoMailbox)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'users' -Body @{
        tenantId = $TenantId; username = $UserName; displayName = $DisplayName; objectId = $ObjectId; mailbox = -not $NoMailbox
    }
}

function Register-OAuthDoublesMailbox {
    <#
    .SYNOPSIS
    Registers (or replaces) a mailbox. -OutsideAccessPolicy: app tokens get 403 from Graph; -RestApiDisabled: Graph 404
    MailboxNotEnabledForRESTAPI; -SmtpAuthDisabled: SMTP answers "SmtpClientAuthentication is disabled for the Mailbox".
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [string] $Address, [string] $TenantId, [string] $ObjectId,
        [switch] $OutsideAccessPolicy, [switch] $RestApiDisabled, [switch] $SmtpAuthDisabled)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'mailboxes' -Body @{
        address = $Address; tenantId = $TenantId; objectId = $ObjectId; outsideAccessPolicy = [bool]$OutsideAccessPolicy
        restApiEnabled = -not $RestApiDisabled; smtpAuthEnabled = -not $SmtpAuthDisabled
    }
}

function Set-OAuthDoublesSetting {
    <#
    .SYNOPSIS
    Changes token lifetimes, the device-code polling interval and the SMTP answers; parameters left out stay as they are.
    .PARAMETER SmtpPasswordAuth
    The answer to AUTH LOGIN/PLAIN: BasicAuthDisabled (default), BasicAuthNotSupported, SmtpAuthDisabledTenant, SmtpAuthDisabledMailbox, Unsuccessful.
    .PARAMETER SmtpOAuth
    The answer to a valid XOAUTH2: Accept (default), SmtpAuthDisabledTenant, SmtpAuthDisabledMailbox.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [int] $TokenLifetimeSeconds, [int] $RefreshTokenLifetimeSeconds, [int] $DeviceCodeIntervalSeconds,
        [ValidateSet('BasicAuthDisabled', 'BasicAuthNotSupported', 'SmtpAuthDisabledTenant', 'SmtpAuthDisabledMailbox', 'Unsuccessful', 'Accept')] [string] $SmtpPasswordAuth,
        [ValidateSet('Accept', 'SmtpAuthDisabledTenant', 'SmtpAuthDisabledMailbox')] [string] $SmtpOAuth)
    $body = @{}
    if ($PSBoundParameters.ContainsKey('TokenLifetimeSeconds')) { $body.tokenLifetimeSeconds = $TokenLifetimeSeconds }
    if ($PSBoundParameters.ContainsKey('RefreshTokenLifetimeSeconds')) { $body.refreshTokenLifetimeSeconds = $RefreshTokenLifetimeSeconds }
    if ($PSBoundParameters.ContainsKey('DeviceCodeIntervalSeconds')) { $body.deviceCodeIntervalSeconds = $DeviceCodeIntervalSeconds }
    if ($SmtpPasswordAuth) { $body.smtpPasswordAuth = $SmtpPasswordAuth }
    if ($SmtpOAuth) { $body.smtpOAuth = $SmtpOAuth }
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'settings' -Body $body
}

function Set-OAuthDoublesTokenError {
    <#
    .SYNOPSIS
    Makes the next -Count token responses the AADSTS error -Code (e.g. 7000215, 700016, 90002, 65001, 7000229, 70008, 700082).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [int] $Code, [int] $Count = 1)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'identity/errors' -Body @{ code = $Code; count = $Count }
}

function Set-OAuthDoublesGraphResponse {
    <#
    .SYNOPSIS
    Makes the next -Count sendMail responses -StatusCode (Graph-shaped error body; -RetryAfter seconds as the Retry-After header).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [int] $StatusCode, [int] $Count = 1, [int] $RetryAfter, [string] $Code, [string] $Message)
    $body = @{ status = $StatusCode; count = $Count }
    if ($PSBoundParameters.ContainsKey('RetryAfter')) { $body.retryAfter = $RetryAfter }
    if ($Code) { $body.code = $Code }
    if ($Message) { $body.message = $Message }
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'graph/responses' -Body $body
}

function Approve-OAuthDoublesDeviceCode {
    <#
    .SYNOPSIS
    Signs -UserName in on a pending device code (-UserCode; the newest pending one when omitted), waiting up to
    -TimeoutSeconds for one to be pending. The client's next poll gets tokens.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [string] $UserName, [string] $UserCode, [int] $TimeoutSeconds = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $pending = @((Invoke-OAuthDoublesControl -Doubles $Doubles -Path 'devicecodes').pending)
        if ($pending.Count -gt 0 -and (-not $UserCode -or $UserCode -in $pending)) { break }
        if ([DateTime]::UtcNow -gt $deadline) { throw "No device code was pending within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 100
    }
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'devicecodes/approve' -Body @{ username = $UserName; userCode = $UserCode }
}

function Deny-OAuthDoublesDeviceCode {
    <#
    .SYNOPSIS
    Declines a pending device code (-UserCode, or the newest); the client gets authorization_declined.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [string] $UserCode)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'devicecodes/deny' -Body @{ userCode = $UserCode }
}

function Revoke-OAuthDoublesRefreshToken {
    <#
    .SYNOPSIS
    Revokes one -RefreshToken or all of -UserName's; their next use gets invalid_grant with AADSTS -Code (70008; or 700082, 50173).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [string] $UserName, [string] $RefreshToken, [int] $Code = 70008)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'refresh-tokens/revoke' -Body @{ username = $UserName; refreshToken = $RefreshToken; code = $Code }
}

function Get-OAuthDoublesStatistics {
    <#
    .SYNOPSIS
    Counters: tokenRequests [{grantType, clientId, count}], totalTokenRequests, counters (discovery, devicecode,
    graph.sendMail, smtp.connections, smtp.auth, smtp.messages, ...) and requests ("METHOD idp|graph /path", oldest first).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles)
    Invoke-OAuthDoublesControl -Doubles $Doubles -Path 'stats'
}

function Get-OAuthDoublesMessage {
    <#
    .SYNOPSIS
    The messages -Source Smtp or Graph accepted, oldest first. SMTP: authenticatedUser, mechanism, mailFrom, recipients,
    tls, raw, subject. Graph: mailbox, userInPath, query, headers, contentType, mime, json, subject, appToken, clientId.
    Waits up to -TimeoutSeconds for at least -Count.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [ValidateSet('Smtp', 'Graph')] [string] $Source,
        [int] $Count = 0, [int] $TimeoutSeconds = 10)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        # Invoke-RestMethod may write a JSON array as one object: enumerated here, so an empty list counts 0, not 1.
        $messages = @(foreach ($message in (Invoke-OAuthDoublesControl -Doubles $Doubles -Path "$($Source.ToLowerInvariant())/messages")) { $message })
        if ($messages.Count -ge $Count) { break }
        Start-Sleep -Milliseconds 100
    } while ([DateTime]::UtcNow -lt $deadline)
    , $messages
}

function Clear-OAuthDoublesMessage {
    <#
    .SYNOPSIS
    Forgets the messages both doubles received.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles)
    $null = Invoke-OAuthDoublesControl -Doubles $Doubles -Method DELETE -Path 'messages'
}

function New-OAuthDoublesAccessToken {
    <#
    .SYNOPSIS
    An access token as the identity provider would issue it, without a token request: an app token (-Role) or, with
    -UserName, a delegated one (-Scope). -LifetimeSeconds below 0 gives an expired token.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles, [Parameter(Mandatory)] [string] $ClientId, [Parameter(Mandatory)] [string] $Resource,
        [string[]] $Role = @(), [string[]] $Scope = @(), [string] $UserName, [int] $LifetimeSeconds = 3600)
    (Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'tokens' -Body @{
        clientId = $ClientId; resource = $Resource; roles = @($Role); scopes = @($Scope); username = $UserName; lifetimeSeconds = $LifetimeSeconds
    }).accessToken
}

function Reset-OAuthDoubles {
    <#
    .SYNOPSIS
    Forgets everything: tenants, apps, users, mailboxes, tokens, forced errors, messages, counters and settings.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Doubles)
    $null = Invoke-OAuthDoublesControl -Doubles $Doubles -Method POST -Path 'reset'
}

Export-ModuleMember -Function Start-OAuthDoubles, Stop-OAuthDoubles, Invoke-OAuthDoublesControl, Register-OAuthDoublesTenant,
    Register-OAuthDoublesApp, Register-OAuthDoublesUser, Register-OAuthDoublesMailbox, Set-OAuthDoublesSetting,
    Set-OAuthDoublesTokenError, Set-OAuthDoublesGraphResponse, Approve-OAuthDoublesDeviceCode, Deny-OAuthDoublesDeviceCode,
    Revoke-OAuthDoublesRefreshToken, Get-OAuthDoublesStatistics, Get-OAuthDoublesMessage, Clear-OAuthDoublesMessage,
    New-OAuthDoublesAccessToken, Reset-OAuthDoubles
