# HTML messages as they arrive (smtp4dev): multipart/alternative with a text part, the Report template, multi-line
# values, attachments around the alternative, and dates and numbers in the template's culture.
#Requires -Modules @{ ModuleName = "Pester"; ModuleVersion = "5.0" }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')

    function Get-DeliveredMail {
        param([string] $Job)
        $found = @(Wait-Smtp4devMail -Server $plain -Subject $Job)
        $found.Count | Should -Be 1 -Because "one message about $Job arrives"
        [pscustomobject]@{
            Subject = $found[0].subject
            Raw     = Get-Smtp4devRawMessage -Server $plain -Id $found[0].id
            Text    = (Get-Smtp4devPlainText -Server $plain -Id $found[0].id) -replace '\r\n', "`n"
            # smtp4dev answers 404 for a message without an HTML part.
            Html    = try { (Get-Smtp4devHtml -Server $plain -Id $found[0].id -ErrorAction Stop) -replace '\r\n', "`n" } catch { $null }
        }
    }

    # The Content-Type lines of the message, in order (folded parameters left out).
    function Get-ContentType {
        param([string] $Raw)
        @([regex]::Matches($Raw, '(?im)^Content-Type:\s*([^;\r\n]+)') | ForEach-Object { $_.Groups[1].Value.Trim().ToLowerInvariant() })
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'HTML messages' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
    }

    It 'sends the Report template as multipart/alternative: its text part first, then HTML with every value encoded once' {
        $errorText = "ERROR 5 <Access> & denied`nsecond line"
        $null = Send-BackupNotification -BackupName $job -Status Failure -ErrorMessage $errorText -Source 'D:\R&D' -To 'admin@example.com' -Template Report -ErrorAction Stop

        $mail = Get-DeliveredMail -Job $job
        Get-ContentType $mail.Raw | Should -Be @('multipart/alternative', 'text/plain', 'text/html')
        $mail.Text | Should -Match "(?m)^Backup job:\s+$job$"
        $mail.Text | Should -Match '(?m)^Source:\s+D:\\R&D$'
        $mail.Text | Should -Match '(?m)^Error:\s+ERROR 5 <Access> & denied$'
        $mail.Text | Should -Match '(?m)^second line$'
        $mail.Html | Should -Match 'background-color:#c62828'
        $mail.Html | Should -Match '<pre[^>]*>ERROR 5 &lt;Access&gt; &amp; denied\nsecond line</pre>'
        $mail.Html | Should -Match 'D:\\R&amp;D'
        $mail.Html | Should -Not -Match '&amp;amp;|&amp;lt;'
    }

    It 'derives the text part from a custom HTML template without one: tags stripped, breaks kept, entities decoded, links with their address' {
        Set-BackupMailTemplate -Name Custom -BodyFormat Html -Subject 'Custom ##BackupName##' `
            -Body "<html><head><style>p { color: red }</style></head><body><p>Job <b>##BackupName##</b> &ndash; ##Status##</p>`n<p>##ErrorMessage##</p>`n<p>See <a href=`"https://backup.example.com/runs?job=1&amp;x=2`">the run</a>.</p></body></html>" -ErrorAction Stop
        $null = Send-BackupNotification -BackupName $job -Status Failure -ErrorMessage "first <1>`nsecond & last" -To 'admin@example.com' -Template Custom -ErrorAction Stop

        $mail = Get-DeliveredMail -Job $job
        Get-ContentType $mail.Raw | Should -Be @('multipart/alternative', 'text/plain', 'text/html')
        $mail.Text.TrimEnd() | Should -Be "Job $job – Failure`n`nfirst <1>`nsecond & last`n`nSee the run (https://backup.example.com/runs?job=1&x=2)."
        $mail.Html | Should -Match '<p>first &lt;1&gt;<br>second &amp; last</p>'
    }

    It 'keeps the alternative inside multipart/mixed when the log is attached' {
        $log = Join-Path $TestDrive "$job.log"
        Set-Content -LiteralPath $log -Value "line 1`nline 2" -Encoding utf8
        $null = Send-BackupNotification -BackupName $job -Status Success -LogPath $log -AttachLog -To 'admin@example.com' -Template Report -ErrorAction Stop

        $mail = Get-DeliveredMail -Job $job
        $types = Get-ContentType $mail.Raw
        $types[0..3] | Should -Be @('multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html')
        $types.Count | Should -Be 5
        $mail.Raw | Should -Match "(?i)Content-Disposition: attachment;\s+filename=`"?$job"
    }

    It 'sends a text template as one text/plain part, as before' {
        $null = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com' -ErrorAction Stop
        $mail = Get-DeliveredMail -Job $job
        Get-ContentType $mail.Raw | Should -Be @('text/plain')
        $mail.Html | Should -BeNullOrEmpty
    }
}

Describe 'Dates and numbers in the template''s culture' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault -PlainAccount
        $script:job = "Job-$([guid]::NewGuid().ToString('N'))"
        $script:start = [datetime]::new(2026, 12, 4, 17, 42, 0, [System.DateTimeKind]::Local)
        $script:offset = ([datetimeoffset] $start).ToString('zzz', [cultureinfo]::InvariantCulture)
        $script:body = "Start ##StartTime##`nEnd ##EndTime##`nIso ##StartTimeIso##`nStatus ##Status##"
    }

    It 'renders German dates with their UTC offset, German words and ISO 8601 for a de-DE template, and stores the culture' {
        Set-BackupMailTemplate -Name German -Subject '##BackupName## ##StartTime##' -Body $body -Culture de-de -ErrorAction Stop
        (Get-BackupMailTemplate -Name German).Culture | Should -Be 'de-DE'
        (Get-Content -LiteralPath (Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json') -Raw | ConvertFrom-Json).templates.Where({ $_.name -eq 'German' }).culture | Should -Be 'de-DE'

        $result = Send-BackupNotification -BackupName $job -Status Success -StartTime $start -EndTime $start.AddMinutes(5) -To 'admin@example.com' -Template German -ErrorAction Stop
        $result.Subject | Should -Be "$job 04.12.2026 17:42 $offset"
        $mail = Get-DeliveredMail -Job $job
        $mail.Text | Should -Match "(?m)^Start 04\.12\.2026 17:42 $([regex]::Escape($offset))$"
        $mail.Text | Should -Match "(?m)^End 04\.12\.2026 17:47 $([regex]::Escape($offset))$"
        $mail.Text | Should -Match "(?m)^Iso 2026-12-04T17:42:00\.0000000$([regex]::Escape($offset))$"
        $mail.Text | Should -Match '(?m)^Status Erfolgreich$'
    }

    It 'renders US dates for an en-US template, and the UI culture again once the culture is cleared' {
        Set-BackupMailTemplate -Name Us -Subject '##BackupName##' -Body $body -Culture en-US -ErrorAction Stop
        $null = Send-BackupNotification -BackupName $job -Status Success -StartTime $start -To 'admin@example.com' -Template Us -ErrorAction Stop
        $mail = Get-DeliveredMail -Job $job
        $mail.Text | Should -Match "(?m)^Start 12/4/2026 5:42\sPM $([regex]::Escape($offset))$"
        $mail.Text | Should -Match '(?m)^Status Success$'

        Set-BackupMailTemplate -Name Us -Culture '' -ErrorAction Stop
        (Get-BackupMailTemplate -Name Us).Culture | Should -BeNullOrEmpty
    }

    It 'refuses a culture this computer does not know, naming it' {
        { Set-BackupMailTemplate -Name Bad -Subject 's' -Body 'b' -Culture 'xx-Nowhere' -ErrorAction Stop } |
            Should -Throw -ErrorId 'TemplateCultureInvalid,BackupMail.PowerShell.SetBackupMailTemplateCommand'
        { Get-BackupMailTemplate -Name Bad -ErrorAction Stop } | Should -Throw -ErrorId 'TemplateNotFound,*'
    }

    It 'lists StartTimeIso and EndTimeIso among the placeholders, with examples' {
        $iso = Get-BackupMailTemplateValue -Name StartTimeIso
        $iso.Token | Should -Be '##StartTimeIso##'
        $iso.Example | Should -Match '^2026-11-27T01:00:00\.0000000[+-]\d\d:\d\d$'
        (Get-BackupMailTemplateValue -Name EndTimeIso).Example | Should -Match '^2026-11-27T01:42:17\.0000000[+-]\d\d:\d\d$'
        (Get-BackupMailTemplateValue -Name StartTime).Example | Should -Match '[+-]\d\d:\d\d$'
    }

    It 'completes -Culture and the new placeholders' {
        $line = 'Set-BackupMailTemplate -Culture de-'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'de-DE'
        $line = "Set-BackupMailTemplate -Body '##StartTimeI"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        ($completions -join ' ') | Should -Match 'StartTimeIso'
        $line = 'Send-BackupMailTest -To a@example.com -Template Rep'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Report'
    }
}
