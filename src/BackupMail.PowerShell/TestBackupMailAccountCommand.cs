using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BackupMail.Accounts;
using BackupMail.PowerShell.Completion;
using System.Threading;
using BackupMail.Delivery;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Connects to the account's server, negotiates TLS, authenticates and says QUIT: sends nothing.</para>
    /// <para type="description">Reports the server, the TLS protocol, the certificate (subject, issuer, SHA-256 thumbprint, expiry), whether authentication succeeded and the server's SIZE limit.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BackupMailAccount")]
    [OutputType(typeof(AccountTestResult))]
    public sealed class TestBackupMailAccountCommand : StoppableCmdlet
    {
        #region Parameters

        /// <summary>
        /// The account's name (default <c>Default</c>); wildcards test every matching account (none matching: nothing,
        /// as Get-BackupMailAccount), while a plain name that does not exist is an <c>AccountNotFound</c> error.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[] Name { get; set; } = { "Default" };

        #endregion

        private EngineServices _services;

        /// <inheritdoc />
        protected override void BeginProcessing() => _services = EngineServices.Open(this);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name))
                {
                    TestOne(() => _services.Accounts.Find(name));
                    continue;
                }

                IReadOnlyList<MailAccount> accounts;
                try
                {
                    accounts = _services.Accounts.GetAll();
                }
                catch (BackupMailException ex)
                {
                    WriteError(ErrorRecords.From(ex));
                    continue;
                }

                // A name piped from Get-BackupMailAccount is itself, even with brackets in it ("Office [NAS]").
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var exact = accounts.Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
                foreach (var account in exact.Count > 0 ? exact : accounts.Where(a => pattern.IsMatch(a.Name)))
                {
                    TestOne(() => account);
                }
            }
        }

        private void TestOne(Func<MailAccount> find)
        {
            try
            {
                WriteObject(_services.Transport.Test(find(), StopToken));
            }
            catch (BackupMailException ex)
            {
                WriteError(ErrorRecords.From(ex));
            }
        }
    }
}
