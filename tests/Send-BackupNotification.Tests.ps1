# Send-BackupNotification end to end: the built module in this pwsh, the anonymous smtp4dev server, and what
# arrived there (read back through smtp4dev's HTTP API), not just the returned objects.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain


    # Sends a marker and waits for it: every message sent before it has then been stored by the server too.
    function script:Sync-Server {
        $marker = "Marker-$([guid]::NewGuid().ToString('N'))"
        $null = Send-BackupNotification -BackupName $marker -Status Success -Mode Always -To 'marker@example.com'
        $null = Wait-Smtp4devMail -Server $server -Subject $marker
    }
}

Describe 'Send-BackupNotification' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        # A template of our own, so the assertions read exactly what the values became.
        Set-BackupMailTemplate -Subject '[##BackupName##] ##Status## exit=##ExitCode##' `
            -Body "Status=##Status##`nExitCode=##ExitCode##`nFilesCopied=##FilesCopied##`nFilesFailed=##FilesFailed##`nError=##ErrorMessage##"
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
    }

    AfterAll {
        . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
    }

    Describe 'Send-BackupNotification: the mode decides' {
        It 'mode <Mode> with status <Status> sends: <Sends>' -TestCases @(
            @{ Mode = 'Never'; Status = 'Success'; Sends = $false }
            @{ Mode = 'Never'; Status = 'Warning'; Sends = $false }
            @{ Mode = 'Never'; Status = 'Failure'; Sends = $false }
            @{ Mode = 'Always'; Status = 'Success'; Sends = $true }
            @{ Mode = 'Always'; Status = 'Warning'; Sends = $true }
            @{ Mode = 'Always'; Status = 'Failure'; Sends = $true }
            @{ Mode = 'OnFailure'; Status = 'Success'; Sends = $false }
            @{ Mode = 'OnFailure'; Status = 'Warning'; Sends = $false }
            @{ Mode = 'OnFailure'; Status = 'Failure'; Sends = $true }
            @{ Mode = 'OnWarning'; Status = 'Success'; Sends = $false }
            @{ Mode = 'OnWarning'; Status = 'Warning'; Sends = $true }
            @{ Mode = 'OnWarning'; Status = 'Failure'; Sends = $true }
        ) {
            param($Mode, $Status, $Sends)
            # The mode comes from the job's rule; the call gives only the outcome.
            Set-BackupNotificationRule -BackupName $job -Mode $Mode -To 'admin@example.com'

            $result = Send-BackupNotification -BackupName $job -Status $Status

            Sync-Server
            $arrived = @(Get-Smtp4devMessage -Server $server | Where-Object { $_.subject -like "*$job*" })
            $result.BackupName | Should -Be $job
            $result.Status | Should -Be $Status
            if ($Sends) {
                $result.Action | Should -Be 'Sent'
                $arrived.Count | Should -Be 1
                $arrived[0].subject | Should -Be "[$job] $Status exit="
                $arrived[0].to | Should -Be @('admin@example.com')
            }
            else {
                $result.Action | Should -Be 'Skipped'
                $result.Reason | Should -Not -BeNullOrEmpty
                $arrived.Count | Should -Be 0
            }
        }

        It '-Mode overrides the rule for one call' {
            Set-BackupNotificationRule -BackupName $job -Mode Never -To 'admin@example.com'
            $result = Send-BackupNotification -BackupName $job -Status Success -Mode Always
            $result.Action | Should -Be 'Sent'
            (Wait-Smtp4devMail -Server $server -Subject $job).Count | Should -Be 1
        }

        It '-To overrides the rule''s recipients for one call' {
            Set-BackupNotificationRule -BackupName $job -Mode Always -To 'admin@example.com'
            $null = Send-BackupNotification -BackupName $job -Status Success -To 'other@example.com'
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].to | Should -Be @('other@example.com')
        }

        It 'without a rule, -To alone sends always' {
            $result = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com'
            $result.Action | Should -Be 'Sent'
            (Wait-Smtp4devMail -Server $server -Subject $job).Count | Should -Be 1
        }

        It 'reads exit code <ExitCode> of <Tool> as <Status>' -TestCases @(
            @{ Tool = 'Robocopy'; ExitCode = 1; Status = 'Success' }
            @{ Tool = 'Robocopy'; ExitCode = 5; Status = 'Warning' }
            @{ Tool = 'Robocopy'; ExitCode = 8; Status = 'Failure' }
            @{ Tool = 'Rsync'; ExitCode = 24; Status = 'Warning' }
            @{ Tool = 'Restic'; ExitCode = 3; Status = 'Warning' }
            @{ Tool = 'Generic'; ExitCode = 1; Status = 'Failure' }
        ) {
            param($Tool, $ExitCode, $Status)
            $result = Send-BackupNotification -BackupName $job -ExitCode $ExitCode -Tool $Tool -To 'admin@example.com'
            $result.Status | Should -Be $Status
            $result.ExitCode | Should -Be $ExitCode
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "[$job] $Status exit=$ExitCode"
        }
    }

    Describe 'Send-BackupNotification: recipients' {
        It 'sends one message to several recipients given as an array and as separated strings' {
            $result = Send-BackupNotification -BackupName $job -Status Failure -To 'a@example.com; b@example.com', 'c@example.com,d@example.com'
            $result.To | Should -Be @('a@example.com', 'b@example.com', 'c@example.com', 'd@example.com')
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $arrived.Count | Should -Be 1
            @($arrived[0].to | Sort-Object) | Should -Be @('a@example.com', 'b@example.com', 'c@example.com', 'd@example.com')
        }

        It 'refuses a call without rule and without -To: NoRecipients, naming the way out' {
            { Send-BackupNotification -BackupName $job -Status Failure -ErrorAction Stop } |
                Should -Throw -ErrorId 'NoRecipients,BackupMail.PowerShell.SendBackupNotificationCommand'
            $err = $null
            $null = Send-BackupNotification -BackupName $job -Status Failure -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].Exception.Message | Should -BeLike '*-To*'
            $err[0].Exception.Message | Should -BeLike '*Set-BackupNotificationRule*'
            $err[0].TargetObject | Should -Be $job
            Sync-Server
            @(Get-Smtp4devMessage -Server $server | Where-Object { $_.subject -like "*$job*" }).Count | Should -Be 0
        }

        It 'keeps a notification for a server that cannot be reached in the outbox, with a warning that says why' {
            $port = Get-FreeTcpPort
            Set-BackupMailAccount -Name Closed -SmtpServer localhost -Port $port -Security None -From 'backup@example.com' -TimeoutSeconds 5
            $result = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -Account Closed -ErrorVariable err -WarningVariable warnings -WarningAction SilentlyContinue
            $err.Count | Should -Be 0
            $result.Action | Should -Be 'Queued'
            $result.BackupName | Should -Be $job
            $result.Reason | Should -BeLike "*localhost*$port*"
            ($warnings -join ' ') | Should -BeLike "*$($result.QueueId)*"
        }

        It 'refuses an invalid address before connecting: InvalidMailAddress' {
            { Send-BackupNotification -BackupName $job -Status Failure -To 'not an address' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidMailAddress,BackupMail.PowerShell.SendBackupNotificationCommand'
        }
    }

    Describe 'Send-BackupNotification: through an authenticated STARTTLS account' {
        BeforeEach {
            # A fresh configuration for each test (the outer BeforeEach), so each reads the password from the vault.
            $script:tls = Get-TestSmtpServer -Name Tls
            Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name TestStore -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
            $thumbprint = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($tls.CertificatePath).GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256)
            $credential = [pscredential]::new($tls.UserName, (ConvertTo-SecureString $tls.Password -AsPlainText -Force))
            Set-BackupMailAccount -Name Office -SmtpServer localhost -Port $tls.SmtpPort -Security StartTls -From 'backup@example.com' `
                -Credential $credential -CertificateThumbprint $thumbprint
        }

        It 'sends piped jobs over one authenticated connection, with the password from the vault' {
            # The first job opens the connection (the vault is read there, where PowerShell commands may run); the
            # others are sent in the background over it.
            $jobs = 'A', 'B', 'C' | ForEach-Object { [pscustomobject]@{ BackupName = "$job-$_"; ExitCode = 1; Tool = 'Robocopy' } }

            $results = @($jobs | Send-BackupNotification -Account Office -To 'admin@example.com')

            $results.Action | Should -Be @('Sent', 'Sent', 'Sent')
            $arrived = @(Wait-Smtp4devMail -Server $tls -Subject $job -Count 3)
            @($arrived.subject | Sort-Object) | Should -Be @("[$job-A] Success exit=1", "[$job-B] Success exit=1", "[$job-C] Success exit=1")
        }

        It 'sends with the password from the vault over a pinned certificate' {
            Set-BackupNotificationRule -BackupName $job -Mode OnWarning -To 'admin@example.com' -Account Office

            $result = Send-BackupNotification -BackupName $job -ExitCode 5 -Tool Robocopy

            $result.Action | Should -Be 'Sent'
            $result.Status | Should -Be 'Warning'
            $arrived = Wait-Smtp4devMail -Server $tls -Subject $job
            $arrived.Count | Should -Be 1
            $arrived[0].subject | Should -Be "[$job] Warning exit=5"
            (Get-Smtp4devMessageDetail -Server $tls -Id $arrived[0].id).secureConnection | Should -BeTrue
        }
    }

    Describe 'Send-BackupNotification: the pipeline' {
        It 'sends one message per piped job, all over one SMTP connection' {
            $sessionsBefore = @((Invoke-RestMethod -Uri "$($server.ApiUrl)/api/sessions?pageSize=1000" -TimeoutSec 10).results.id)
            $jobs = @(
                [pscustomobject]@{ BackupName = "$job-A"; ExitCode = 0; Tool = 'Robocopy'; Source = 'C:\Data'; Destination = '\\nas\a' }
                [pscustomobject]@{ BackupName = "$job-B"; ExitCode = 4; Tool = 'Robocopy'; Source = 'C:\Mail'; Destination = '\\nas\b' }
                [pscustomobject]@{ BackupName = "$job-C"; ExitCode = 16; Tool = 'Robocopy'; Source = 'C:\Db'; Destination = '\\nas\c' }
            )

            $results = @($jobs | Send-BackupNotification -To 'admin@example.com')

            $results.Count | Should -Be 3
            $results.BackupName | Should -Be @("$job-A", "$job-B", "$job-C")
            $results.Status | Should -Be @('Success', 'Warning', 'Failure')
            $results.Action | Should -Be @('Sent', 'Sent', 'Sent')
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job -Count 3
            @($arrived.subject | Sort-Object) | Should -Be @("[$job-A] Success exit=0", "[$job-B] Warning exit=4", "[$job-C] Failure exit=16")

            # The server records a session when it ends; wait (bounded) for it to show up.
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            do {
                $newSessions = @((Invoke-RestMethod -Uri "$($server.ApiUrl)/api/sessions?pageSize=1000" -TimeoutSec 10).results |
                    Where-Object { $_.id -notin $sessionsBefore -and $_.numberOfMessages -gt 0 })
                if (($newSessions | Measure-Object -Property numberOfMessages -Sum).Sum -ge 3) { break }
                Start-Sleep -Milliseconds 200
            } while ([DateTime]::UtcNow -lt $deadline)
            $newSessions.Count | Should -Be 1
            $newSessions[0].numberOfMessages | Should -Be 3
        }

        It 'gives each piped job the template its own rule names' {
            Set-BackupMailTemplate -Name Short -Subject 'Short ##BackupName##' -Body 'short'
            Set-BackupNotificationRule -BackupName "$job-A" -Mode Always -To 'admin@example.com' -Template Short
            Set-BackupNotificationRule -BackupName "$job-B" -Mode Always -To 'admin@example.com'
            Set-BackupNotificationRule -BackupName "$job-C" -Mode Never -To 'admin@example.com' -Template Short

            $results = @("$job-A", "$job-B", "$job-C", "$job-A" | ForEach-Object { [pscustomobject]@{ BackupName = $_; Status = 'Success' } } |
                Send-BackupNotification)

            $results.Action | Should -Be @('Sent', 'Sent', 'Skipped', 'Sent')
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job -Count 3
            @($arrived.subject | Sort-Object) | Should -Be @("[$job-B] Success exit=", "Short $job-A", "Short $job-A" | Sort-Object)
        }

        It 'sees a template and a rule changed between two calls' {
            Set-BackupNotificationRule -BackupName $job -Mode Never -To 'admin@example.com'
            $first = [pscustomobject]@{ BackupName = $job; Status = 'Success' } | Send-BackupNotification
            $first.Action | Should -Be 'Skipped'

            Set-BackupNotificationRule -BackupName $job -Mode Always -To 'admin@example.com'
            Set-BackupMailTemplate -Subject 'Changed ##BackupName##'
            $second = [pscustomobject]@{ BackupName = $job; Status = 'Success' } | Send-BackupNotification
            $second.Action | Should -Be 'Sent'

            Set-BackupMailTemplate -Subject 'Changed again ##BackupName##'
            $third = [pscustomobject]@{ BackupName = $job; Status = 'Success' } | Send-BackupNotification
            $third.Action | Should -Be 'Sent'

            $arrived = Wait-Smtp4devMail -Server $server -Subject $job -Count 2
            @($arrived.subject | Sort-Object) | Should -Be @("Changed $job", "Changed again $job" | Sort-Object)
        }

        It 'writes each result after what the server said about its message, in the order of the jobs' {
            # Each message is sent in the background while the next job is prepared; its verbose lines and its result
            # still come out on the pipeline, in order.
            $jobs = 'A', 'B', 'C', 'D' | ForEach-Object { [pscustomobject]@{ BackupName = "$job-$_"; Status = 'Success' } }

            $stream = @($jobs | Send-BackupNotification -To 'admin@example.com' -Verbose 4>&1)

            $results = @($stream | Where-Object { $_ -is [BackupMail.BackupMailResult] })
            $results.BackupName | Should -Be @("$job-A", "$job-B", "$job-C", "$job-D")
            $results.Action | Should -Be @('Sent', 'Sent', 'Sent', 'Sent')
            $previous = -1
            foreach ($result in $results) {
                $at = [array]::IndexOf($stream, $result)
                $accepted = @(0..($stream.Count - 1) | Where-Object { $stream[$_] -is [System.Management.Automation.VerboseRecord] -and $stream[$_].Message.Contains($result.MessageId) })
                $accepted.Count | Should -Be 1 -Because "the server's acceptance of $($result.BackupName) is reported once"
                $accepted[0] | Should -BeGreaterThan $previous -Because "$($result.BackupName) is reported after the job before it"
                $accepted[0] | Should -BeLessThan $at -Because "$($result.BackupName)'s result follows what the server said about it"
                $previous = $at
            }
            (Wait-Smtp4devMail -Server $server -Subject $job -Count 4).Count | Should -Be 4
        }

        It 'sends only what a pipeline that stops early asked for (Select-Object -First 1)' {
            $jobs = 'A', 'B', 'C' | ForEach-Object { [pscustomobject]@{ BackupName = "$job-$_"; Status = 'Success' } }

            $first = @($jobs | Send-BackupNotification -To 'admin@example.com' | Select-Object -First 1)

            $first.BackupName | Should -Be "$job-A"
            Sync-Server
            @(Get-Smtp4devMessage -Server $server | Where-Object subject -like "*$job*").subject | Should -Be @("[$job-A] Success exit=")
            @(Get-BackupMailQueue).Count | Should -Be 0
        }

        It 'still delivers the job being sent when the pipeline fails after it' {
            # A goes out at once (the first of the call), B in the background; the upstream failure ends the pipeline
            # while B may still be on its way: B must not be lost.
            { & { 'A', 'B' | ForEach-Object { [pscustomobject]@{ BackupName = "$job-$_"; Status = 'Success' } }; throw 'upstream failed' } |
                Send-BackupNotification -To 'admin@example.com' } | Should -Throw '*upstream failed*'

            @((Wait-Smtp4devMail -Server $server -Subject $job -Count 2).subject | Sort-Object) | Should -Be @("[$job-A] Success exit=", "[$job-B] Success exit=")
            @(Get-BackupMailQueue).Count | Should -Be 0
        }

        It 'stops cleanly when the pipeline is stopped (Ctrl+C): nothing lost, nothing but the one in flight sent twice' {
            # Stopped while notifications are going out: Ctrl+C cancels the send in flight, which then arrived (it ended
            # first) or waits in the outbox (never lost); the one written ahead behind it had not started, and is dropped.
            $modulePath = (Get-Module BackupMail).ModuleBase
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($ModulePath, $Job)
                Import-Module $ModulePath
                1..400 | ForEach-Object { [pscustomobject]@{ BackupName = "$Job-$_"; Status = 'Success' } } |
                    Send-BackupNotification -To 'admin@example.com'
            }).AddArgument($modulePath).AddArgument($job)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            try {
                $running = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
                $null = Wait-Smtp4devMail -Server $server -Subject "$job-" -Count 20 -TimeoutSeconds 30
                $ps.Stop()
                $running.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue
            }
            finally { $ps.Dispose() }

            $written = @($output | Where-Object { $_ -is [BackupMail.BackupMailResult] })
            $written.Count | Should -BeGreaterOrEqual 19
            $written.Count | Should -BeLessThan 400 -Because 'the pipeline was stopped before the end'
            # Read before Sync-Server: its marker notification sends what waits in the outbox first.
            $queued = @(Get-BackupMailQueue)
            $queued.Count | Should -BeIn 0, 1
            Sync-Server
            $arrived = @(Get-Smtp4devMessage -Server $server | Where-Object { $_.subject -like "*$job-*" })
            $arrivedNames = @($arrived.subject | ForEach-Object { ($_ -split '[\[\]]')[1] })
            # Results come in order: 1..n were written, and each of them arrived once.
            $written.BackupName | Should -Be @(1..$written.Count | ForEach-Object { "$job-$_" })
            foreach ($name in $written.BackupName) { @($arrivedNames -eq $name).Count | Should -Be 1 -Because "$name was sent once" }
            # Beyond them only the one in flight when the pipeline stopped: arrived, or queued (never lost). Stopped after
            # the server took it but before its answer was read, it is both: at least once, as the outbox promises, and the
            # marker's call sent the queue again, with the same Message-Id.
            $inFlight = "$job-$($written.Count + 1)"
            @($queued.BackupName) + @($arrivedNames) | Where-Object { $_ -notin $written.BackupName } | Sort-Object -Unique |
                ForEach-Object { $_ | Should -Be $inFlight }
            $copies = @($arrived | Where-Object { $_.subject.Contains("[$inFlight]") })
            if ($copies.Count -gt 1) {
                $copies.Count | Should -Be 2
                $queued.BackupName | Should -Be $inFlight -Because 'a second copy comes only from the queue'
                $ids = @($copies | ForEach-Object { (Get-Smtp4devMessageDetail -Server $server -Id $_.id).headers | Where-Object name -EQ 'Message-ID' | ForEach-Object value } | Sort-Object -Unique)
                $ids.Count | Should -Be 1 -Because 'the queued copy keeps its Message-Id'
            }
            @(Get-BackupMailQueue).Count | Should -Be 0
        }

        It 'binds -Status, -To and -ErrorMessage from piped objects' {
            $result = [pscustomobject]@{ BackupName = $job; Status = 'Failure'; To = 'piped@example.com'; ErrorMessage = 'Disk full' } |
                Send-BackupNotification
            $result.Action | Should -Be 'Sent'
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $arrived[0].to | Should -Be @('piped@example.com')
            Get-Smtp4devPlainText -Server $server -Id $arrived[0].id | Should -Match 'Error=Disk full'
        }
    }

    Describe 'Send-BackupNotification -WhatIf' {
        It 'shows subject and recipients and sends nothing' {
            # -WhatIf text goes to the host; a child pwsh turns the host's output into process output we can read.
            $script = "Import-Module '$((Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path)'; Send-BackupNotification -BackupName '$job' -Status Failure -To 'a@example.com', 'b@example.com' -WhatIf"
            $text = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $script | Out-String
            $LASTEXITCODE | Should -Be 0
            $text | Should -Match 'What if:'
            $text | Should -Match ([regex]::Escape("'[$job] Failure exit='"))
            $text | Should -Match ([regex]::Escape('a@example.com, b@example.com'))
            Sync-Server
            @(Get-Smtp4devMessage -Server $server | Where-Object { $_.subject -like "*$job*" }).Count | Should -Be 0
        }
    }

    Describe 'Send-BackupNotification: what goes into the message' {
        It 'HTML-encodes values in an HTML body' {
            Set-BackupMailTemplate -Name Html -BodyFormat Html -Subject '##BackupName##' -Body '<p>Error: ##ErrorMessage##</p>'
            $null = Send-BackupNotification -BackupName $job -Status Failure -To 'admin@example.com' -Template Html -ErrorMessage '<script>alert(1)</script>'
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $html = Get-Smtp4devHtml -Server $server -Id $arrived[0].id
            $html | Should -BeLike '*<p>Error: &lt;script&gt;alert(1)&lt;/script&gt;</p>*'
            $html | Should -Not -BeLike '*<script>*'
        }

        It 'uses the <Language> default template under <Culture>' -TestCases @(
            @{ Language = 'German'; Culture = 'de-DE'; Says = 'Backup erfolgreich abgeschlossen' }
            @{ Language = 'English'; Culture = 'en-US'; Says = 'Backup completed successfully' }
        ) {
            param($Language, $Culture, $Says)
            Reset-BackupMailTemplate
            $previous = [System.Globalization.CultureInfo]::CurrentUICulture
            try {
                [System.Globalization.CultureInfo]::CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo($Culture)
                $null = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com'
            }
            finally {
                [System.Globalization.CultureInfo]::CurrentUICulture = $previous
            }
            (Wait-Smtp4devMail -Server $server -Subject $job)[0].subject | Should -Be "$([System.Environment]::MachineName): ${job}: $Says"
        }

        It 'fills FilesCopied and FilesFailed from the robocopy log <Fixture>' -TestCases @(
            @{ Fixture = 'en_04_win10-11_unilog_nfl-ndl_andrew6255.utf16le.log'; ExitCode = 1; Status = 'Success'; Copied = '6,743'; Failed = '0' }
            @{ Fixture = 'ru_01_win10-11_error5-retrylimit_failed1_fujimir.cp866.log'; ExitCode = 9; Status = 'Failure'; Copied = '22'; Failed = '1' }
        ) {
            param($Fixture, $ExitCode, $Status, $Copied, $Failed)
            # A real robocopy log (values from Fixtures/robocopy/INDEX.txt), copied as a job would leave it.
            $log = Join-Path $TestDrive "$job-$Fixture"
            Copy-Item -LiteralPath (Join-Path $PSScriptRoot "BackupMail.Core.Tests/Fixtures/robocopy/$Fixture") -Destination $log
            $previous = [System.Globalization.CultureInfo]::CurrentUICulture
            try {
                # Numbers are formatted for the reader's culture; pin it so the figures read the same everywhere.
                [System.Globalization.CultureInfo]::CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-US')
                $null = Send-BackupNotification -BackupName $job -ExitCode $ExitCode -Tool Robocopy -LogPath $log -To 'admin@example.com'
            }
            finally {
                [System.Globalization.CultureInfo]::CurrentUICulture = $previous
            }
            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $arrived[0].subject | Should -Be "[$job] $Status exit=$ExitCode"
            $text = Get-Smtp4devPlainText -Server $server -Id $arrived[0].id
            $text | Should -Match "(?m)^FilesCopied=$([regex]::Escape($Copied))\r?$"
            $text | Should -Match "(?m)^FilesFailed=$([regex]::Escape($Failed))\r?$"
        }

        It 'attaches a log over 1 MB as .gz that decompresses to the identical bytes' {
            $log = Join-Path $TestDrive "big-$job.log"
            $random = [System.Random]::new(42)
            $writer = [System.IO.StreamWriter]::new($log, $false, [System.Text.UTF8Encoding]::new($false))
            try {
                for ($i = 0; $i -lt 40000; $i++) {
                    $writer.WriteLine(('{0:D6}  New File  {1,12}  C:\Data\folder{2}\file{0}.dat' -f $i, $random.Next(), $random.Next(100)))
                }
            }
            finally { $writer.Dispose() }
            (Get-Item -LiteralPath $log).Length | Should -BeGreaterThan 1MB

            $result = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com' -LogPath $log -AttachLog
            $result.Action | Should -Be 'Sent'

            $arrived = Wait-Smtp4devMail -Server $server -Subject $job
            $raw = Get-Smtp4devRawMessage -Server $server -Id $arrived[0].id
            if ($raw -is [byte[]]) { $raw = [System.Text.Encoding]::ASCII.GetString($raw) }
            # The MIME part: its headers name a .gz file, its body is base64 up to the next boundary.
            $match = [regex]::Match($raw, '(?is)filename="?(?<name>[^"\r\n;]+\.gz)"?.*?\r?\n\r?\n(?<data>[A-Za-z0-9+/=\r\n]+)')
            $match.Success | Should -BeTrue
            $match.Groups['name'].Value | Should -Be "big-$job.log.gz"
            $compressed = [Convert]::FromBase64String(($match.Groups['data'].Value -replace '\s', ''))
            $compressed.Length | Should -BeLessThan (Get-Item -LiteralPath $log).Length

            $input = [System.IO.MemoryStream]::new($compressed)
            $gzip = [System.IO.Compression.GZipStream]::new($input, [System.IO.Compression.CompressionMode]::Decompress)
            $output = [System.IO.MemoryStream]::new()
            try { $gzip.CopyTo($output) } finally { $gzip.Dispose() }
            $expected = [System.IO.File]::ReadAllBytes($log)
            $output.Length | Should -Be $expected.Length
            [System.Linq.Enumerable]::SequenceEqual([byte[]]$output.ToArray(), [byte[]]$expected) | Should -BeTrue
        }
    }
}
