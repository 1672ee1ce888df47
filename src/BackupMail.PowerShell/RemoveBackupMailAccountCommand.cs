using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BackupMail.Accounts;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Removes SMTP accounts and their passwords from the vault.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "BackupMailAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveBackupMailAccountCommand : PSCmdlet
    {
        #region Parameters

        /// <summary>The accounts' names (binds from the Name of Get-BackupMailAccount's output).</summary>
        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[] Name { get; set; }

        #endregion

        private EngineServices _services;

        /// <inheritdoc />
        protected override void BeginProcessing() => _services = EngineServices.Open(this);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                if (!ShouldProcess(name, DescribeRemoval(name)))
                {
                    continue;
                }

                try
                {
                    _services.Accounts.Remove(name);
                }
                catch (BackupMailException ex)
                {
                    WriteError(ErrorRecords.From(ex));
                }
            }
        }

        /// <summary>
        /// The -WhatIf/-Confirm text: the account, and the secrets that go with it (password, client secret or
        /// certificate, tokens), only those it has and no other account shares.
        /// </summary>
        private string DescribeRemoval(string name)
        {
            IReadOnlyList<MailAccount> accounts;
            MailAccount account;
            try
            {
                accounts = _services.Accounts.GetAll();
                account = _services.Accounts.Find(name);
            }
            catch (BackupMailException)
            {
                return CmdletStrings.Format("ActionRemoveAccount"); // Remove says what is wrong.
            }

            var secrets = new List<string>();
            bool shared = accounts.Any(a =>
                !string.Equals(a.Name, account.Name, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(a.SecretName, account.SecretName, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(a.Vault ?? string.Empty, account.Vault ?? string.Empty, StringComparison.OrdinalIgnoreCase));
            if (!string.IsNullOrEmpty(account.SecretName) && !shared)
            {
                secrets.Add(CmdletStrings.Format(
                    account.Authentication == MailAuthentication.Password ? "RemovedPassword"
                    : account.ClientCredential == OAuthClientCredential.VaultCertificate ? "RemovedClientCertificate"
                    : "RemovedClientSecret"));
            }

            if (!string.IsNullOrEmpty(account.TokenSecretName))
            {
                secrets.Add(CmdletStrings.Format(account.Authentication == MailAuthentication.OAuthUser ? "RemovedTokensAndRefreshToken" : "RemovedTokens"));
            }

            if (secrets.Count == 0)
            {
                return CmdletStrings.Format("ActionRemoveAccount");
            }

            string vault = string.IsNullOrEmpty(account.Vault) ? CmdletStrings.Format("DefaultVault") : CmdletStrings.Format("NamedVault", account.Vault);
            return CmdletStrings.Format("ActionRemoveAccountAndSecrets", string.Join(CmdletStrings.Format("RemovedSecretsJoin"), secrets), vault);
        }
    }
}
