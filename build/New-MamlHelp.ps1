<#
.SYNOPSIS
Generates the module's MAML help from the Markdown pages in docs/help and the compiled cmdlets.

.DESCRIPTION
Each cmdlet has one page, docs/help/<Verb-Noun>.md, written for people:

    # Verb-Noun
    ## Synopsis
    ## Description
    ## Examples
    ### Example 1: <title>
    ```powershell
    <code>
    ```
    <remarks>
    ## Parameters
    ### -Name
    <description>
    ## Inputs / ## Outputs / ## Notes   (optional; Outputs defaults to the cmdlet's [OutputType])

German pages (docs/help/de-DE, generated with -Culture de-DE) use the same structure under the headings
Kurzbeschreibung, Beschreibung, Beispiele, Parameter, Eingaben, Ausgaben and Hinweise; parameter names and code stay as
they are. -WhatIf and -Confirm are described by the generator in the page's language unless the page describes them.

The syntax (parameter sets, types, positions, pipeline input) comes from the compiled cmdlets, so it can
never disagree with the code. Runs in its own pwsh process, because it imports the built module.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    # The language of the pages, for the texts the generator adds itself (-WhatIf, -Confirm).
    [ValidateSet('en-US', 'de-DE')] [string] $Culture = 'en-US'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# -Verbose, -ErrorAction and the other common parameters are never listed: Get-Help adds [<CommonParameters>] itself.
# -WhatIf and -Confirm are listed, in the syntax and among the parameters, on every cmdlet that has them
# (SupportsShouldProcess): Get-Help shows only what the MAML names.
$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
$shouldProcessParameters = 'WhatIf', 'Confirm'
$shouldProcessText = @{
    'en-US' = @{
        WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
        Confirm = 'Prompts you for confirmation before running the cmdlet.'
    }
    'de-DE' = @{
        WhatIf  = 'Zeigt, was geschehen würde, wenn das Cmdlet ausgeführt wird. Das Cmdlet wird nicht ausgeführt.'
        Confirm = 'Fordert Sie vor dem Ausführen des Cmdlets zur Bestätigung auf.'
    }
}[$Culture]

# The German pages (docs/help/de-DE) have the same structure under German headings.
$sectionNames = @{
    'Kurzbeschreibung' = 'Synopsis'; 'Beschreibung' = 'Description'; 'Beispiele' = 'Examples'; 'Parameter' = 'Parameters'
    'Eingaben' = 'Inputs'; 'Ausgaben' = 'Outputs'; 'Hinweise' = 'Notes'
}

function ConvertFrom-HelpMarkdown {
    param([string] $Path)
    $page = @{ Synopsis = ''; Description = ''; Examples = [System.Collections.Generic.List[object]]::new(); Parameters = @{}; Inputs = ''; Outputs = ''; Notes = '' }
    $section = $null
    $current = $null
    $inCode = $false
    foreach ($line in (Get-Content -LiteralPath $Path -Encoding utf8)) {
        if ($line -match '^```') {
            if ($section -eq 'Examples' -and $current) {
                $inCode = -not $inCode
                continue
            }
        }
        if ($inCode) { $current.Code.Add($line); continue }
        if ($line -match '^## (.+)$') {
            $section = $Matches[1].Trim()
            if ($sectionNames.ContainsKey($section)) { $section = $sectionNames[$section] }
            $current = $null
            continue
        }
        if ($line -match '^### (.+)$') {
            $heading = $Matches[1].Trim()
            if ($section -eq 'Examples') {
                $current = @{ Title = $heading; Code = [System.Collections.Generic.List[string]]::new(); Remarks = [System.Collections.Generic.List[string]]::new() }
                $page.Examples.Add($current)
            }
            elseif ($section -eq 'Parameters') {
                $current = @{ Name = $heading.TrimStart('-'); Text = [System.Collections.Generic.List[string]]::new() }
                $page.Parameters[$current.Name] = $current
            }
            continue
        }
        if ($line -match '^# ') { continue }
        switch ($section) {
            'Synopsis' { $page.Synopsis += "$line`n" }
            'Description' { $page.Description += "$line`n" }
            'Inputs' { $page.Inputs += "$line`n" }
            'Outputs' { $page.Outputs += "$line`n" }
            'Notes' { $page.Notes += "$line`n" }
            'Examples' { if ($current) { $current.Remarks.Add($line) } }
            'Parameters' { if ($current) { $current.Text.Add($line) } }
        }
    }
    $page
}

function Split-Paragraph {
    param([string] $Text)
    # Blank lines separate paragraphs; lines of a paragraph are joined, except list items and tables.
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    foreach ($line in ($Text -split "`n")) {
        if ($line.Trim() -eq '') {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join "`n")); $buffer.Clear() }
            continue
        }
        $buffer.Add($line.TrimEnd())
    }
    if ($buffer.Count) { $paragraphs.Add(($buffer -join "`n")) }
    $paragraphs
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
New-Item -ItemType Directory -Path (Split-Path $OutputPath) -Force | Out-Null
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)

function Write-Paragraphs {
    param([string] $Text)
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($paragraph in (Split-Paragraph $Text)) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $writer.WriteEndElement()
}

function Write-Parameter {
    param($Parameter, $SetParameter, $Description)
    $isSwitch = $Parameter.ParameterType -eq [switch]
    # Show Nullable<DateTime> as DateTime: optional is what the syntax already says.
    $type = [Nullable]::GetUnderlyingType($Parameter.ParameterType)
    if (-not $type) { $type = $Parameter.ParameterType }
    $pipeline = @()
    if ($SetParameter.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($SetParameter.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', $SetParameter.IsMandatory.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $writer.WriteAttributeString('position', $(if ($SetParameter.Position -ge 0) { ($SetParameter.Position + 1).ToString() } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs $Description
    if (-not $isSwitch) {
        $writer.WriteStartElement('command', 'parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
        $writer.WriteString($type.Name)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $type.FullName)
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

Import-Module $ModulePath -Force
$module = Get-Module BackupMail
$missing = [System.Collections.Generic.List[string]]::new()

$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmdlet in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $pagePath = Join-Path $SourcePath "$($cmdlet.Name).md"
    if (-not (Test-Path -LiteralPath $pagePath)) { $missing.Add("$($cmdlet.Name): no page $pagePath"); continue }
    $page = ConvertFrom-HelpMarkdown $pagePath
    # The cmdlet's own parameters first, then -WhatIf and -Confirm (described by the generator unless the page does).
    $parameterNames = @($cmdlet.Parameters.Keys | Where-Object { $_ -notin $commonParameters -and $_ -notin $shouldProcessParameters }) +
        @($shouldProcessParameters | Where-Object { $cmdlet.Parameters.ContainsKey($_) })
    foreach ($name in $shouldProcessParameters) {
        if ($cmdlet.Parameters.ContainsKey($name) -and -not $page.Parameters.ContainsKey($name)) {
            $page.Parameters[$name] = @{ Name = $name; Text = @($shouldProcessText[$name]) }
        }
    }
    foreach ($name in $parameterNames) {
        if (-not $page.Parameters.ContainsKey($name)) { $missing.Add("$($cmdlet.Name): parameter -$name is not described") }
    }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)

    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmdlet.Noun)
    Write-Paragraphs $page.Synopsis
    $writer.WriteEndElement()

    Write-Paragraphs $page.Description

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        $setParameters = @($set.Parameters | Where-Object { $_.Name -notin $commonParameters -and $_.Name -notin $shouldProcessParameters }) +
            @(foreach ($name in $shouldProcessParameters) { $set.Parameters | Where-Object Name -EQ $name })
        foreach ($setParameter in $setParameters) {
            $text = if ($page.Parameters.ContainsKey($setParameter.Name)) { $page.Parameters[$setParameter.Name].Text -join "`n" } else { '' }
            Write-Parameter -Parameter $cmdlet.Parameters[$setParameter.Name] -SetParameter $setParameter -Description $text
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($name in $parameterNames) {
        $parameter = $cmdlet.Parameters[$name]
        $setParameter = $cmdlet.ParameterSets.Parameters | Where-Object Name -EQ $name | Select-Object -First 1
        $text = if ($page.Parameters.ContainsKey($name)) { $page.Parameters[$name].Text -join "`n" } else { '' }
        Write-Parameter -Parameter $parameter -SetParameter $setParameter -Description $text
    }
    $writer.WriteEndElement()

    if ($page.Inputs.Trim()) {
        $writer.WriteStartElement('command', 'inputTypes', $command)
        $writer.WriteStartElement('command', 'inputType', $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, (Split-Paragraph $page.Inputs | Select-Object -First 1))
        $writer.WriteEndElement()
        Write-Paragraphs (($page.Inputs -split "`n" | Select-Object -Skip 1) -join "`n")
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('command', 'returnValues', $command)
    $outputs = if ($page.Outputs.Trim()) { @(Split-Paragraph $page.Outputs | Select-Object -First 1) } else { @($cmdlet.OutputType.Name) }
    foreach ($output in $outputs) {
        $writer.WriteStartElement('command', 'returnValue', $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $output)
        $writer.WriteEndElement()
        Write-Paragraphs $(if ($page.Outputs.Trim()) { ($page.Outputs -split "`n" | Select-Object -Skip 1) -join "`n" } else { '' })
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    if ($page.Notes.Trim()) {
        $writer.WriteStartElement('maml', 'alertSet', $maml)
        $writer.WriteStartElement('maml', 'alert', $maml)
        foreach ($paragraph in (Split-Paragraph $page.Notes)) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('command', 'examples', $command)
    foreach ($example in $page.Examples) {
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, ($example.Code -join "`n"))
        $writer.WriteStartElement('dev', 'remarks', $dev)
        foreach ($paragraph in (Split-Paragraph ($example.Remarks -join "`n"))) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    $writer.WriteStartElement('maml', 'navigationLink', $maml)
    $writer.WriteElementString('maml', 'linkText', $maml, 'about_BackupMail')
    $writer.WriteElementString('maml', 'uri', $maml, '')
    $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.Dispose()

# Gaps are reported, not fatal: the Help tests fail on them, with the same list.
foreach ($gap in $missing) { Write-Warning "Help: $gap" }
