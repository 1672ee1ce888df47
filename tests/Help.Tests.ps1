# Get-Help answers every question: each cmdlet has a synopsis, a description, two or more examples,
# and every parameter described, in English and in German (a pwsh started with a German UI culture gets the
# de-DE MAML); -WhatIf and -Confirm appear in the syntax of every cmdlet that supports them; the about topic
# exists in English and German.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    $script:cmdlets = @(Get-Command -Module BackupMail -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/ChildPwsh.psm1') -Force
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    # German help as a German user gets it: a fresh pwsh whose UI culture is de-DE from the start (on Linux and macOS
    # from LC_ALL/LANG, as a German login or a systemd unit with LANG=de_DE.UTF-8 gives it; Windows takes the UI
    # language from the user profile, so there the child sets it before anything loads). Get-Help looks for
    # <module>/<UI culture>/BackupMail.PowerShell.dll-Help.xml, then the parent cultures, then en-US.
    $germanScript = @'
param($ModuleDir)
$ErrorActionPreference = 'Stop'
$fromEnvironment = [cultureinfo]::CurrentUICulture.Name
if ($fromEnvironment -ne 'de-DE') { [System.Threading.Thread]::CurrentThread.CurrentUICulture = [cultureinfo]'de-DE' }
Import-Module $ModuleDir
$commands = foreach ($command in (Get-Command -Module BackupMail -CommandType Cmdlet)) {
    $help = Get-Help $command.Name -Full
    [pscustomobject]@{
        Name        = $command.Name
        Synopsis    = "$($help.Synopsis)"
        Description = ($help.Description.Text -join "`n")
        Syntax      = ($help.Syntax | Out-String -Width 4096)
        Examples    = @(foreach ($example in @($help.Examples.Example)) { [pscustomobject]@{ Code = "$($example.Code)"; Remarks = ($example.Remarks.Text -join '') } })
        Parameters  = @(foreach ($parameter in @($help.Parameters.Parameter)) { [pscustomobject]@{ Name = $parameter.Name; Description = ($parameter.Description.Text -join '') } })
    }
}
[pscustomobject]@{ CultureFromEnvironment = $fromEnvironment; Culture = [cultureinfo]::CurrentUICulture.Name; Commands = @($commands) } |
    ConvertTo-Json -Depth 6 -Compress
'@
    $script:german = Invoke-ChildPwsh -Script $germanScript -WorkingFolder $TestDrive -Parameters @{ ModuleDir = (Resolve-Path (Join-Path $PSScriptRoot '../out/BackupMail')).Path } `
        -Environment @{ LC_ALL = 'de_DE.UTF-8'; LANG = 'de_DE.UTF-8'; BACKUPMAIL_CONFIG_DIR = Join-Path $TestDrive 'config' }
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

Describe 'The -WhatIf and -Confirm parameters of <Name> in its help' -ForEach $cmdlets {
    BeforeAll {
        $script:command = Get-Command $Name
        $script:supportsShouldProcess = $command.Parameters.ContainsKey('WhatIf')
        # The syntax as Get-Help prints it: one line per parameter set.
        $script:syntax = @(((Get-Help $Name).Syntax | Out-String -Width 4096) -split "`r?`n" | Where-Object { $_.Trim() -like "$Name *" })
    }

    It 'are in every syntax line when the cmdlet supports ShouldProcess, and nowhere otherwise' {
        $syntax.Count | Should -Be $command.ParameterSets.Count
        foreach ($line in $syntax) {
            if ($supportsShouldProcess) {
                $line | Should -BeLike '*`[-WhatIf`] `[-Confirm`]*'
            }
            else {
                $line | Should -Not -BeLike '*-WhatIf*'
                $line | Should -Not -BeLike '*-Confirm*'
            }
        }
    }

    It 'are described among the parameters when the cmdlet supports ShouldProcess' -Skip:(-not (Get-Command $Name).Parameters.ContainsKey('WhatIf')) {
        foreach ($parameterName in 'WhatIf', 'Confirm') {
            $parameter = (Get-Help $Name -Parameter $parameterName)
            ($parameter.Description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'German help' {
    It 'is what a pwsh started with a German UI culture gets' {
        $german.Culture | Should -Be 'de-DE'
        if (-not $IsWindows) { $german.CultureFromEnvironment | Should -Be 'de-DE' -Because 'LC_ALL=de_DE.UTF-8 sets the UI culture on Linux and macOS' }
        @($german.Commands.Name | Sort-Object) | Should -Be @($cmdlets.Name | Sort-Object)
    }
}

Describe 'German help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:command = Get-Command $Name
        $script:de = $german.Commands | Where-Object Name -EQ $Name
    }

    It 'has a synopsis of its own, in German' {
        $de.Synopsis | Should -Not -BeNullOrEmpty
        $de.Synopsis | Should -Not -BeLike "$Name *"
        $de.Synopsis | Should -Not -Be $help.Synopsis -Because 'the German page, not the English fallback, must be shown'
    }

    It 'has a description, in German' {
        $de.Description.Trim() | Should -Not -BeNullOrEmpty
        $de.Description | Should -Not -Be ($help.Description.Text -join "`n")
    }

    It 'has the English examples with the same code, each explained in German' {
        $english = @($help.Examples.Example)
        @($de.Examples).Count | Should -Be $english.Count
        @($de.Examples).Count | Should -BeGreaterOrEqual 2
        for ($i = 0; $i -lt $english.Count; $i++) {
            $de.Examples[$i].Code | Should -Be "$($english[$i].Code)"
            $de.Examples[$i].Remarks.Trim() | Should -Not -BeNullOrEmpty
            $de.Examples[$i].Remarks | Should -Not -Be ($english[$i].Remarks.Text -join '')
        }
    }

    It 'describes every parameter in German, -WhatIf and -Confirm included' {
        $names = @($command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters })
        foreach ($parameterName in $names) {
            $parameter = $de.Parameters | Where-Object Name -EQ $parameterName
            $parameter | Should -Not -BeNullOrEmpty -Because "-$parameterName needs a German help entry"
            $parameter.Description.Trim() | Should -Not -BeNullOrEmpty -Because "-$parameterName needs a German description"
            $englishText = ((Get-Help $Name -Parameter $parameterName).Description.Text -join '')
            $parameter.Description | Should -Not -Be $englishText -Because "-$parameterName must be described in German"
        }
    }

    It 'shows -WhatIf and -Confirm in its German syntax when it supports ShouldProcess' -Skip:(-not (Get-Command $Name).Parameters.ContainsKey('WhatIf')) {
        $de.Syntax | Should -BeLike '*`[-WhatIf`] `[-Confirm`]*'
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
