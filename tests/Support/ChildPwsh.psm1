# Runs a script in a fresh pwsh (no profile, non-interactive, plain-text output) for tests that need a new session:
# assemblies cannot be unloaded, and per-user state (HOME, module paths) must not leak in or out.

Set-StrictMode -Version Latest

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs -Script in a new pwsh and returns its last output line, parsed as JSON. Throws on a non-zero exit code
    (with the child's output) or after -TimeoutSeconds (the child is killed).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $WorkingFolder,
        [string[]] $Arguments = @(),
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{},
        [string[]] $RemoveEnvironment = @(),
        [int] $TimeoutSeconds = 120
    )
    $scriptPath = Join-Path $WorkingFolder "child-$([guid]::NewGuid().ToString('N')).ps1"
    Set-Content -LiteralPath $scriptPath -Value $Script -Encoding utf8NoBOM
    $start = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $scriptPath) + $Arguments) { $start.ArgumentList.Add($argument) }
    foreach ($entry in $Parameters.GetEnumerator()) {
        $start.ArgumentList.Add("-$($entry.Key)")
        $start.ArgumentList.Add([string]$entry.Value)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    foreach ($name in $RemoveEnvironment) { $null = $start.Environment.Remove($name) }
    foreach ($entry in $Environment.GetEnumerator()) { $start.Environment[$entry.Key] = [string]$entry.Value }
    $start.Environment['NO_COLOR'] = '1'

    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "The child pwsh did not finish within $TimeoutSeconds s."
    }
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) {
        throw ("The child pwsh failed (exit code $($process.ExitCode)): $($stderr.Result) $($stdout.Result)" -replace '\e\[[0-9;?]*[A-Za-z]', '')
    }
    ($stdout.Result -split "`r?`n" | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json
}

function Start-ChildPwsh {
    <#
    .SYNOPSIS
    Starts the script file -Path in a new PowerShell process of its own (pwsh.dll started directly with dotnet, so that
    a signal reaches PowerShell itself, not a launcher) with this session's BACKUPMAIL_CONFIG_DIR, its output
    redirected, and returns the process without waiting. -Arguments follow the file.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path, [string[]] $Arguments = @())
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $Path) + $Arguments) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.Environment['BACKUPMAIL_CONFIG_DIR'] = $env:BACKUPMAIL_CONFIG_DIR
    [System.Diagnostics.Process]::Start($start)
}

function Stop-ChildPwshOnConnect {
    <#
    .SYNOPSIS
    Waits until the child -Process connects to -Listener (a server that never greets, so the child is then mid-send),
    sends it -Signal (kill -KILL by default) 300 ms later and waits for it to end. Throws when the child ends early,
    never connects, or outlives the signal; a child still running is killed in any case.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Diagnostics.Process] $Process,
        [Parameter(Mandatory)] [System.Net.Sockets.TcpListener] $Listener,
        [string] $Signal = 'KILL',
        [int] $TimeoutSeconds = 90
    )
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not $Listener.Pending()) {
            if ($Process.HasExited) { throw "The child exited early: $($Process.StandardError.ReadToEnd())" }
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The child never connected.' }
            Start-Sleep -Milliseconds 50
        }
        $connection = $Listener.AcceptTcpClient()
        Start-Sleep -Milliseconds 300
        & kill "-$Signal" $Process.Id
        if (-not $Process.WaitForExit(30000)) { throw "The child outlived SIG$Signal." }
        $connection.Dispose()
    }
    finally {
        if (-not $Process.HasExited) { $Process.Kill($true) }
    }
}

Export-ModuleMember -Function Invoke-ChildPwsh, Start-ChildPwsh, Stop-ChildPwshOnConnect
