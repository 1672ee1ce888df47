<#
.SYNOPSIS
Makes a copy of the running PowerShell whose assemblies are compiled ahead of time (ReadyToRun), and returns the
path of its pwsh.dll.

.DESCRIPTION
PowerShell's own packages (MSI, deb, rpm, tar.gz) ship ReadyToRun images (PowerShell/PowerShell#12361, #16297);
the `PowerShell` dotnet tool this repository pins ships IL only, so in it every PowerShell code path a command
touches is compiled at run time, which inflates both a bare start and the first use of any module. Those packages
cannot be downloaded here, so the benchmark compiles the pinned PowerShell's own assemblies with crossgen2 (the
package the .NET SDK restored for build/ReadyToRun) to stand in for them. Nothing else changes: same version,
same files, same runtime.
#>
param(
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$runtimeDir = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
$runtimeVersion = [System.Environment]::Version
$os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
$arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$crossgenPackage = Join-Path $packages "microsoft.netcore.app.crossgen2.$os-$arch"
$crossgenDir = Get-ChildItem -LiteralPath $crossgenPackage -Directory -ErrorAction SilentlyContinue |
    Where-Object { ([version]($_.Name -replace '-.*$', '')).Major -eq $runtimeVersion.Major } |
    Sort-Object { [version]($_.Name -replace '-.*$', '') } | Select-Object -Last 1
if (-not $crossgenDir) { throw "crossgen2 for .NET $($runtimeVersion.Major) is not in $crossgenPackage; build the module first (build/ReadyToRun restores it)." }
$crossgen = Join-Path $crossgenDir.FullName ('tools/crossgen2' + $(if ($IsWindows) { '.exe' } else { '' }))

if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
Copy-Item -LiteralPath $PSHOME -Destination $Destination -Recurse
$responseFile = Join-Path $Destination 'crossgen2.rsp'
foreach ($assembly in Get-ChildItem -LiteralPath $PSHOME -Filter '*.dll' -File) {
    # A response file, because PowerShell on Unix would expand the reference wildcards itself.
    Set-Content -LiteralPath $responseFile -Encoding utf8NoBOM -Value @(
        $assembly.FullName, "-o:$(Join-Path $Destination $assembly.Name)", "-r:$(Join-Path $runtimeDir '*.dll')", "-r:$(Join-Path $PSHOME '*.dll')",
        "--targetos:$os", "--targetarch:$arch", '-O')
    & $crossgen "@$responseFile" *> $null
    # Native libraries and assemblies crossgen2 cannot compile stay as they are.
    if ($LASTEXITCODE -ne 0) { Copy-Item -LiteralPath $assembly.FullName -Destination $Destination -Force }
}
Remove-Item -LiteralPath $responseFile
Join-Path $Destination 'pwsh.dll'
