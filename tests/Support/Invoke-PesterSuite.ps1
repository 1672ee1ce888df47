# Runs the Pester suite in its own process and writes the counts for build.ps1 to add up.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $CountsPath,
    [string] $Filter
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force

$paths = Get-ChildItem -LiteralPath $TestPath -Filter '*.Tests.ps1' -File |
    Where-Object { -not $Filter -or $_.Name -like "*$Filter*" } |
    Select-Object -ExpandProperty FullName

$config = New-PesterConfiguration
$config.Run.Path = @($paths)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
# No XML report: error texts from child processes may hold characters XML cannot carry, and the counts are all CI reads.
$config.TestResult.Enabled = $false

if (-not $paths) {
    Write-Warning "No Pester test files matched in $TestPath."
    @{ Passed = 0; Failed = 0 } | ConvertTo-Json | Set-Content -LiteralPath $CountsPath
    return
}
$result = Invoke-Pester -Configuration $config
# A container that failed to run (a broken BeforeAll or a syntax error) counts as a failure too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -LiteralPath $CountsPath
