# TEST DOUBLE of Microsoft.PowerShell.SecretManagement 1.1.2 for BackupMail's tests (see the .psd1).
#
# What it imitates from the real module's public documentation and behaviour:
# - cmdlet names, parameter names, positions and parameter sets;
# - secret types: String and SecureString (returned as SecureString unless -AsPlainText), PSCredential, byte[];
# - errors: a missing secret writes "The secret <name> was not found." (ErrorId GetSecretNotFound,
#   ItemNotFoundException, ObjectNotFound); a vault that cannot be read writes an error whose exception is a
#   PasswordRequiredException with the SecretStore's text ("A valid password is required to access the
#   Microsoft.PowerShell.SecretStore vault. ...") and, when no -Vault was named, the not-found error after it.
#
# What is particular to the double:
# - every vault lives in a file under $env:BACKUPMAIL_TEST_VAULT_DIR (required: nothing is written elsewhere);
# - secret values are obfuscated (XOR + base64), not encrypted: this is test data only;
# - a vault registered with -VaultParameters @{ Locked = $true } behaves as a locked SecretStore whose
#   Interaction is None: every access fails at once, nothing prompts. With @{ Locked = $true; Interaction = 'Prompt' }
#   it asks the host for the vault's password (ReadLineAsSecureString), as the SecretStore does.

Set-StrictMode -Version 3.0

class PasswordRequiredException : System.InvalidOperationException {
    PasswordRequiredException([string] $message) : base($message) { }
}

$script:LockedMessage = "A valid password is required to access the Microsoft.PowerShell.SecretStore vault.`nUse the Unlock-SecretStore cmdlet to provide the required password to access the store."
$script:ObfuscationKey = [System.Text.Encoding]::UTF8.GetBytes('BackupMail.TestVault.NotASecurityBoundary')

#region Storage

function Get-VaultDirectory {
    $dir = $env:BACKUPMAIL_TEST_VAULT_DIR
    if ([string]::IsNullOrEmpty($dir)) {
        throw [System.InvalidOperationException]::new('The SecretManagement test double needs $env:BACKUPMAIL_TEST_VAULT_DIR (a directory for its vault files).')
    }
    if (-not (Test-Path -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Path $dir -Force }
    return $dir
}

function Read-JsonFile([string] $path) {
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    $text = [System.IO.File]::ReadAllText($path)
    if ([string]::IsNullOrWhiteSpace($text)) { return $null }
    return ConvertFrom-Json -InputObject $text
}

function Write-JsonFile([string] $path, $value) {
    $json = ConvertTo-Json -InputObject $value -Depth 8
    [System.IO.File]::WriteAllText($path, $json, [System.Text.UTF8Encoding]::new($false))
}

function Get-Registry {
    $path = Join-Path (Get-VaultDirectory) 'registry.json'
    $data = Read-JsonFile $path
    $registry = [ordered]@{ DefaultVault = $null; Vaults = [System.Collections.Generic.List[object]]::new() }
    if ($null -ne $data) {
        $registry.DefaultVault = $data.DefaultVault
        foreach ($v in @($data.Vaults)) {
            if ($null -eq $v) { continue }
            $parameters = @{}
            if ($null -ne $v.VaultParameters) {
                foreach ($p in $v.VaultParameters.PSObject.Properties) { $parameters[$p.Name] = $p.Value }
            }
            $registry.Vaults.Add([ordered]@{
                Name = [string] $v.Name; ModuleName = [string] $v.ModuleName
                Description = [string] $v.Description; VaultParameters = $parameters
            })
        }
    }
    return $registry
}

function Save-Registry($registry) {
    Write-JsonFile (Join-Path (Get-VaultDirectory) 'registry.json') @{
        DefaultVault = $registry.DefaultVault
        Vaults       = @($registry.Vaults)
    }
}

function Find-Vault($registry, [string] $name) {
    foreach ($v in $registry.Vaults) { if ($v.Name -eq $name) { return $v } }
    return $null
}

function Get-VaultFilePath([string] $vaultName) {
    $safe = ($vaultName -replace '[^A-Za-z0-9_.-]', '_')
    return Join-Path (Get-VaultDirectory) "vault-$safe.json"
}

function Read-VaultSecrets([string] $vaultName) {
    $secrets = [ordered]@{}
    $data = Read-JsonFile (Get-VaultFilePath $vaultName)
    if ($null -ne $data) {
        foreach ($p in $data.PSObject.Properties) { $secrets[$p.Name] = $p.Value }
    }
    return $secrets
}

function Save-VaultSecrets([string] $vaultName, $secrets) {
    Write-JsonFile (Get-VaultFilePath $vaultName) $secrets
}

function Protect-Text([string] $text) {
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = $bytes[$i] -bxor $script:ObfuscationKey[$i % $script:ObfuscationKey.Length] }
    return [Convert]::ToBase64String($bytes)
}

function Unprotect-Text([string] $data) {
    $bytes = [Convert]::FromBase64String($data)
    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = $bytes[$i] -bxor $script:ObfuscationKey[$i % $script:ObfuscationKey.Length] }
    return [System.Text.Encoding]::UTF8.GetString($bytes)
}

function ConvertFrom-SecureStringToPlain([System.Security.SecureString] $secure) {
    return [System.Net.NetworkCredential]::new('', $secure).Password
}

function ConvertTo-SecureStringFromPlain([string] $plain) {
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $plain.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    return $secure
}

function ConvertTo-StoredSecret($secret) {
    if ($secret -is [System.Management.Automation.PSObject]) { $secret = $secret.BaseObject }
    if ($secret -is [System.Management.Automation.PSCredential]) {
        return [ordered]@{ Type = 'PSCredential'; UserName = $secret.UserName; Data = Protect-Text (ConvertFrom-SecureStringToPlain $secret.Password) }
    }
    if ($secret -is [System.Security.SecureString]) {
        return [ordered]@{ Type = 'SecureString'; UserName = $null; Data = Protect-Text (ConvertFrom-SecureStringToPlain $secret) }
    }
    if ($secret -is [string]) {
        return [ordered]@{ Type = 'String'; UserName = $null; Data = Protect-Text $secret }
    }
    if ($secret -is [byte[]]) {
        return [ordered]@{ Type = 'ByteArray'; UserName = $null; Data = Protect-Text ([Convert]::ToBase64String($secret)) }
    }
    throw [System.ArgumentException]::new("Invalid secret type: $($secret.GetType().FullName). Supported types: String, SecureString, PSCredential, byte[].")
}

function ConvertFrom-StoredSecret($stored, [bool] $asPlainText) {
    $plain = Unprotect-Text $stored.Data
    switch ($stored.Type) {
        'PSCredential' { return [System.Management.Automation.PSCredential]::new($stored.UserName, (ConvertTo-SecureStringFromPlain $plain)) }
        'ByteArray' { return , [Convert]::FromBase64String($plain) }
        default {
            if ($asPlainText) { return $plain }
            return ConvertTo-SecureStringFromPlain $plain
        }
    }
}

function Test-VaultLocked($vault) {
    if (-not ($vault.VaultParameters.ContainsKey('Locked') -and $vault.VaultParameters['Locked'])) { return $false }
    if ($vault.VaultParameters['Interaction'] -ne 'Prompt') { return $true }

    # Interaction Prompt: like the SecretStore, ask the host for the vault's password; any answer unlocks the
    # double. A host that cannot prompt throws; the cmdlets report that as "Unable to get secret ...".
    try {
        $Host.UI.WriteLine("Vault $($vault.Name) requires a password.")
        $Host.UI.Write('Enter password:')
        $null = $Host.UI.ReadLineAsSecureString()
    }
    catch { throw }
    return $false
}

function New-LockedErrorRecord([string] $errorId, $target) {
    return [System.Management.Automation.ErrorRecord]::new(
        [PasswordRequiredException]::new($script:LockedMessage), $errorId,
        [System.Management.Automation.ErrorCategory]::InvalidOperation, $target)
}

function Get-VaultOrThrow($cmdlet, $registry, [string] $name) {
    $vault = Find-Vault $registry $name
    if ($null -eq $vault) {
        $cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.Management.Automation.ItemNotFoundException]::new("Vault not found in registry: $name"),
                'GetSecretVaultNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $name))
    }
    return $vault
}

function Get-SearchOrder($registry) {
    $order = [System.Collections.Generic.List[object]]::new()
    $default = if ($registry.DefaultVault) { Find-Vault $registry $registry.DefaultVault } else { $null }
    if ($null -ne $default) { $order.Add($default) }
    foreach ($v in $registry.Vaults) { if ($v -ne $default) { $order.Add($v) } }
    return , $order
}

function New-SecretInformation([string] $name, [string] $type, [string] $vaultName) {
    return [pscustomobject]@{
        PSTypeName = 'Microsoft.PowerShell.SecretManagement.SecretInformation'
        Name       = $name
        Type       = $type
        VaultName  = $vaultName
        Metadata   = @{}
    }
}

#endregion

function Get-Secret {
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet')]
    [OutputType([object])]
    param(
        [Parameter(ParameterSetName = 'NameParameterSet', Position = 0, Mandatory, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter(ParameterSetName = 'NameParameterSet', Position = 1, ValueFromPipelineByPropertyName)]
        [string] $Vault,

        [Parameter(ParameterSetName = 'InfoParameterSet', Position = 0, Mandatory, ValueFromPipeline)]
        [ValidateNotNull()]
        [object] $InputObject,

        [switch] $AsPlainText
    )
    process {
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') {
            $Name = $InputObject.Name
            $Vault = $InputObject.VaultName
        }
        if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($Name)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new('Name parameter cannot contain wildcard characters.'),
                    'GetSecretNoWildcardCharsAllowed', [System.Management.Automation.ErrorCategory]::InvalidArgument, $Name))
            return
        }

        $registry = Get-Registry
        $vaults = if ($Vault) { , @(Get-VaultOrThrow $PSCmdlet $registry $Vault) } else { Get-SearchOrder $registry }
        foreach ($v in $vaults) {
            try { $locked = Test-VaultLocked $v }
            catch {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.Management.Automation.PSInvalidOperationException]::new("Unable to get secret $Name from vault $($v.Name)", $_.Exception),
                        'GetSecretInvalidOperation', [System.Management.Automation.ErrorCategory]::InvalidOperation, $Name))
                if ($Vault) { return }
                continue
            }
            if ($locked) {
                $PSCmdlet.WriteError((New-LockedErrorRecord 'GetSecretException' $Name))
                if ($Vault) { return }
                continue
            }
            $secrets = Read-VaultSecrets $v.Name
            if ($secrets.Contains($Name)) {
                Write-Verbose "Secret $Name was successfully retrieved from vault $($v.Name)."
                ConvertFrom-StoredSecret $secrets[$Name] $AsPlainText.IsPresent
                return
            }
        }

        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."),
                'GetSecretNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Name))
    }
}

function Set-Secret {
    [CmdletBinding(DefaultParameterSetName = 'SecureStringParameterSet', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'SecureStringParameterSet', Position = 0, Mandatory)]
        [Parameter(ParameterSetName = 'ObjectParameterSet', Position = 0, Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter(ParameterSetName = 'ObjectParameterSet', Mandatory, ValueFromPipeline)]
        [object] $Secret,

        [Parameter(ParameterSetName = 'SecureStringParameterSet', Mandatory, ValueFromPipeline)]
        [System.Security.SecureString] $SecureStringSecret,

        [Parameter(ParameterSetName = 'SecretInfoParameterSet', Mandatory, ValueFromPipeline)]
        [object] $SecretInfo,

        [Parameter(ParameterSetName = 'SecureStringParameterSet', Position = 1)]
        [Parameter(ParameterSetName = 'ObjectParameterSet', Position = 1)]
        [Parameter(ParameterSetName = 'SecretInfoParameterSet', Position = 0, Mandatory)]
        [string] $Vault,

        [Parameter(ParameterSetName = 'SecureStringParameterSet', Position = 2)]
        [Parameter(ParameterSetName = 'ObjectParameterSet', Position = 2)]
        [hashtable] $Metadata,

        [switch] $NoClobber
    )
    process {
        $registry = Get-Registry
        if (-not $Vault) {
            $Vault = $registry.DefaultVault
            if (-not $Vault) {
                $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                        [System.InvalidOperationException]::new("Unable to set secret $Name. No default vault is registered. Use Register-SecretVault -DefaultVault to register one."),
                        'SetSecretFailNoDefaultVault', [System.Management.Automation.ErrorCategory]::InvalidOperation, $Name))
            }
        }
        $v = Get-VaultOrThrow $PSCmdlet $registry $Vault

        if ($PSCmdlet.ParameterSetName -eq 'SecretInfoParameterSet') {
            $Name = $SecretInfo.Name
            $Secret = Get-Secret -Name $SecretInfo.Name -Vault $SecretInfo.VaultName -ErrorAction Stop
        }
        elseif ($PSCmdlet.ParameterSetName -eq 'SecureStringParameterSet') {
            $Secret = $SecureStringSecret
        }

        if (-not $PSCmdlet.ShouldProcess("Vault: $Vault", "Write secret $Name")) { return }

        if (Test-VaultLocked $v) {
            $PSCmdlet.WriteError((New-LockedErrorRecord 'SetSecretException' $Name))
            return
        }

        $secrets = Read-VaultSecrets $v.Name
        if ($NoClobber -and $secrets.Contains($Name)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new("A secret with name $Name already exists in vault $Vault."),
                    'AddSecretAlreadyExists', [System.Management.Automation.ErrorCategory]::ResourceExists, $Name))
            return
        }

        try { $secrets[$Name] = ConvertTo-StoredSecret $Secret }
        catch {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new($_.Exception, 'SetSecretInvalidOperation',
                    [System.Management.Automation.ErrorCategory]::InvalidArgument, $Name))
            return
        }
        Save-VaultSecrets $v.Name $secrets
        Write-Verbose "Secret $Name was successfully added to vault $Vault."
    }
}

function Remove-Secret {
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'NameParameterSet', Position = 0, Mandatory, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter(ParameterSetName = 'NameParameterSet', Position = 1, Mandatory, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Vault,

        [Parameter(ParameterSetName = 'InfoParameterSet', Position = 0, Mandatory, ValueFromPipeline)]
        [ValidateNotNull()]
        [object] $InputObject
    )
    process {
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') {
            $Name = $InputObject.Name
            $Vault = $InputObject.VaultName
        }
        $registry = Get-Registry
        $v = Get-VaultOrThrow $PSCmdlet $registry $Vault
        if (-not $PSCmdlet.ShouldProcess("Vault: $Vault", "Remove secret $Name")) { return }

        if (Test-VaultLocked $v) {
            $PSCmdlet.WriteError((New-LockedErrorRecord 'RemoveSecretException' $Name))
            return
        }
        $secrets = Read-VaultSecrets $v.Name
        if (-not $secrets.Contains($Name)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new("Unable to remove secret $Name from vault $Vault",
                        [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.")),
                    'RemoveSecretInvalidOperation', [System.Management.Automation.ErrorCategory]::InvalidOperation, $Name))
            return
        }
        $secrets.Remove($Name)
        Save-VaultSecrets $v.Name $secrets
        Write-Verbose "Secret $Name was successfully removed from vault $Vault."
    }
}

function Get-SecretInfo {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)]
        [string] $Name,

        [Parameter(Position = 1)]
        [string] $Vault
    )
    end {
        if (-not $Name) { $Name = '*' }
        $pattern = [System.Management.Automation.WildcardPattern]::new($Name, [System.Management.Automation.WildcardOptions]::IgnoreCase)
        $registry = Get-Registry
        $vaults = if ($Vault) { , @(Get-VaultOrThrow $PSCmdlet $registry $Vault) } else { Get-SearchOrder $registry }
        foreach ($v in $vaults) {
            if (Test-VaultLocked $v) {
                $PSCmdlet.WriteError((New-LockedErrorRecord 'GetSecretInfoException' $v.Name))
                continue
            }
            $secrets = Read-VaultSecrets $v.Name
            foreach ($key in ($secrets.Keys | Sort-Object)) {
                if ($pattern.IsMatch($key)) { New-SecretInformation $key $secrets[$key].Type $v.Name }
            }
        }
    }
}

function Get-SecretVault {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)]
        [ArgumentCompleter({ (Get-Registry).Vaults.Name })]
        [string[]] $Name
    )
    end {
        $registry = Get-Registry
        $patterns = if ($Name) { $Name } else { @('*') }
        foreach ($v in $registry.Vaults) {
            foreach ($p in $patterns) {
                if ($v.Name -like $p) {
                    [pscustomobject]@{
                        PSTypeName      = 'Microsoft.PowerShell.SecretManagement.SecretVaultInfo'
                        Name            = $v.Name
                        ModuleName      = $v.ModuleName
                        ModulePath      = $null
                        Description     = $v.Description
                        VaultParameters = $v.VaultParameters
                        IsDefault       = ($v.Name -eq $registry.DefaultVault)
                    }
                    break
                }
            }
        }
    }
}

function Register-SecretVault {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Position = 0, Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $ModuleName,

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [hashtable] $VaultParameters = @{},

        [switch] $DefaultVault,

        [switch] $AllowClobber,

        [switch] $PassThru,

        [string] $Description
    )
    end {
        if (-not $Name) { $Name = $ModuleName }
        $registry = Get-Registry
        $existing = Find-Vault $registry $Name
        if ($null -ne $existing -and -not $AllowClobber) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new("Provided Name $Name for vault is already being used."),
                    'RegisterSecretVaultInvalidVaultName', [System.Management.Automation.ErrorCategory]::InvalidArgument, $Name))
        }
        if (-not $PSCmdlet.ShouldProcess($Name, 'Register module as a SecretManagement vault')) { return }
        if ($null -ne $existing) { $null = $registry.Vaults.Remove($existing) }
        $registry.Vaults.Add([ordered]@{ Name = $Name; ModuleName = $ModuleName; Description = $Description; VaultParameters = $VaultParameters })
        if ($DefaultVault -or -not $registry.DefaultVault) { $registry.DefaultVault = $Name }
        Save-Registry $registry
        if ($PassThru) { Get-SecretVault -Name $Name }
    }
}

function Unregister-SecretVault {
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'NameParameterSet', Position = 0, Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [Parameter(ParameterSetName = 'SecretVaultParameterSet', Position = 0, Mandatory, ValueFromPipeline)]
        [ValidateNotNull()]
        [object] $SecretVault
    )
    process {
        $names = if ($PSCmdlet.ParameterSetName -eq 'SecretVaultParameterSet') { @($SecretVault.Name) } else { $Name }
        $registry = Get-Registry
        foreach ($n in $names) {
            $v = Find-Vault $registry $n
            if ($null -eq $v) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.Management.Automation.ItemNotFoundException]::new("Unable to find secret vault $n to unregister it."),
                        'UnregisterSecretVaultObjectNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $n))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($n, 'Unregister vault')) { continue }
            $null = $registry.Vaults.Remove($v)
            if ($registry.DefaultVault -eq $n) { $registry.DefaultVault = $null }
        }
        Save-Registry $registry
    }
}

function Set-SecretVaultDefault {
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'NameParameterSet', Position = 0, Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter(ParameterSetName = 'SecretVaultParameterSet', Position = 0, Mandatory, ValueFromPipeline)]
        [ValidateNotNull()]
        [object] $SecretVault,

        [Parameter(ParameterSetName = 'ClearParameterSet', Mandatory)]
        [switch] $ClearDefault
    )
    process {
        $registry = Get-Registry
        if ($ClearDefault) {
            if ($PSCmdlet.ShouldProcess('SecretManagement', 'Clear the default vault')) {
                $registry.DefaultVault = $null
                Save-Registry $registry
            }
            return
        }
        if ($PSCmdlet.ParameterSetName -eq 'SecretVaultParameterSet') { $Name = $SecretVault.Name }
        $null = Get-VaultOrThrow $PSCmdlet $registry $Name
        if ($PSCmdlet.ShouldProcess($Name, 'Set as the default vault')) {
            $registry.DefaultVault = $Name
            Save-Registry $registry
        }
    }
}

function Test-SecretVault {
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [string[]] $Name
    )
    process {
        $registry = Get-Registry
        $vaults = if ($Name) { foreach ($n in $Name) { Get-VaultOrThrow $PSCmdlet $registry $n } } else { $registry.Vaults }
        foreach ($v in $vaults) {
            if (Test-VaultLocked $v) {
                $PSCmdlet.WriteError((New-LockedErrorRecord 'TestSecretVaultException' $v.Name))
                $false
                continue
            }
            $true
        }
    }
}

Export-ModuleMember -Function Get-Secret, Set-Secret, Remove-Secret, Get-SecretInfo, Get-SecretVault,
    Register-SecretVault, Unregister-SecretVault, Set-SecretVaultDefault, Test-SecretVault
