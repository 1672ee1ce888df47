using System.Management.Automation;
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
    public sealed class TestBackupMailAccountCommand : PSCmdlet, System.IDisposable
    {
        #region Parameters

        /// <summary>The account's name (default <c>Default</c>).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[] Name { get; set; } = { "Default" };

        #endregion

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private EngineServices _services;

        /// <inheritdoc />
        protected override void BeginProcessing() => _services = EngineServices.Open(this);

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                try
                {
                    WriteObject(_services.Transport.Test(_services.Accounts.Find(name), _stopping.Token));
                }
                catch (BackupMailException ex)
                {
                    WriteError(ErrorRecords.From(ex));
                }
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Closes what the call opened, also when it was stopped (PowerShell disposes the cmdlet).</summary>
        public void Dispose()
        {
            _stopping.Dispose();
        }
    }
}
