# Dot-source in a test file's BeforeAll: the SecretManagement test double goes first on PSModulePath (for this
# file only), and the built module and the smtp4dev helpers are imported. Exit-TestSession.ps1 undoes it.
$script:originalModulePath = $env:PSModulePath
$script:testModules = (Resolve-Path (Join-Path $PSScriptRoot '../TestModules')).Path
$env:PSModulePath = $script:testModules + [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module (Join-Path $PSScriptRoot '../../out/BackupMail') -Force
Import-Module (Join-Path $PSScriptRoot 'Smtp4dev.psm1') -Force
