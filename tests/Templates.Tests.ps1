# The template cmdlets: named templates in config.json, placeholders checked when saved, the built-in defaults.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
    $script:server = Get-TestSmtpServer -Name Plain
}

Describe 'Templates' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault
        $script:configFile = Join-Path $env:BACKUPMAIL_CONFIG_DIR 'config.json'
    }

    AfterAll {
        . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
    }

    Describe 'Get-BackupMailTemplate' {
        It 'has the built-in Default and Report from the start' {
            @(Get-BackupMailTemplate).Name | Should -Be @('Default', 'Report', 'Digest')
            (Get-BackupMailTemplate -Name Report).BodyFormat | Should -Be 'Html'
            $default = Get-BackupMailTemplate -Name Default
            $default.Name | Should -Be 'Default'
            $default.Subject | Should -BeLike '*##BackupName##*'
            $default.Body | Should -Not -BeNullOrEmpty
            $default.IsBuiltIn | Should -BeTrue
        }

        It 'finds templates by wildcard' {
            Set-BackupMailTemplate -Name 'Weekly-Full' -Subject 'W ##BackupName##' -Body 'b'
            Set-BackupMailTemplate -Name 'Daily' -Subject 'D ##BackupName##' -Body 'b'
            @(Get-BackupMailTemplate -Name 'Week*').Name | Should -Be @('Weekly-Full')
            @(Get-BackupMailTemplate).Name | Should -Contain 'Daily'
            @(Get-BackupMailTemplate).Name | Should -Contain 'Default'
        }

        It 'reports a template that does not exist' {
            { Get-BackupMailTemplate -Name 'Nope' -ErrorAction Stop } |
                Should -Throw -ErrorId 'TemplateNotFound,BackupMail.PowerShell.GetBackupMailTemplateCommand'
        }
    }

    Describe 'Set-BackupMailTemplate' {
        It 'saves a named template and returns it with -PassThru' {
            $saved = Set-BackupMailTemplate -Name Html -Subject '##ComputerName##: ##BackupName##' -Body '<b>##Status##</b>' -BodyFormat Html -PassThru
            $saved.Name | Should -Be 'Html'
            $saved.BodyFormat | Should -Be 'Html'
            $read = Get-BackupMailTemplate -Name Html
            $read.Subject | Should -Be '##ComputerName##: ##BackupName##'
            $read.Body | Should -Be '<b>##Status##</b>'
            $read.BodyFormat | Should -Be 'Html'
            Test-Path -LiteralPath $configFile | Should -BeTrue
        }

        It 'writes nothing without -PassThru, and nothing at all with -WhatIf' {
            Set-BackupMailTemplate -Name Quiet -Subject 's' -Body 'b' | Should -BeNullOrEmpty
            Set-BackupMailTemplate -Name NotSaved -Subject 's' -Body 'b' -WhatIf
            { Get-BackupMailTemplate -Name NotSaved -ErrorAction Stop } | Should -Throw -ErrorId 'TemplateNotFound,*'
        }

        It 'refuses an unknown placeholder, naming the nearest valid one, and keeps the old template' {
            Set-BackupMailTemplate -Subject 'Before ##BackupName##' -Body 'b'
            { Set-BackupMailTemplate -Subject '##BackupNmae## done' -Body 'b' -ErrorAction Stop } |
                Should -Throw -ErrorId 'TemplatePlaceholderUnknown,BackupMail.PowerShell.SetBackupMailTemplateCommand'
            $err = $null
            Set-BackupMailTemplate -Body 'Copied ##FilesCopyed## files' -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].Exception.Message | Should -BeLike '*FilesCopyed*'
            $err[0].Exception.Message | Should -BeLike '*FilesCopied*'
            (Get-BackupMailTemplate -Name Default).Subject | Should -Be 'Before ##BackupName##'
        }

        It 'accepts placeholders written with other case, spaces, hyphens and underscores' {
            Set-BackupMailTemplate -Name Loose -Subject '##Backup-Name## ##exit status##' -Body '##files_copied##'
            (Get-BackupMailTemplate -Name Loose).Subject | Should -Be '##Backup-Name## ##exit status##'
        }

        It 'renders a loosely written placeholder in the mail' {
            Set-BackupMailAccount -SmtpServer localhost -Port $server.SmtpPort -Security None -From 'backup@example.com'
            $job = "Job-$([guid]::NewGuid().ToString('N'))"
            Set-BackupMailTemplate -Name Loose -Subject 'Loose ##backup name##' -Body 'x'
            $null = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com' -Template Loose
            $found = @(Wait-Smtp4devMail -Server $server -Subject $job | Where-Object { $_.subject -eq "Loose $job" })
            $found.Count | Should -Be 1
        }

        It 'changes only what is given: a new subject keeps the body' {
            $builtIn = Get-BackupMailTemplate -Name Default
            Set-BackupMailTemplate -Subject 'Only the subject ##BackupName##'
            $changed = Get-BackupMailTemplate -Name Default
            $changed.Subject | Should -Be 'Only the subject ##BackupName##'
            $changed.Body | Should -Be $builtIn.Body
            $changed.IsBuiltIn | Should -BeFalse
        }

        It 'writes a literal ## as ####' {
            Set-BackupMailAccount -SmtpServer localhost -Port $server.SmtpPort -Security None -From 'backup@example.com'
            $job = "Job-$([guid]::NewGuid().ToString('N'))"
            Set-BackupMailTemplate -Name Hashes -Subject 'Ticket #### 42: ##BackupName##' -Body 'x'
            $null = Send-BackupNotification -BackupName $job -Status Success -To 'admin@example.com' -Template Hashes
            $found = Wait-Smtp4devMail -Server $server -Subject $job
            $found[0].subject | Should -Be "Ticket ## 42: $job"
        }
    }

    Describe 'Reset-BackupMailTemplate' {
        It 'puts Default back to the built-in text' {
            $builtIn = Get-BackupMailTemplate -Name Default
            Set-BackupMailTemplate -Subject 'Changed ##BackupName##' -Body 'changed'
            (Get-BackupMailTemplate -Name Default).Subject | Should -Be 'Changed ##BackupName##'
            $reset = Reset-BackupMailTemplate -PassThru
            $reset.Subject | Should -Be $builtIn.Subject
            (Get-BackupMailTemplate -Name Default).Subject | Should -Be $builtIn.Subject
            (Get-BackupMailTemplate -Name Default).Body | Should -Be $builtIn.Body
        }

        It 'changes nothing with -WhatIf' {
            Set-BackupMailTemplate -Subject 'Changed ##BackupName##' -Body 'changed'
            Reset-BackupMailTemplate -WhatIf
            (Get-BackupMailTemplate -Name Default).Subject | Should -Be 'Changed ##BackupName##'
        }
    }

    Describe 'Get-BackupMailTemplateValue' {
        It 'picks placeholders by wildcard' {
            @(Get-BackupMailTemplateValue -Name 'Files*').Name | Should -Be @('FilesCopied', 'FilesFailed')
            (Get-BackupMailTemplateValue -Name BackupName).Token | Should -Be '##BackupName##'
        }

        It 'lists every placeholder with a description and an example' {
            $values = @(Get-BackupMailTemplateValue)
            $names = $values.Name
            foreach ($expected in 'BackupName', 'Status', 'ExitStatus', 'ExitCode', 'Tool', 'ComputerName', 'UserName', 'StartTime',
                'EndTime', 'Duration', 'Source', 'Destination', 'DirsCopied', 'FilesCopied', 'FilesFailed', 'BytesCopied',
                'ErrorMessage', 'LogPath', 'LogTail') {
                $names | Should -Contain $expected
            }
            foreach ($value in $values) {
                $value.Description | Should -Not -BeNullOrEmpty -Because "$($value.Name) needs a description"
                $value.Example | Should -Not -BeNullOrEmpty -Because "$($value.Name) needs an example"
            }
        }
    }
}
