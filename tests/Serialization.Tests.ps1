# Export-Csv and ConvertTo-Json of what the cmdlets return (rules, accounts, queue items, results): recipients read as
# addresses, not System.String[]; enums as their names, not numbers; the objects keep the types scripts rely on.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Enter-TestSession.ps1')

    # Every enum-typed property of $InputObject's .NET type, by name.
    function script:Get-EnumProperty($InputObject) {
        $InputObject.GetType().GetProperties() | Where-Object { $_.PropertyType.IsEnum -or ([Nullable]::GetUnderlyingType($_.PropertyType) -and [Nullable]::GetUnderlyingType($_.PropertyType).IsEnum) } |
            ForEach-Object Name
    }

    # Asserts that JSON and CSV of $InputObject show every enum by name and no property as a .NET type name.
    function script:Assert-Readable($InputObject) {
        $json = $InputObject | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $csv = $InputObject | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $enums = @(Get-EnumProperty $InputObject)
        $enums.Count | Should -BeGreaterThan 0
        foreach ($name in $enums) {
            $value = $InputObject.$name
            if ($null -eq $value) { continue }
            $json.$name | Should -BeOfType ([string]) -Because "ConvertTo-Json writes $name by name"
            $json.$name | Should -Be $value.ToString()
            $csv.$name | Should -Be $value.ToString()
        }
        foreach ($property in $csv.PSObject.Properties) {
            $property.Value | Should -Not -Match '^System\.[\w.]+(\[\]|`\d)' -Because "Export-Csv shows $($property.Name) as text"
        }
        [pscustomobject]@{ Json = $json; Csv = $csv }
    }
}

AfterAll {
    . (Join-Path $PSScriptRoot 'Support/Exit-TestSession.ps1')
}

Describe 'Export-Csv and ConvertTo-Json of BackupMail objects' {
    BeforeEach {
        Initialize-TestConfiguration
        $script:job = "Csv-$([guid]::NewGuid().ToString('N'))"
    }

    It 'writes a rule with its recipients joined and its mode by name' {
        Set-BackupNotificationRule -BackupName $job -Mode OnWarning -To 'alice@example.com, bob@example.org' -ErrorAction Stop
        $rule = Get-BackupNotificationRule -BackupName $job

        $out = Assert-Readable $rule
        $out.Csv.To | Should -Be 'alice@example.com, bob@example.org'
        $out.Csv.Mode | Should -Be 'OnWarning'
        $out.Json.Mode | Should -Be 'OnWarning'
        $out.Json.To | Should -Be @('alice@example.com', 'bob@example.org')

        # What scripts do with the recipients still works.
        $rule.To.Count | Should -Be 2
        $rule.To.Length | Should -Be 2
        $rule.To[1] | Should -Be 'bob@example.org'
        $rule.To -contains 'alice@example.com' | Should -BeTrue
        $rule.To -join ';' | Should -Be 'alice@example.com;bob@example.org'
        "$($rule.To)" | Should -Be 'alice@example.com bob@example.org'
        ([string[]]$rule.To).Count | Should -Be 2
        @($rule.To | ForEach-Object { $_.ToUpperInvariant() }) | Should -Be @('ALICE@EXAMPLE.COM', 'BOB@EXAMPLE.ORG')
        $rule.Mode | Should -BeOfType ([BackupMail.Rules.NotificationMode])
        $rule.Mode -eq 'OnWarning' | Should -BeTrue
    }

    It 'writes accounts with security, transport and authentication by name' {
        Set-BackupMailAccount -SmtpServer smtp.example.com -Security StartTls -From 'backup@example.com' -Credential $credential -ErrorAction Stop
        Set-BackupMailAccount -Name Relay -SmtpServer relay.example.net -Port 25 -Security None -From 'relay@example.net' -ErrorAction Stop

        foreach ($account in Get-BackupMailAccount) {
            $out = Assert-Readable $account
            $out.Json.Transport | Should -Be 'Smtp'
            $out.Json.Authentication | Should -Be 'Password'
        }
        (Assert-Readable (Get-BackupMailAccount -Name Relay)).Json.Security | Should -Be 'None'
        (Get-BackupMailAccount | ConvertTo-Csv | ConvertFrom-Csv | Where-Object Name -EQ Default).Security | Should -Be 'StartTls'
    }

    It 'writes results and queue items with recipients joined and status and action by name' {
        $closedPort = Get-FreeTcpPort
        Set-BackupMailAccount -SmtpServer localhost -Port $closedPort -Security None -From 'backup@example.com' -TimeoutSeconds 3 -ErrorAction Stop
        $queued = Send-BackupNotification -BackupName $job -Status Warning -To 'alice@example.com', 'bob@example.org' -WarningAction SilentlyContinue
        $queued.Action | Should -Be 'Queued'

        $out = Assert-Readable $queued
        $out.Csv.To | Should -Be 'alice@example.com, bob@example.org'
        $out.Csv.Action | Should -Be 'Queued'
        $out.Json.Status | Should -Be 'Warning'
        $out.Json.Action | Should -Be 'Queued'
        $out.Json.To | Should -Be @('alice@example.com', 'bob@example.org')

        $item = Get-BackupMailQueue
        $out = Assert-Readable $item
        $out.Csv.To | Should -Be 'alice@example.com, bob@example.org'
        $out.Json.Status | Should -Be 'Warning'

        # The file formats are unchanged: a queue item written before reads back the same.
        Set-BackupMailAccount -Port $plain.SmtpPort
        $sent = Send-BackupMailQueue
        $sent.Action | Should -Be 'Sent'
        $sent.To | Should -Be @('alice@example.com', 'bob@example.org')
        (Assert-Readable $sent).Csv.Status | Should -Be 'Warning'

        # Enums keep their order for sorting and comparing.
        $statuses = [BackupMail.Jobs.BackupStatus[]]('Failure', 'Success', 'Warning') | Sort-Object
        $statuses | Should -Be @('Success', 'Warning', 'Failure')
        $queued.Status -ge [BackupMail.Jobs.BackupStatus]::Warning | Should -BeTrue
        $queued.Status | Should -BeOfType ([BackupMail.Jobs.BackupStatus])
    }

    It 'writes a result of Send-BackupNotification as CSV a spreadsheet reads' {
        Set-BackupMailAccount -SmtpServer localhost -Port $plain.SmtpPort -Security None -From 'backup@example.com' -ErrorAction Stop
        $path = Join-Path $TestDrive "$job.csv"
        Send-BackupNotification -BackupName $job -Status Failure -To 'alice@example.com, bob@example.org' | Export-Csv -LiteralPath $path -NoTypeInformation
        $text = Get-Content -LiteralPath $path -Raw
        $text | Should -Not -Match 'System\.'
        $row = Import-Csv -LiteralPath $path
        $row.To | Should -Be 'alice@example.com, bob@example.org'
        $row.Status | Should -Be 'Failure'
        $row.Action | Should -Be 'Sent'
    }
}
