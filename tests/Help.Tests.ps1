# Get-Help answers every question: each cmdlet has a synopsis, a description, two or more examples,
# and every parameter described; the about topic exists in English and German.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    $script:cmdlets = @(Get-Command -Module BackupMail -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:command = Get-Command $Name
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, PowerShell shows the syntax as the synopsis.
        $help.Synopsis | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($help.Description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        $names = $command.Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameterName in $names) {
            $parameter = $help.Parameters.Parameter | Where-Object Name -EQ $parameterName
            $parameter | Should -Not -BeNullOrEmpty -Because "-$parameterName needs a help entry"
            ($parameter.Description.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameterName needs a description"
        }
    }
}

Describe 'The about_BackupMail topic' {
    It 'is there in English, with the placeholders, the modes, the outbox and the error ids' {
        $text = Get-Content -Raw (Join-Path $PSScriptRoot '../out/BackupMail/en-US/about_BackupMail.help.txt')
        foreach ($word in 'BACKUPMAIL_CONFIG_DIR', '##BackupName##', 'OnWarning', 'Send-BackupMailQueue', 'SmtpCertificateUntrusted', 'SecretNotFound', 'Authentication None') {
            $text | Should -BeLike "*$word*"
        }
        (Get-Help about_BackupMail | Out-String) | Should -BeLike '*BACKUPMAIL_CONFIG_DIR*'
    }

    It 'is there in German' {
        $path = Join-Path $PSScriptRoot '../out/BackupMail/de-DE/about_BackupMail.help.txt'
        Test-Path $path | Should -BeTrue
        Get-Content -Raw $path | Should -BeLike '*Postausgang*'
    }
}
