# Issue 11 §3: a hostile SMTP server cannot keep a send busy past -TimeoutSeconds, nor grow the process without bound:
# the notification is queued, with the reason, and the call returns. Each send runs the built module in a fresh pwsh
# (its peak working set is its own), against a small TCP server that this file runs on a thread of its own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:moduleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path

    function script:Start-HostileServer {
        # Answers like a plain SMTP server until MAIL FROM, then misbehaves: 'Dribble' sends a valid reply one byte a
        # second; 'EndlessLine' sends "250-" and then 'X' without end (capped at 256 MiB, so that a client which buffers
        # it all fails the test, not the machine).
        param([ValidateSet('Dribble', 'EndlessLine')] [string] $Mode)
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Listener, $Mode)
                while ($true) {
                    try { $client = $Listener.AcceptTcpClient() } catch { return }
                    try {
                        $stream = $client.GetStream()
                        $reader = [System.IO.StreamReader]::new($stream, [System.Text.Encoding]::ASCII)
                        $say = { param([string] $Text) $bytes = [System.Text.Encoding]::ASCII.GetBytes($Text); $stream.Write($bytes, 0, $bytes.Length) }
                        & $say "220 hostile.example ESMTP`r`n"
                        while ($null -ne ($line = $reader.ReadLine())) {
                            $verb = ($line -split ' ')[0].ToUpperInvariant()
                            if ($verb -eq 'EHLO') { & $say "250-hostile.example`r`n250 8BITMIME`r`n" }
                            elseif ($verb -eq 'QUIT') { & $say "221 Bye`r`n"; break }
                            elseif ($verb -ne 'MAIL') { & $say "250 Ok`r`n" }
                            elseif ($Mode -eq 'Dribble') {
                                foreach ($byte in [System.Text.Encoding]::ASCII.GetBytes("250 2.1.0 Ok, said one byte a second, to keep you waiting`r`n")) {
                                    $stream.WriteByte($byte)
                                    Start-Sleep -Milliseconds 1000
                                }
                            }
                            else {
                                & $say '250-'
                                $chunk = [byte[]]::new(65536); [System.Array]::Fill($chunk, [byte][char]'X')
                                for ($sent = 0L; $sent -lt 256MB; $sent += $chunk.Length) { $stream.Write($chunk, 0, $chunk.Length) }
                                break
                            }
                        }
                    }
                    catch {
                        # The client hung up: that is what it should do.
                    }
                    finally { $client.Dispose() }
                }
            }).AddArgument($listener).AddArgument($Mode)
        $handle = $shell.BeginInvoke()
        [pscustomobject]@{ Port = $listener.LocalEndpoint.Port; Listener = $listener; Shell = $shell; Handle = $handle }
    }

    function script:Stop-HostileServer {
        param($Server)
        $Server.Listener.Stop()
        $Server.Shell.Stop()
        $Server.Shell.Dispose()
    }

    function script:Send-ToHostileServer {
        # A notification from a fresh pwsh with its own configuration; what it returned, how long it took, and how much
        # the send raised the process's peak working set.
        param([int] $Port, [int] $TimeoutSeconds = 3)
        Invoke-ChildPwsh -WorkingFolder $TestDrive -TimeoutSeconds 120 `
            -Environment @{ BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive "config-$([guid]::NewGuid().ToString('N'))" } `
            -Parameters @{ ModuleDir = $moduleDir; Port = $Port; Timeout = $TimeoutSeconds } -Script @'
param($ModuleDir, $Port, $Timeout)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleDir
Set-BackupMailAccount -SmtpServer 127.0.0.1 -Port $Port -Security None -From 'backup@example.com' -TimeoutSeconds $Timeout
Set-BackupMailTemplate -Subject 'Hostile ##BackupName##' -Body '##Status##'
# Warm up what a send loads, so that the peak measured below is the send's own.
$null = Send-BackupNotification -BackupName Warmup -Status Failure -To 'admin@example.com' -WhatIf
[GC]::Collect()
$before = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$result = Send-BackupNotification -BackupName Hostile -Status Failure -To 'admin@example.com' -WarningAction SilentlyContinue
$clock.Stop()
$after = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
[pscustomobject]@{
    Action = "$($result.Action)"
    Reason = $result.Reason
    QueueId = $result.QueueId
    Queued = @(Get-BackupMailQueue).Count
    Seconds = $clock.Elapsed.TotalSeconds
    PeakGrowthMB = ($after - $before) / 1MB
} | ConvertTo-Json -Compress
'@
    }
}

Describe 'A server that dribbles its answer to MAIL FROM' {
    BeforeAll { $script:server = Start-HostileServer -Mode Dribble }
    AfterAll { Stop-HostileServer $server }

    It 'queues the notification after about -TimeoutSeconds, not after the whole dribble' {
        $report = Send-ToHostileServer -Port $server.Port -TimeoutSeconds 3

        $report.Action | Should -Be 'Queued'
        $report.Queued | Should -Be 1
        $report.QueueId | Should -Not -BeNullOrEmpty
        $report.Reason | Should -Match 'within 3 seconds'
        # Generous: the dribble alone lasts about 60 s.
        $report.Seconds | Should -BeLessThan 30
    }
}

Describe 'A server that answers MAIL FROM with an endless line' {
    BeforeAll { $script:server = Start-HostileServer -Mode EndlessLine }
    AfterAll { Stop-HostileServer $server }

    It 'queues the notification with SmtpProtocolViolation''s reason, and the process stays small' {
        $report = Send-ToHostileServer -Port $server.Port -TimeoutSeconds 30

        $report.PeakGrowthMB | Should -BeLessThan 100
        $report.Action | Should -Be 'Queued'
        $report.Queued | Should -Be 1
        $report.Reason | Should -Match 'longer than 8192 bytes'
        $report.Seconds | Should -BeLessThan 30
    }
}
