# Invoke-BackupJob end to end: real programs and script blocks, the notification that arrived at smtp4dev,
# and the exit code a scheduled task would end with.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain
    $script:onWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
    # A real program that ends with a chosen exit code, on every platform.
    $script:shell = if ($onWindows) { Join-Path $env:SystemRoot 'System32/cmd.exe' } else { '/bin/sh' }
    function script:Get-ExitArguments([int] $Code, [string] $Say = 'copying') {
        if ($onWindows) { @('/c', "echo $Say& exit $Code") } else { @('-c', "echo $Say; exit $Code") }
    }

}

Describe 'Invoke-BackupJob' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status## exit=##ExitCode##' `
            -Body "Status=##Status##`nExitCode=##ExitCode##`nTool=##Tool##`nStart=##StartTime##`nEnd=##EndTime##`nError=##ErrorMessage##"
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
    }

    AfterAll {
        . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
    }

    Describe 'Invoke-BackupJob -FilePath' {
        It 'runs a program that succeeds, notifies Success and returns exit code 0' {
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList (Get-ExitArguments 0) -To 'admin@example.com'
            $result.ExitCode | Should -Be 0
            $result.Status | Should -Be 'Success'
            $result.Action | Should -Be 'Sent'
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $arrived[0].subject | Should -Be "[$job] Success exit=0"
            $text = Get-Smtp4devPlainText -Server $server -Id $arrived[0].id
            $text | Should -Match 'Start=\S'
            $text | Should -Match 'End=\S'
        }

        It 'runs the backup even when config.json is broken, and says so in the result (ConfigurationCorrupt)' {
            Set-Content -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') -Value '{ "accounts": [ broken' -Encoding utf8NoBOM
            $marker = Join-Path $TestDrive "ran-$job.txt"

            $result = Invoke-BackupJob -BackupName $job -ScriptBlock { Set-Content -LiteralPath $marker -Value 'copied'; 0 } -To 'admin@example.com' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            Test-Path -LiteralPath $marker | Should -BeTrue -Because 'the backup itself must run whatever the notification settings'
            $result.ExitCode | Should -Be 0
            $result.Action | Should -Be 'Failed'
            $result.ErrorId | Should -Be 'ConfigurationCorrupt'
        }

        It 'runs a program that fails, notifies Failure and returns its exit code' {
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList (Get-ExitArguments 3) -To 'admin@example.com'
            $result.ExitCode | Should -Be 3
            $result.Status | Should -Be 'Failure'
            $LASTEXITCODE | Should -Be 3
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "[$job] Failure exit=3"
        }

        It 'passes the program''s output through on the information stream, not into the result' {
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList (Get-ExitArguments 0 'hello-from-the-job') -To 'admin@example.com' -InformationVariable seen
            @($result).Count | Should -Be 1
            $result | Should -BeOfType ([BackupMail.BackupMailResult])
            ($seen.MessageData -join "`n") | Should -BeLike '*hello-from-the-job*'
        }

        It 'reads the exit code as -Tool says: robocopy''s 1 is a success' {
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList (Get-ExitArguments 1) -Tool Robocopy -To 'admin@example.com'
            $result.ExitCode | Should -Be 1
            $result.Status | Should -Be 'Success'
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "[$job] Success exit=1"
        }

        It 'guesses the tool from the program name: rsync''s 24 is a warning' -Skip:$onWindows {
            # A stand-in called rsync: the name is all the guess looks at.
            $rsync = Join-Path $TestDrive 'rsync'
            Set-Content -LiteralPath $rsync -Value "#!/bin/sh`necho 'file has vanished'`nexit 24"
            & chmod +x $rsync
            $result = Invoke-BackupJob -BackupName $job -FilePath $rsync -To 'admin@example.com'
            $result.ExitCode | Should -Be 24
            $result.Status | Should -Be 'Warning'
            $text = Get-Smtp4devPlainText -Server $server -Id (Wait-Smtp4devMail -Server $server -Subject $job)[0].id
            $text | Should -Match 'Tool=rsync'
        }

        It 'skips the mail when the rule says so, and still returns the exit code' {
            Set-BackupNotificationRule -BackupName $job -Mode OnFailure -To 'admin@example.com'
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList (Get-ExitArguments 0)
            $result.Action | Should -Be 'Skipped'
            $result.ExitCode | Should -Be 0
        }

        It 'returns the exit code even when nobody can be notified' {
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList (Get-ExitArguments 3) -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'NoRecipients,BackupMail.PowerShell.InvokeBackupJobCommand'
            $result.Action | Should -Be 'Failed'
            $result.Status | Should -Be 'Failure'
            $result.ExitCode | Should -Be 3
            $result.Reason | Should -BeLike '*Set-BackupNotificationRule*'
        }

        It 'notifies Failure when the program cannot be started' {
            $missing = Join-Path $TestDrive 'no-such-backup-program'
            $result = Invoke-BackupJob -BackupName $job -FilePath $missing -To 'admin@example.com' -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'ProgramStartFailed,BackupMail.PowerShell.InvokeBackupJobCommand'
            $result.Status | Should -Be 'Failure'
            $result.ExitCode | Should -Not -Be 0
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            Get-Smtp4devPlainText -Server $server -Id $arrived[0].id | Should -BeLike '*no-such-backup-program*'
        }

        It 'runs and sends nothing with -WhatIf' {
            $marker = Join-Path $TestDrive "ran-$job"
            $arguments = if ($onWindows) { @('/c', "echo x> `"$marker`"") } else { @('-c', "touch '$marker'") }
            $result = Invoke-BackupJob -BackupName $job -FilePath $shell -ArgumentList $arguments -To 'admin@example.com' -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $marker | Should -BeFalse
        }
    }

    Describe 'Invoke-BackupJob -ScriptBlock' {
        It 'notifies Failure with the error text when the script block throws' {
            $result = Invoke-BackupJob -BackupName $job -ScriptBlock { throw 'The backup disk is not mounted' } -To 'admin@example.com'
            $result.Status | Should -Be 'Failure'
            $result.ExitCode | Should -Not -Be 0
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $arrived[0].subject | Should -Be "[$job] Failure exit="
            Get-Smtp4devPlainText -Server $server -Id $arrived[0].id | Should -BeLike '*Error=*The backup disk is not mounted*'
        }

        It 'notifies Failure when the script block leaves a non-zero $LASTEXITCODE' {
            $sh = $shell; $arguments = Get-ExitArguments 7
            $result = Invoke-BackupJob -BackupName $job -ScriptBlock { & $sh @arguments } -To 'admin@example.com'
            $result.Status | Should -Be 'Failure'
            $result.ExitCode | Should -Be 7
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "[$job] Failure exit=7"
        }

        It 'keeps a non-terminating error an error record: in the error stream and -ErrorVariable, the very record the job wrote' {
            # As in a scheduled task: Write-Error in the job does not end it (Pester runs tests with 'Stop').
            $ErrorActionPreference = 'Continue'
            $result = Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ErrorVariable err -ErrorAction SilentlyContinue -ScriptBlock {
                Write-Error 'oops' -ErrorId DiskAlmostFull -TargetObject 'D:' -Category ResourceUnavailable -ErrorVariable global:writtenByJob
                'copied'
            }
            $err.Count | Should -Be 1
            [object]::ReferenceEquals($err[0], $global:writtenByJob[0]) | Should -BeTrue
            $err[0].Exception.Message | Should -Be 'oops'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DiskAlmostFull*'
            $err[0].TargetObject | Should -Be 'D:'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            @($result).Count | Should -Be 1
            $result | Should -BeOfType ([BackupMail.BackupMailResult])

            # The error stream itself, not the host: 2>&1 gets the record, in order, before the result.
            $merged = @(Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ScriptBlock { Write-Error 'second oops'; 'copied' } 2>&1)
            $merged.Count | Should -Be 2
            $merged[0] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $merged[0].Exception.Message | Should -Be 'second oops'
            $merged[1] | Should -BeOfType ([BackupMail.BackupMailResult])
            Remove-Variable -Name writtenByJob -Scope Global
        }

        It 'keeps warnings warnings, and verbose and information on their streams' {
            # As in a scheduled task: Write-Error in the job does not end it (Pester runs tests with 'Stop').
            $ErrorActionPreference = 'Continue'
            $result = Invoke-BackupJob -BackupName $job -To 'admin@example.com' -WarningVariable warned -WarningAction SilentlyContinue -InformationVariable told -ScriptBlock {
                Write-Warning 'careful'
                Write-Information 'for the record'
                'copied'
            }
            $warned.Count | Should -Be 1
            $warned[0].Message | Should -Be 'careful'
            @($told | Where-Object MessageData -eq 'for the record').Count | Should -Be 1
            $result.Status | Should -Be 'Success'

            $merged = @(Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ScriptBlock { Write-Warning 'careful' } 3>&1)
            $merged[0] | Should -BeOfType ([System.Management.Automation.WarningRecord])
            $merged[0].Message | Should -Be 'careful'
        }

        It 'counts a run that wrote errors as Warning, and says so in the message' {
            # As in a scheduled task: Write-Error in the job does not end it (Pester runs tests with 'Stop').
            $ErrorActionPreference = 'Continue'
            $result = Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ErrorAction SilentlyContinue -ScriptBlock {
                Write-Error 'oops'; Write-Warning 'careful'; 3
            } -WarningAction SilentlyContinue
            $result.Status | Should -Be 'Warning'
            $result.ExitCode | Should -Be 0
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $arrived[0].subject | Should -Be "[$job] Warning exit=0"
            Get-Smtp4devPlainText -Server $server -Id $arrived[0].id | Should -BeLike '*Error=*1 error*oops*'
        }

        It 'reads the exit code first: a failing exit code with errors stays Failure, robocopy''s 1 with errors becomes Warning' {
            # As in a scheduled task: Write-Error in the job does not end it (Pester runs tests with 'Stop').
            $ErrorActionPreference = 'Continue'
            $sh = $shell; $seven = Get-ExitArguments 7; $one = Get-ExitArguments 1
            $result = Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ErrorAction SilentlyContinue -ScriptBlock { Write-Error 'oops'; & $sh @seven }
            $result.Status | Should -Be 'Failure'
            $result.ExitCode | Should -Be 7

            $result = Invoke-BackupJob -BackupName $job -Tool Robocopy -To 'admin@example.com' -ErrorAction SilentlyContinue -ScriptBlock { Write-Error 'oops'; & $sh @one }
            $result.Status | Should -Be 'Warning'
            $result.ExitCode | Should -Be 1
        }

        It 'does not count what a program writes to standard error as an error' -Skip:$onWindows {
            $sh = $shell
            $result = Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ErrorVariable err -InformationVariable told -ScriptBlock { & $sh -c 'echo progress-on-stderr >&2; exit 0' }
            $err.Count | Should -Be 0
            $result.Status | Should -Be 'Success'
            ($told.MessageData -join "`n") | Should -BeLike '*progress-on-stderr*'
        }

        It 'with -ErrorAction Stop, runs the job to its end, notifies, writes the result, then stops with the job''s error' {
            # As in a scheduled task: Write-Error in the job does not end it (Pester runs tests with 'Stop').
            $ErrorActionPreference = 'Continue'
            $marker = Join-Path $TestDrive "after-$job"
            $results = [System.Collections.Generic.List[object]]::new()
            { Invoke-BackupJob -BackupName $job -To 'admin@example.com' -ErrorAction Stop -ScriptBlock { Write-Error 'oops'; Set-Content -LiteralPath $marker -Value done } |
                ForEach-Object { $results.Add($_) } } | Should -Throw -ExpectedMessage 'oops'
            Test-Path -LiteralPath $marker | Should -BeTrue
            $results.Count | Should -Be 1
            $results[0].Status | Should -Be 'Warning'
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "[$job] Warning exit=0"
        }

        It 'notifies Success for a script block that completes, whatever $LASTEXITCODE was before' {
            $global:LASTEXITCODE = 9
            $result = Invoke-BackupJob -BackupName $job -ScriptBlock { 'copied' } -To 'admin@example.com'
            $result.Status | Should -Be 'Success'
            $result.ExitCode | Should -Be 0
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "[$job] Success exit=0"
        }
    }
}
