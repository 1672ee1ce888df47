# Issue 14 §4: a rule's -PingUrl is called healthchecks-style after each run (<url> on success, <url>/fail on failure,
# query kept), against a local HTTP listener in a thread job. A ping that fails or hangs is a warning that shows the
# monitor's scheme and host only; the notification is still sent, and the call returns in bounded time.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain
    $script:key = '3b0c5e2a-7d41-4f8e-9c62-1a5d8e0f4b77'

    # A loopback listener that records each request line and answers 200 (or, with -Hang, reads and never answers).
    function script:Start-PingListener([switch] $Hang) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
        $job = Start-ThreadJob -ArgumentList $listener, $requests, $Hang.IsPresent -ScriptBlock {
            param($listener, $requests, $hang)
            $held = [System.Collections.Generic.List[object]]::new()
            while ($true) {
                try { $client = $listener.AcceptTcpClient() } catch { break }
                $stream = $client.GetStream()
                $reader = [System.IO.StreamReader]::new($stream, [System.Text.Encoding]::ASCII)
                $line = $reader.ReadLine()
                while ($reader.ReadLine()) { }
                $requests.Enqueue($line)
                if ($hang) { $held.Add($client); continue }
                $bytes = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 200 OK`r`nContent-Length: 2`r`nConnection: close`r`n`r`nOK")
                $stream.Write($bytes, 0, $bytes.Length)
                $client.Close()
            }
        }
        [pscustomobject]@{ Listener = $listener; Requests = $requests; Job = $job; Url = "http://127.0.0.1:$($listener.LocalEndpoint.Port)" }
    }

    function script:Stop-PingListener($Ping) {
        if ($Ping) {
            $Ping.Listener.Stop()
            $Ping.Job | Remove-Job -Force
        }
    }

    function script:Get-PingRequest($Ping) {
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        $line = $null
        while (-not $Ping.Requests.TryDequeue([ref] $line) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $line
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Ping URLs' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
        $script:ping = $null
    }

    AfterEach {
        Stop-PingListener $ping
    }

    It 'pings the URL itself after a successful run' {
        $script:ping = Start-PingListener
        Set-BackupNotificationRule -BackupName $job -To admin@example.com -PingUrl "$($ping.Url)/ping/$key"

        $result = Send-BackupNotification -BackupName $job -Status Success -WarningVariable warnings

        $result.Action | Should -Be 'Sent'
        Get-PingRequest $ping | Should -Be "GET /ping/$key HTTP/1.1"
        $warnings | Should -BeNullOrEmpty
    }

    It 'pings <url>/fail after a failed run, keeping the query string' {
        $script:ping = Start-PingListener
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com -PingUrl "$($ping.Url)/ping/$key/?rid=42&src=backup"

        $null = Send-BackupNotification -BackupName $job -Status Failure

        Get-PingRequest $ping | Should -Be "GET /ping/$key/fail?rid=42&src=backup HTTP/1.1"
    }

    It 'pings Invoke-BackupJob runs too' {
        $script:ping = Start-PingListener
        Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To admin@example.com -PingUrl "$($ping.Url)/$key"

        $null = Invoke-BackupJob -BackupName $job -ScriptBlock { exit 3 }

        Get-PingRequest $ping | Should -Be "GET /$key/fail HTTP/1.1"
    }

    It 'a monitor that cannot be reached is a warning showing scheme and host only, and the notification goes out' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        Set-BackupNotificationRule -BackupName $job -To admin@example.com -PingUrl "http://127.0.0.1:$port/ping/$key"

        $result = Send-BackupNotification -BackupName $job -Status Success -WarningVariable warnings -WarningAction SilentlyContinue

        $result.Action | Should -Be 'Sent'
        "$warnings" | Should -BeLike "*http://127.0.0.1:$port*"
        "$warnings" | Should -Not -BeLike "*$key*"
        (Wait-Smtp4devMail -Server $server -Subject $job).Count | Should -Be 1
    }

    It 'a monitor that accepts and never answers is given up after the timeout; the notification is sent' {
        $script:ping = Start-PingListener -Hang
        Set-BackupNotificationRule -BackupName $job -To admin@example.com -PingUrl "$($ping.Url)/ping/$key"
        $watch = [System.Diagnostics.Stopwatch]::StartNew()

        $result = Send-BackupNotification -BackupName $job -Status Failure -WarningVariable warnings -WarningAction SilentlyContinue

        $watch.Stop()
        $result.Action | Should -Be 'Sent'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        Get-PingRequest $ping | Should -Be "GET /ping/$key/fail HTTP/1.1"
        "$warnings" | Should -BeLike "*$($ping.Url)*"
        "$warnings" | Should -Not -BeLike "*$key*"
        (Wait-Smtp4devMail -Server $server -Subject $job).Count | Should -Be 1
        @(Get-BackupRunHistory -BackupName $job).Count | Should -Be 1
    }
}
