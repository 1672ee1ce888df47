# ##LogTail##: the last lines of the job's log, as many as -LogTailLines asks for.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/Smtp4dev.psm1') -Force
    $script:server = Get-TestSmtpServer -Name Plain
}

AfterAll {
    Remove-Item Env:BACKUPMAIL_CONFIG_DIR -ErrorAction SilentlyContinue
}

Describe 'The log tail in a notification' {
    BeforeEach {
        $env:BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Set-BackupMailAccount -SmtpServer localhost -Port $server.SmtpPort -Security None -From 'backup@example.com'
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
