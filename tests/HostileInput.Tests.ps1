# Hostile and broken input: nothing creates a header, nothing half-written, nothing lost, and every mistake
# gets an error id and a message (never a stack trace).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain


    function script:Get-HeaderBlock([string] $Raw) {
        ($Raw -split "`r?`n`r?`n", 2)[0]
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Hostile values in a notification' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        Set-BackupMailTemplate -Subject 'Hostile ##BackupName## ##ErrorMessage##' -Body "Name=##BackupName##`nError=##ErrorMessage##"
        $script:marker = [guid]::NewGuid().ToString('N')
    }

    It 'never lets CR or LF in a value create a header: no Bcc' {
        $name = "$marker`r`nBcc: evil@example.com"
        $result = Send-BackupNotification -BackupName $name -Status Failure -To 'admin@example.com' -ErrorMessage "oops`nX-Injected: yes"
        $result.Action | Should -Be 'Sent'

        $mail = Wait-Smtp4devMail -Server $server -Subject $marker
        $mail | Should -Not -BeNullOrEmpty
        @($mail.to) | Should -Be @('admin@example.com')
        $headers = Get-HeaderBlock (Get-Smtp4devRawMessage -Server $server -Id $mail.id)
        $headers | Should -Not -Match '(?m)^Bcc:'
        $headers | Should -Not -Match '(?m)^X-Injected:'
        $mail.subject | Should -Not -Match "[`r`n]"
    }

    It 'keeps control characters out of the subject' {
        $null = Send-BackupNotification -BackupName "$marker`tbell`a`0end" -Status Failure -To 'admin@example.com'
        $mail = Wait-Smtp4devMail -Server $server -Subject $marker
        $mail.Count | Should -Be 1
        $mail[0].subject | Should -BeLike "*$marker*end*"
        $mail[0].subject | Should -Not -Match '[\x00-\x08\x0A-\x1F\x7F]'
    }

    It 'delivers a 1 MB value whole in the body, with a short subject' {
        $big = ('x' * (1024 * 1024)) + "END-$marker"
        $result = Send-BackupNotification -BackupName $marker -Status Failure -To 'admin@example.com' -ErrorMessage $big
        $result.Action | Should -Be 'Sent'
        $mail = Wait-Smtp4devMail -Server $server -Subject $marker
        $text = Get-Smtp4devPlainText -Server $server -Id $mail.id
        $text | Should -Match "END-$marker"
        $text.Length | Should -BeGreaterThan (1024 * 1024)
        $mail.subject.Length | Should -BeLessOrEqual 250
    }
}

Describe 'Broken logs still send the notification' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        Set-BackupMailTemplate -Subject 'Log ##BackupName##' -Body "Tail=##LogTail##"
        $script:marker = [guid]::NewGuid().ToString('N')
    }

    It 'reads a log of invalid UTF-8 and one of binary data without an error' {
        $invalid = Join-Path $TestDrive "invalid-$marker.log"
        [System.IO.File]::WriteAllBytes($invalid, [byte[]](0x48, 0x69, 0xC3, 0x28, 0xFF, 0xFE, 0x0A, 0x6F, 0x6B, 0x0A))
        $binary = Join-Path $TestDrive "binary-$marker.log"
        $bytes = [byte[]]::new(200000); [System.Random]::new(7).NextBytes($bytes)
        [System.IO.File]::WriteAllBytes($binary, $bytes)

        foreach ($log in $invalid, $binary) {
            $result = Send-BackupNotification -BackupName "$marker-$(Split-Path $log -Leaf)" -ExitCode 8 -Tool Robocopy -To 'admin@example.com' -LogPath $log -AttachLog -ErrorVariable err
            $err.Count | Should -Be 0
            $result.Action | Should -Be 'Sent'
        }
        (Wait-Smtp4devMail -Server $server -Subject "$marker-binary") | Should -Not -BeNullOrEmpty
    }

    It 'sends, then reports <ErrorId> for a log path that <Case>' -TestCases @(
        @{ Case = 'does not exist'; ErrorId = 'LogNotFound'; Make = { Join-Path $TestDrive 'no-such.log' } }
        @{ Case = 'is a directory'; ErrorId = 'LogIsDirectory'; Make = { $d = Join-Path $TestDrive 'a-directory'; New-Item -ItemType Directory -Path $d -Force | Out-Null; $d } }
    ) {
        $path = & $Make
        $result = Send-BackupNotification -BackupName $marker -Status Failure -To 'admin@example.com' -LogPath $path -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Sent'
        (Wait-Smtp4devMail -Server $server -Subject $marker) | Should -Not -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].TargetObject | Should -Not -BeNullOrEmpty
        $err[0].Exception.Message | Should -Not -Match '\s+at \S+\('
    }

    It 'sends, then reports LogUnreadable for a log another program holds exclusively' {
        $path = Join-Path $TestDrive "locked-$marker.log"
        Set-Content -LiteralPath $path -Value 'locked'
        $lock = [System.IO.File]::Open($path, 'Open', 'ReadWrite', 'None')
        try {
            $result = Send-BackupNotification -BackupName $marker -Status Failure -To 'admin@example.com' -LogPath $path -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        }
        finally {
            $lock.Dispose()
        }
        $result.Action | Should -Be 'Sent'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LogUnreadable,*'
    }
}

Describe 'A log path that is not a regular file' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
        $script:moduleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path
        # Sends in a fresh pwsh, so that a send that ran away with the memory (or hung) shows in that process alone.
        $script:sendScript = @'
param($ModuleDir, $Port, $Job, $LogPath)
Import-Module $ModuleDir
Set-BackupMailAccount -SmtpServer localhost -Port $Port -Security None -From 'backup@example.com'
Set-BackupMailTemplate -Subject 'Log ##BackupName##' -Body "Tail=##LogTail##"
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$result = Send-BackupNotification -BackupName $Job -Status Failure -To 'admin@example.com' -LogPath $LogPath -AttachLog `
    -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue
$watch.Stop()
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
[pscustomobject]@{
    Action = "$($result.Action)"
    Warnings = @($warnings | ForEach-Object { "$_" })
    Errors = @($errors | ForEach-Object { $_.FullyQualifiedErrorId })
    ErrorMessages = @($errors | ForEach-Object { $_.Exception.Message })
    Seconds = $watch.Elapsed.TotalSeconds
    PeakWorkingSetMB = [int]($process.PeakWorkingSet64 / 1MB)
} | ConvertTo-Json -Compress
'@
    }

    It 'sends at once for <Case> as the log to attach, without it, with a warning that says what it is' -Skip:(-not $IsLinux) -TestCases @(
        @{ Case = '/dev/zero'; Named = 'character device'; Make = { '/dev/zero' } }
        @{ Case = 'a FIFO nobody writes to'; Named = 'named pipe (FIFO)'; Make = {
                $fifo = Join-Path $TestDrive "backup-$([guid]::NewGuid().ToString('N')).fifo"
                & mkfifo $fifo
                $LASTEXITCODE | Should -Be 0
                $fifo
            }
        }
        @{ Case = 'a link to a FIFO'; Named = 'named pipe (FIFO)'; Make = {
                $fifo = Join-Path $TestDrive "backup-$([guid]::NewGuid().ToString('N')).fifo"
                & mkfifo $fifo
                $link = Join-Path $TestDrive "backup-$([guid]::NewGuid().ToString('N')).log"
                New-Item -ItemType SymbolicLink -Path $link -Target $fifo | Out-Null
                $link
            }
        }
    ) {
        $job = "special-$([guid]::NewGuid().ToString('N'))"
        $path = & $Make
        # Before the fix /dev/zero filled the memory until the process died (about 4 GB) and a FIFO hung for ever.
        $report = Invoke-ChildPwsh -Script $sendScript -WorkingFolder $TestDrive -TimeoutSeconds 120 `
            -Parameters @{ ModuleDir = $moduleDir; Port = $plain.SmtpPort; Job = $job; LogPath = $path } `
            -Environment @{ BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive "config-$job" }

        $report.Action | Should -Be 'Sent'
        $report.Seconds | Should -BeLessThan 60
        $report.PeakWorkingSetMB | Should -BeLessThan 600
        ($report.Warnings -join "`n") | Should -BeLike "*$Named*not a regular file*"
        @($report.Errors) | Should -Be @('LogUnreadable,BackupMail.PowerShell.SendBackupNotificationCommand')
        $report.ErrorMessages[0] | Should -BeLike "*$Named*"

        $mail = Wait-Smtp4devMail -Server $server -Subject $job
        $mail | Should -Not -BeNullOrEmpty
        $raw = Get-Smtp4devRawMessage -Server $server -Id $mail[0].id
        if ($raw -is [byte[]]) { $raw = [System.Text.Encoding]::ASCII.GetString($raw) }
        $raw | Should -Not -Match '(?im)^Content-Disposition:\s*attachment'
    }
}

Describe 'A broken configuration' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault
    }

    It 'reports a config.json edited into nonsense as ConfigurationCorrupt with the position, and never rewrites it' {
        New-Item -ItemType Directory -Path $env:BACKUPMAIL_CONFIG_DIR | Out-Null
        $config = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json'
        $nonsense = "{`n  `"schemaVersion`": 1,`n  `"accounts`": [ { `"name`": `"Default`", }`n  oops`n"
        Set-Content -LiteralPath $config -Value $nonsense -NoNewline
        $before = Get-FileHash -LiteralPath $config

        { Get-BackupMailAccount -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigurationCorrupt,BackupMail.PowerShell.GetBackupMailAccountCommand'
        $err = $null
        Set-BackupMailAccount -SmtpServer localhost -From 'a@example.com' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConfigurationCorrupt,*'
        $err[0].Exception.Message | Should -BeLike '*config.json*'
        $err[0].Exception.Message | Should -Match 'line \d+'
        $err[0].Exception.Message | Should -Not -Match '\s+at \S+\('
        (Get-FileHash -LiteralPath $config).Hash | Should -Be $before.Hash
    }

    It 'reports a configuration directory that cannot be written as ConfigurationNotWritable' {
        $file = Join-Path $TestDrive "plain-file-$([guid]::NewGuid().ToString('N'))"
        Set-Content -LiteralPath $file -Value 'not a directory'
        $env:BACKUPMAIL_CONFIG_DIR = Join-Path $file 'BackupMail'

        { Set-BackupMailAccount -SmtpServer localhost -From 'a@example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConfigurationNotWritable,BackupMail.PowerShell.SetBackupMailAccountCommand'
        Get-Content -LiteralPath $file | Should -Be 'not a directory'
    }

    It 'refuses bad addresses with InvalidMailAddress, naming them' {
        Set-BackupMailAccount -SmtpServer localhost -Port $server.SmtpPort -Security None -From 'backup@example.com'
        $err = $null
        Set-BackupNotificationRule -BackupName Docs -Mode Always -To 'admin@example.com; not an address' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMailAddress,*'
        $err[0].Exception.Message | Should -BeLike '*not an address*'
        Get-BackupNotificationRule -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Configuration values checked on read' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
        $script:moduleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path

        function script:Set-ConfigText([string] $Text) {
            New-Item -ItemType Directory -Path $env:BACKUPMAIL_CONFIG_DIR -Force | Out-Null
            $path = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json'
            Set-Content -LiteralPath $path -Value $Text -NoNewline
            $path
        }

        function script:New-AccountJson([string] $Property, [string] $Value) {
            "{`n  `"accounts`": [`n    { `"name`": `"Default`", `"smtpServer`": `"localhost`", `"port`": $($plain.SmtpPort), `"security`": `"None`",`n      `"from`": `"backup@example.com`", `"$Property`": $Value }`n  ]`n}`n"
        }
    }

    BeforeEach {
        Initialize-TestConfiguration -NoVault
    }

    It 'reports a hand-edited <Property> of <Value> as ConfigurationInvalid with the JSON path, the value and the range' -TestCases @(
        @{ Property = 'port'; Value = '-25'; Reason = '-25 is outside the valid range 1 to 65535' }
        @{ Property = 'port'; Value = '70000'; Reason = '70000 is outside the valid range 1 to 65535' }
        @{ Property = 'timeoutSeconds'; Value = '2147483647'; Reason = '2147483647 is outside the valid range 1 to 3600' }
        @{ Property = 'security'; Value = '"Sometimes"'; Reason = '"Sometimes" is not one of the valid values Auto, None, StartTls' }
        @{ Property = 'smtpServer'; Value = '""'; Reason = 'is not a host name or IP address: it is empty' }
    ) {
        $config = Set-ConfigText (New-AccountJson $Property $Value)
        $before = Get-FileHash -LiteralPath $config

        { Get-BackupMailAccount -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigurationInvalid,BackupMail.PowerShell.GetBackupMailAccountCommand'
        $err = $null
        Get-BackupMailAccount -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception | Should -BeOfType ([BackupMail.BackupMailException])
        $message = $err[0].Exception.Message
        $message | Should -BeLike "*`$.accounts``[0``].$Property (line 4,*"
        $message | Should -BeLike "*$Reason*"
        $message | Should -BeLike '*config.json*'
        (Get-FileHash -LiteralPath $config).Hash | Should -Be $before.Hash
    }

    It 'stops Send-BackupNotification with ConfigurationInvalid, naming the value, when the account''s timeout is out of range' {
        $null = Set-ConfigText (New-AccountJson 'timeoutSeconds' '2147483647')

        { Send-BackupNotification -BackupName Nightly -Status Failure -To 'admin@example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConfigurationInvalid,BackupMail.PowerShell.SendBackupNotificationCommand'
        try { Send-BackupNotification -BackupName Nightly -Status Failure -To 'admin@example.com' -ErrorAction Stop } catch { $message = $_.Exception.Message }
        $message | Should -BeLike '*$.accounts`[0`].timeoutSeconds*2147483647*1 to 3600*'
    }

    It 'refuses a bad recipient in a hand-edited rule as ConfigurationInvalid with its index' {
        $null = Set-ConfigText "{ `"rules`": [ { `"backupName`": `"Docs`", `"to`": [ `"a@example.com`", `"not an address`" ] } ] }"
        $err = $null
        Get-BackupNotificationRule -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConfigurationInvalid,*'
        $err[0].Exception.Message | Should -BeLike '*$.rules`[0`].to`[1`]*"not an address" is not a valid e-mail address*'
    }

    It 'keeps properties a newer version wrote when Set-BackupMailAccount changes the account' {
        $config = Set-ConfigText (New-AccountJson 'futureSetting' '{ "x": [ 1, 2 ] }')
        Set-BackupMailAccount -Port 2525
        $json = Get-Content -LiteralPath $config -Raw | ConvertFrom-Json
        $json.accounts[0].port | Should -Be 2525
        @($json.accounts[0].futureSetting.x) | Should -Be @(1, 2)
    }

    It 'reports a FIFO as config.json as ConfigurationCorrupt at once, in a child session that is killed if it hangs' -Skip:$IsWindows {
        New-Item -ItemType Directory -Path $env:BACKUPMAIL_CONFIG_DIR | Out-Null
        $config = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json'
        & mkfifo $config
        $LASTEXITCODE | Should -Be 0

        $report = Invoke-ChildPwsh -WorkingFolder $TestDrive -TimeoutSeconds 90 -Parameters @{ ModuleDir = $moduleDir } `
            -Environment @{ BACKUPMAIL_CONFIG_DIR = $env:BACKUPMAIL_CONFIG_DIR } -Script @'
param($ModuleDir)
Import-Module $ModuleDir
$ErrorActionPreference = 'Stop'
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$errors = foreach ($command in { Get-BackupMailAccount }, { Send-BackupNotification -BackupName Nightly -Status Failure -To 'admin@example.com' }) {
    try { & $command; 'no error' } catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = $_.Exception.Message } }
}
[pscustomobject]@{ Errors = @($errors); Seconds = $watch.Elapsed.TotalSeconds } | ConvertTo-Json -Compress -Depth 4
'@
        $report.Errors.Count | Should -Be 2
        $report.Errors[0].Id | Should -Be 'ConfigurationCorrupt,BackupMail.PowerShell.GetBackupMailAccountCommand'
        $report.Errors[1].Id | Should -Be 'ConfigurationCorrupt,BackupMail.PowerShell.SendBackupNotificationCommand'
        $report.Errors[0].Message | Should -BeLike '*is a named pipe (FIFO), not a regular file*'
        $report.Seconds | Should -BeLessThan 30
        Test-Path -LiteralPath $config | Should -BeTrue
    }

    It 'refuses -SmtpServer host:port with InvalidSmtpServer, saying to use -Port' {
        $err = $null
        Set-BackupMailAccount -SmtpServer 'mail.example.com:587' -From 'a@example.com' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidSmtpServer,BackupMail.PowerShell.SetBackupMailAccountCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be 'mail.example.com:587'
        $err[0].Exception.Message | Should -BeLike "*-SmtpServer 'mail.example.com' -Port 587*"
        Get-BackupMailAccount -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses -SmtpServer <Case> with InvalidSmtpServer' -TestCases @(
        @{ Case = 'with CR/LF'; Server = "mail.example.com`r`nBcc: evil@example.com"; Shown = 'U+000D' }
        @{ Case = 'with a LF at the end'; Server = "mail.example.com`n"; Shown = 'U+000A' }
        @{ Case = 'with a space inside'; Server = 'mail example.com'; Shown = 'U+0020' }
        @{ Case = 'of 300 characters'; Server = 'a' * 300; Shown = 'at most 253' }
        @{ Case = 'with a 64-character part'; Server = ('a' * 64) + '.example.com'; Shown = '1 to 63' }
    ) {
        { Set-BackupMailAccount -SmtpServer $Server -From 'a@example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSmtpServer,BackupMail.PowerShell.SetBackupMailAccountCommand'
        try { Set-BackupMailAccount -SmtpServer $Server -From 'a@example.com' -ErrorAction Stop } catch { $_.Exception.Message | Should -BeLike "*$Shown*" }
        Get-BackupMailAccount -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'accepts an IPv6 literal and stores it as given' {
        Set-BackupMailAccount -SmtpServer '::1' -Port 2525 -Security None -From 'a@example.com'
        (Get-BackupMailAccount).SmtpServer | Should -Be '::1'
    }
}
