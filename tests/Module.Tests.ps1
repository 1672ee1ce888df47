# The built module as a whole: its manifest and what importing it does.
BeforeAll {
    $script:moduleDir = Join-Path $PSScriptRoot '../out/BackupMail'
    $script:manifestPath = Join-Path $moduleDir 'BackupMail.psd1'
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'carries the version of Directory.Build.props' {
        $props = [xml](Get-Content (Join-Path $PSScriptRoot '../Directory.Build.props') -Raw)
        $expected = ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
        (Test-ModuleManifest -Path $manifestPath).Version.ToString() | Should -Be $expected
    }

    It 'runs on Windows PowerShell 5.1 and PowerShell 7' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FunctionsToExport.Count | Should -Be 0
        $manifest.AliasesToExport.Count | Should -Be 0
        $manifest.VariablesToExport.Count | Should -Be 0
    }
}

Describe 'Importing the module' {
    It 'exports every cmdlet the manifest names, and nothing else' {
        $manifest = Import-PowerShellDataFile -Path $manifestPath
        $exported = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command "Import-Module '$moduleDir'; (Get-Command -Module BackupMail).Name" 
        $LASTEXITCODE | Should -Be 0
        @($exported | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'loads no vault module and opens no connection at import' {
        $loaded = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command "Import-Module '$moduleDir'; (Get-Module).Name"
        $loaded | Should -Not -Contain 'Microsoft.PowerShell.SecretManagement'
    }
}
