# Starts, reads and stops smtp4dev (the local dotnet tool) for the tests and the demo.
# Servers run on free loopback ports with an in-memory database and a throw-away data folder.

Set-StrictMode -Version Latest

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-Smtp4dev {
    <#
    .SYNOPSIS
    Starts smtp4dev and waits until its HTTP API answers. Returns a description of the server.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [ValidateSet('None', 'StartTls', 'ImplicitTls')] [string] $TlsMode = 'None',
        [string] $UserName,
        [string] $Password,
        # The SIZE limit it announces and enforces (a permanent refusal for anything larger); none when 0.
        [int] $MaxMessageSize = 0,
        [string] $RepositoryRoot = (Resolve-Path "$PSScriptRoot/../..").Path,
        [int] $StartTimeoutSeconds = 90
    )

    $smtpPort = Get-FreeTcpPort
    $httpPort = Get-FreeTcpPort
    $dataPath = Join-Path ([System.IO.Path]::GetTempPath()) "smtp4dev-$Name-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $dataPath -Force | Out-Null

    $arguments = @(
        'smtp4dev', '--db=', "--baseappdatapath=$dataPath", '--nousersettings', '--hostname=localhost',
        "--smtpport=$smtpPort", '--imapport=0', '--pop3port=0', "--urls=http://127.0.0.1:$httpPort",
        "--tlsmode=$TlsMode",
        # Room for every message of a whole test run: nothing a test reads back may be pruned.
        '--messagestokeep=5000', '--sessionstokeep=5000'
    )
    if ($MaxMessageSize -gt 0) {
        $arguments += "--maxmessagesize=$MaxMessageSize"
    }
    if ($UserName) {
        $arguments += '--authenticationrequired', '--smtpallowanycredentials-', "--user=$UserName=$Password"
    }

    # Output goes to files in the data folder, so the server never blocks on a full pipe.
    $quoted = foreach ($argument in $arguments) { if ($argument -match '\s') { '"{0}"' -f $argument } else { $argument } }
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $quoted -WorkingDirectory $RepositoryRoot -PassThru `
        -RedirectStandardOutput (Join-Path $dataPath 'stdout.log') -RedirectStandardError (Join-Path $dataPath 'stderr.log')

    $server = [pscustomobject]@{
        PSTypeName      = 'BackupMail.Test.Smtp4devServer'
        Name            = $Name
        Host            = 'localhost'
        SmtpPort        = $smtpPort
        ApiUrl          = "http://127.0.0.1:$httpPort"
        TlsMode         = $TlsMode
        CertificatePath = Join-Path $dataPath 'selfsigned-certificate.cer'
        UserName        = $UserName
        Password        = $Password
        DataPath        = $dataPath
        ProcessId       = $process.Id
    }

    $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSeconds)
    while ($true) {
        if ($process.HasExited) { throw "smtp4dev '$Name' exited with code $($process.ExitCode) before it was ready." }
        try {
            $null = Invoke-RestMethod -Uri "$($server.ApiUrl)/api/messages" -TimeoutSec 2
            break
        }
        catch {
            if ([DateTime]::UtcNow -gt $deadline) {
                Stop-Smtp4dev -Server $server
                throw "smtp4dev '$Name' did not answer on $($server.ApiUrl) within $StartTimeoutSeconds s."
            }
            Start-Sleep -Milliseconds 250
        }
    }
    $server
}

function Stop-Smtp4dev {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        $process = Get-Process -Id $Server.ProcessId -ErrorAction SilentlyContinue
        if ($process) {
            $process.Kill($true)
            $null = $process.WaitForExit(10000)
        }
        Remove-Item -LiteralPath $Server.DataPath -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Get-TestSmtpServer {
    <#
    .SYNOPSIS
    The smtp4dev servers build.ps1 -Task Test started: 'Tls' (STARTTLS, authentication required) or 'Plain' (anonymous).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [ValidateSet('Tls', 'Plain')] [string] $Name)
    if (-not $env:BACKUPMAIL_TEST_SERVERS -or -not (Test-Path -LiteralPath $env:BACKUPMAIL_TEST_SERVERS)) {
        throw 'No test SMTP servers: run the tests with "dotnet pwsh ./build.ps1 -Task Test".'
    }
    $servers = Get-Content -LiteralPath $env:BACKUPMAIL_TEST_SERVERS -Raw | ConvertFrom-Json
    $servers.$Name
}

function Get-Smtp4devMessage {
    <#
    .SYNOPSIS
    The messages the server received (newest first), each with Id, From, To, Subject.
    Waits up to -TimeoutSeconds for at least -Count messages.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [int] $Count = 0, [int] $TimeoutSeconds = 10)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $page = Invoke-RestMethod -Uri "$($Server.ApiUrl)/api/messages?pageSize=5000" -TimeoutSec 10
        $messages = @($page.results)
        if ($messages.Count -ge $Count) { break }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
    $messages
}

function Wait-Smtp4devMail {
    <#
    .SYNOPSIS
    The messages whose subject contains -Subject, waiting (bounded) until at least -Count have arrived.
    Always returns an array (empty when none arrived in time).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Subject, [int] $Count = 1, [int] $TimeoutSeconds = 15)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $found = @(Get-Smtp4devMessage -Server $Server | Where-Object { $_.subject -like "*$Subject*" })
        if ($found.Count -ge $Count) { break }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
    , $found
}

function Get-Smtp4devMessageDetail {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Id)
    Invoke-RestMethod -Uri "$($Server.ApiUrl)/api/messages/$Id" -TimeoutSec 10
}

function Get-Smtp4devRawMessage {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Id)
    (Invoke-WebRequest -Uri "$($Server.ApiUrl)/api/messages/$Id/raw" -TimeoutSec 10).Content
}

function Get-Smtp4devPlainText {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Id)
    (Invoke-WebRequest -Uri "$($Server.ApiUrl)/api/messages/$Id/plaintext" -TimeoutSec 10).Content
}

function Get-Smtp4devHtml {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] [string] $Id)
    (Invoke-WebRequest -Uri "$($Server.ApiUrl)/api/messages/$Id/html" -TimeoutSec 10).Content
}

function Clear-Smtp4devMessage {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    $null = Invoke-RestMethod -Method Delete -Uri "$($Server.ApiUrl)/api/messages/*" -TimeoutSec 10
}

Export-ModuleMember -Function Start-Smtp4dev, Stop-Smtp4dev, Get-TestSmtpServer, Get-Smtp4devMessage, Wait-Smtp4devMail,
    Get-Smtp4devMessageDetail, Get-Smtp4devRawMessage, Get-Smtp4devPlainText, Get-Smtp4devHtml, Clear-Smtp4devMessage, Get-FreeTcpPort
