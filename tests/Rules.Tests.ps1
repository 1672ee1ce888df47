# The notification rule cmdlets: one rule per backup job in config.json.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')
}

Describe 'Notification rules' {
    BeforeEach {
        Initialize-TestConfiguration -NoVault
    }

    AfterAll {
        . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
    }

    Describe 'Set-BackupNotificationRule' {
        It 'saves a rule with every setting and returns it with -PassThru' {
            $rule = Set-BackupNotificationRule -BackupName 'Nightly' -Mode OnFailure -To 'a@example.com; b@example.com,c@example.com' `
                -Account 'Office' -Template 'Short' -AttachLog -PassThru
            $rule.BackupName | Should -Be 'Nightly'
            $rule.Mode | Should -Be 'OnFailure'
            $rule.To | Should -Be @('a@example.com', 'b@example.com', 'c@example.com')
            $rule.Account | Should -Be 'Office'
            $rule.Template | Should -Be 'Short'
            $rule.AttachLog | Should -BeTrue

            $read = Get-BackupNotificationRule -BackupName 'Nightly'
            $read.Mode | Should -Be 'OnFailure'
            $read.To | Should -Be @('a@example.com', 'b@example.com', 'c@example.com')
            $read.AttachLog | Should -BeTrue
        }

        It 'takes -To as an array' {
            $rule = Set-BackupNotificationRule -BackupName 'Weekly' -Mode Always -To 'a@example.com', 'b@example.com' -PassThru
            $rule.To | Should -Be @('a@example.com', 'b@example.com')
        }

        It 'replaces the rule of the same backup' {
            Set-BackupNotificationRule -BackupName 'Nightly' -Mode Always -To 'a@example.com'
            Set-BackupNotificationRule -BackupName 'Nightly' -Mode OnWarning -To 'b@example.com'
            $rules = @(Get-BackupNotificationRule)
            $rules.Count | Should -Be 1
            $rules[0].Mode | Should -Be 'OnWarning'
            $rules[0].To | Should -Be @('b@example.com')
        }

        It 'refuses an invalid address and saves nothing' {
            { Set-BackupNotificationRule -BackupName 'Nightly' -Mode Always -To 'a@example.com; broken' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidMailAddress,BackupMail.PowerShell.SetBackupNotificationRuleCommand'
            @(Get-BackupNotificationRule).Count | Should -Be 0
        }

        It 'takes rules piped from CSV rows, AttachLog given as text' {
            $rows = @(
                'BackupName,Mode,To,AttachLog'
                'Files,OnFailure,a@example.com;b@example.com,True'
                'Db,Always,c@example.com,False'
            ) | ConvertFrom-Csv
            $saved = @($rows | Set-BackupNotificationRule -PassThru)
            $saved.Count | Should -Be 2
            $files = Get-BackupNotificationRule -BackupName Files
            $files.Mode | Should -Be 'OnFailure'
            $files.To | Should -Be @('a@example.com', 'b@example.com')
            $files.AttachLog | Should -BeTrue
            (Get-BackupNotificationRule -BackupName Db).AttachLog | Should -BeFalse
        }

        It 'writes nothing with -WhatIf' {
            Set-BackupNotificationRule -BackupName 'Nightly' -Mode Always -To 'a@example.com' -WhatIf
            @(Get-BackupNotificationRule).Count | Should -Be 0
        }
    }

    Describe 'Get-BackupNotificationRule' {
        It 'lists every rule, or those matching -BackupName wildcards' {
            Set-BackupNotificationRule -BackupName 'Nightly-Files' -Mode Always -To 'a@example.com'
            Set-BackupNotificationRule -BackupName 'Nightly-Db' -Mode OnFailure -To 'a@example.com'
            Set-BackupNotificationRule -BackupName 'Weekly' -Mode Never
            @(Get-BackupNotificationRule).Count | Should -Be 3
            @(Get-BackupNotificationRule -BackupName 'Nightly*').BackupName | Sort-Object | Should -Be @('Nightly-Db', 'Nightly-Files')
        }

        It 'reports a named rule that does not exist' {
            { Get-BackupNotificationRule -BackupName 'Missing' -ErrorAction Stop } |
                Should -Throw -ErrorId 'RuleNotFound,BackupMail.PowerShell.GetBackupNotificationRuleCommand'
        }
    }

    Describe 'Remove-BackupNotificationRule' {
        It 'removes the rules piped to it' {
            Set-BackupNotificationRule -BackupName 'Nightly-Files' -Mode Always -To 'a@example.com'
            Set-BackupNotificationRule -BackupName 'Nightly-Db' -Mode Always -To 'a@example.com'
            Set-BackupNotificationRule -BackupName 'Weekly' -Mode Always -To 'a@example.com'
            Get-BackupNotificationRule -BackupName 'Nightly*' | Remove-BackupNotificationRule
            @(Get-BackupNotificationRule).BackupName | Should -Be @('Weekly')
        }

        It 'keeps the rule with -WhatIf' {
            Set-BackupNotificationRule -BackupName 'Nightly' -Mode Always -To 'a@example.com'
            Remove-BackupNotificationRule -BackupName 'Nightly' -WhatIf
            @(Get-BackupNotificationRule).Count | Should -Be 1
        }

        It 'reports a rule that does not exist' {
            { Remove-BackupNotificationRule -BackupName 'Missing' -ErrorAction Stop } |
                Should -Throw -ErrorId 'RuleNotFound,BackupMail.PowerShell.RemoveBackupNotificationRuleCommand'
        }
    }
}
