using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.PowerShell.Completion;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Signs an OAuthUser account in once (device code, or a refresh token obtained elsewhere) and keeps its refresh token in the vault.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "BackupMailAccount", SupportsShouldProcess = true, DefaultParameterSetName = DeviceCodeParameterSet)]
    [OutputType(typeof(OAuthSignInResult))]
    public sealed class ConnectBackupMailAccountCommand : StoppableCmdlet
    {
        private const string DeviceCodeParameterSet = "DeviceCode";
        private const string RefreshTokenParameterSet = "RefreshToken";

        #region Parameters

        /// <summary>The account to sign in (default <c>Default</c>); it must use -Authentication OAuthUser.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Name { get; set; } = "Default";

        /// <summary>A refresh token obtained elsewhere (for example from Google's OAuth 2.0 playground); redeemed once to check it.</summary>
        [Parameter(ParameterSetName = RefreshTokenParameterSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString RefreshToken { get; set; }

        #endregion

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            try
            {
                var services = EngineServices.Open(this);
                var account = services.Accounts.Find(Name);
                if (account.Authentication != MailAuthentication.OAuthUser)
                {
                    throw new BackupMailException(
                        ErrorIds.AccountNotOAuthUser, BackupMailErrorKind.InvalidArgument,
                        CmdletStrings.Format("AccountNotOAuthUser", account.Name, account.Authentication), account.Name);
                }

                if (!ShouldProcess(account.Name, CmdletStrings.Format("ActionConnectAccount", account.TokenSecretName)))
                {
                    return;
                }

                AccessToken token;
                string method;
                if (RefreshToken != null)
                {
                    method = "RefreshToken";
                    token = services.Tokens.SignInWithRefreshToken(account, RefreshToken, StopToken);
                }
                else
                {
                    method = "DeviceCode";
                    token = services.Tokens.SignInWithDeviceCode(account, ShowPrompt, StopToken);
                }

                WriteObject(new OAuthSignInResult
                {
                    Account = account.Name,
                    Method = method,
                    ExpiresOn = token.ExpiresOn,
                    Scopes = token.Permissions.ToArray(),
                    TokenSecretName = account.TokenSecretName,
                });
            }
            catch (BackupMailException ex)
            {
                WriteError(ErrorRecords.From(ex));
            }
            catch (System.OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C while waiting for the sign-in: nothing was stored.
            }
        }

        // The identity provider's instructions go straight to the host: the sign-in waits on another thread, where the
        // cmdlet's own streams cannot be written, and the person at the keyboard must see them at once.
        private void ShowPrompt(DeviceCodePrompt prompt)
        {
            var text = string.IsNullOrEmpty(prompt.Message)
                ? CmdletStrings.Format("DeviceCodePrompt", prompt.VerificationUri, prompt.UserCode, prompt.ExpiresOn)
                : prompt.Message;
            Host.UI.WriteLine(text);
        }
    }
}
