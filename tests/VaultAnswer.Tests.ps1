# How BackupMail reads SecretManagement's answers (VaultAnswer): error records shaped as the real modules write them
# (Microsoft.PowerShell.SecretManagement's documented error ids, SecretStore's PasswordRequiredException), built here
# rather than through the test double, so the classification is checked against the documented shapes themselves.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/BackupMail') -Force
    $script:answerType = [BackupMail.PowerShell.SetBackupMailAccountCommand].Assembly.GetType('BackupMail.PowerShell.VaultAnswer', $true)

    # SecretStore's exception, by the name it has in Microsoft.PowerShell.SecretStore.
    class PasswordRequiredException : System.InvalidOperationException {
        PasswordRequiredException([string] $message) : base($message) { }
    }

    function script:New-Answer {
        param([System.Management.Automation.ErrorRecord[]] $Errors = @(), [object[]] $Results = @())
        $collection = [System.Collections.ObjectModel.Collection[psobject]]::new()
        foreach ($result in $Results) { $collection.Add([psobject]$result) }
        $list = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
        foreach ($record in $Errors) { $list.Add($record) }
        [Activator]::CreateInstance($answerType, @($collection, $list.AsReadOnly()))
    }

    function script:New-Record {
        param([Exception] $Exception, [string] $ErrorId, [System.Management.Automation.ErrorCategory] $Category = 'NotSpecified')
        [System.Management.Automation.ErrorRecord]::new($Exception, $ErrorId, $Category, $null)
    }

    function script:Get-Verdict {
        param($Answer)
        foreach ($name in 'IsLocked', 'IsNotFound', 'IsVaultUnknown') { if ($answerType.GetProperty($name).GetValue($Answer)) { return $name } }
        'None'
    }
}

Describe 'Reading SecretManagement''s answers' {
    It '<Case> reads as <Verdict>' -ForEach @(
        @{ Case = 'Get-Secret: the secret was not found'; Verdict = 'IsNotFound'
           Record = { New-Record ([System.Management.Automation.ItemNotFoundException]::new('The secret BackupMail-Default was not found.')) 'GetSecretNotFound,Microsoft.PowerShell.SecretManagement.GetSecretCommand' ObjectNotFound } }
        @{ Case = 'a locked SecretStore (PasswordRequiredException, wrapped by SecretManagement)'; Verdict = 'IsLocked'
           Record = { New-Record ([System.Management.Automation.PSInvalidOperationException]::new('Unable to get secret BackupMail-Default from vault LocalStore', [PasswordRequiredException]::new('A valid password is required to access the Microsoft.PowerShell.SecretStore vault. Use the Unlock-SecretStore cmdlet to provide the required password to access the store.'))) 'GetSecretException,Microsoft.PowerShell.SecretManagement.GetSecretCommand' InvalidOperation } }
        @{ Case = 'a vault that would prompt in a -NonInteractive session'; Verdict = 'IsLocked'
           Record = { New-Record ([System.Management.Automation.PSInvalidOperationException]::new('PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.')) 'GetSecretException,Microsoft.PowerShell.SecretManagement.GetSecretCommand' InvalidOperation } }
        @{ Case = 'a -Vault that is not registered'; Verdict = 'IsVaultUnknown'
           Record = { New-Record ([System.Management.Automation.ItemNotFoundException]::new('Vault Missing not found in registry.')) 'GetSecretVaultNotFound,Microsoft.PowerShell.SecretManagement.GetSecretCommand' ObjectNotFound } }
        @{ Case = 'any other failure of the vault extension'; Verdict = 'None'
           Record = { New-Record ([System.IO.IOException]::new('The vault file is in use.')) 'GetSecretException,Microsoft.PowerShell.SecretManagement.GetSecretCommand' ReadError } }
    ) {
        $answer = New-Answer -Errors (& $Record)
        Get-Verdict $answer | Should -Be $Verdict
        $answer.FirstMessage | Should -Not -BeNullOrEmpty
    }

    It 'reads no failure when there is no error, and the innermost message as the first one' {
        Get-Verdict (New-Answer -Results 'secret') | Should -Be 'None'
        $wrapped = New-Record ([System.InvalidOperationException]::new('outer', [System.IO.IOException]::new('the inner reason'))) 'GetSecretException'
        (New-Answer -Errors $wrapped).FirstMessage | Should -Be 'the inner reason'
    }

    It 'knows a missing SecretManagement module from any other error' {
        $isMissing = $answerType.GetMethod('IsModuleMissing')
        $isMissing.Invoke($null, @([System.Management.Automation.CommandNotFoundException]::new('Get-Secret'))) | Should -BeTrue
        $autoload = [System.Management.Automation.RuntimeException]::new('The module could not be loaded.')
        $record = New-Record $autoload 'CouldNotAutoLoadModule'
        $withRecord = [System.Management.Automation.RuntimeException]::new('The module could not be loaded.', $null, $record)
        $isMissing.Invoke($null, @($withRecord)) | Should -BeTrue
        $isMissing.Invoke($null, @([System.IO.IOException]::new('disk'))) | Should -BeFalse
    }
}
