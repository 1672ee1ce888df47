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

        It 'changes only what is given: -To alone keeps the mode and template, -Template alone keeps the recipients' {
            Set-BackupNotificationRule -BackupName Documents -Mode OnFailure -To old@example.com -Template Report -AttachLog
            Set-BackupNotificationRule -BackupName Documents -To ops@example.com
            $rule = Get-BackupNotificationRule -BackupName Documents
            $rule.Mode | Should -Be 'OnFailure'
            $rule.Template | Should -Be 'Report'
            $rule.AttachLog | Should -BeTrue
            $rule.To | Should -Be @('ops@example.com')

            Set-BackupNotificationRule -BackupName documents -Template Short -ErrorAction Stop
            $rule = Get-BackupNotificationRule -BackupName Documents
            $rule.BackupName | Should -Be 'Documents'
            $rule.To | Should -Be @('ops@example.com')
            $rule.Template | Should -Be 'Short'

            Set-BackupNotificationRule -BackupName Documents -Template '' -Account '' -AttachLog:$false
            $rule = Get-BackupNotificationRule -BackupName Documents
            $rule.Template | Should -BeNullOrEmpty
            $rule.AttachLog | Should -BeFalse
            $rule.Mode | Should -Be 'OnFailure'
        }

        It 'keeps every property of the rule that a call does not name (each one, found by reflection)' {
            $properties = @([BackupMail.Rules.NotificationRule].GetProperties() | Where-Object { $_.CanWrite -and $_.Name -ne 'BackupName' })
            $properties.Count | Should -BeGreaterThan 4
            $parameters = (Get-Command Set-BackupNotificationRule).Parameters
            function ValueOf([type] $type, [int] $variant, [string] $name) {
                if ($name -eq 'PingUrl') { return "https://hc-ping.example.org/check-$variant" }
                if ($type -eq [string]) { return "Value$variant" }
                if ($type -eq [Nullable[timespan]] -or $type -eq [timespan]) { return [timespan]::FromHours(20 + $variant) }
                if ($type -eq [string[]] -or $type.FullName -eq 'BackupMail.RecipientList') { return [string[]]@("someone$variant@example.com", "other$variant@example.com") }
                if ($type -eq [bool]) { return $variant -eq 1 }
                if ($type.IsEnum) { $values = [enum]::GetValues($type); return $values[$values.Count - $variant] }
                throw "Rules.Tests.ps1 does not know how to make a value of $type; teach ValueOf."
            }
            function Snapshot {
                $rule = Get-BackupNotificationRule -BackupName Documents
                $shot = @{}
                foreach ($p in $properties) { $shot[$p.Name] = ($rule.($p.Name) | ForEach-Object { "$_" }) -join '|' }
                $shot
            }

            $full = @{ BackupName = 'Documents' }
            foreach ($p in $properties) {
                $parameters.ContainsKey($p.Name) | Should -BeTrue -Because "Set-BackupNotificationRule needs a parameter for $($p.Name)"
                $full[$p.Name] = ValueOf $p.PropertyType 1 $p.Name
            }
            Set-BackupNotificationRule @full -ErrorAction Stop

            foreach ($p in $properties) {
                $before = Snapshot
                $one = @{ BackupName = 'documents'; $p.Name = (ValueOf $p.PropertyType 2 $p.Name) }
                Set-BackupNotificationRule @one -ErrorAction Stop
                $after = Snapshot
                $after[$p.Name] | Should -Not -Be $before[$p.Name] -Because "-$($p.Name) was given"
                foreach ($other in $properties | Where-Object Name -ne $p.Name) {
                    $after[$other.Name] | Should -Be $before[$other.Name] -Because "-$($p.Name) alone must keep $($other.Name)"
                }

                # Back to the full rule for the next property.
                Set-BackupNotificationRule @full -ErrorAction Stop
            }

            $before = Snapshot
            Set-BackupNotificationRule -BackupName Documents -ErrorAction Stop
            $after = Snapshot
            foreach ($p in $properties) { $after[$p.Name] | Should -Be $before[$p.Name] -Because 'a call naming nothing changes nothing' }
        }

        It 'refuses a new rule without recipients with NoRecipients, naming the job' {
            $err = $null
            Set-BackupNotificationRule -BackupName Documents -Template Report -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'NoRecipients,BackupMail.PowerShell.SetBackupNotificationRuleCommand'
            $err[0].TargetObject | Should -Be 'Documents'
            $err[0].Exception.Message | Should -Match "'Documents'.*-To"
            @(Get-BackupNotificationRule).Count | Should -Be 0
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
