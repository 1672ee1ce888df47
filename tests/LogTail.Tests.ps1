# ##LogTail##: the last lines of the job's log, as many as -LogTailLines asks for.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'The log tail in a notification' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        Set-BackupMailTemplate -Subject 'Tail ##BackupName##' -Body "BEGIN`n##LogTail##`nEND"
        $script:job = "Tail-$([guid]::NewGuid().ToString('N'))"
        $script:log = Join-Path $TestDrive "$job.log"
        Set-Content -LiteralPath $log -Value (1..50 | ForEach-Object { "line $_ of the job" })
    }

    It 'shows the last <Lines> lines when asked for <Lines>' -TestCases @(@{ Lines = 3 }, @{ Lines = 20 }) {
        $arguments = @{ BackupName = $job; Status = 'Failure'; To = 'admin@example.com'; LogPath = $log }
        if ($Lines -ne 20) { $arguments.LogTailLines = $Lines }
        $null = Send-BackupNotification @arguments

        $mail = Wait-Smtp4devMail -Server $server -Subject $job
        $text = Get-Smtp4devPlainText -Server $server -Id $mail[0].id
        $tail = @(($text -split "`r?`n") | Where-Object { $_ -match '^line \d+ of the job$' })
        $tail.Count | Should -Be $Lines
        $tail[-1] | Should -Be 'line 50 of the job'
        $tail[0] | Should -Be "line $(51 - $Lines) of the job"
    }
}
