using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using BackupMail.Accounts;
using BackupMail.PowerShell.Resources;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Creates or updates a mail account (SMTP with a password or OAuth 2.0, or Microsoft Graph); its secrets go to a SecretManagement vault, never to disk.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "BackupMailAccount", SupportsShouldProcess = true, DefaultParameterSetName = ServerParameterSet)]
    [OutputType(typeof(MailAccount))]
    public sealed class SetBackupMailAccountCommand : PSCmdlet
    {
        private const string ServerParameterSet = "Server";
        private const string ProviderParameterSet = "Provider";

        #region Parameters

        /// <summary>The account's name (default <c>Default</c>).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Name { get; set; } = "Default";

        /// <summary>The SMTP server's host name.</summary>
        [Parameter(ParameterSetName = ServerParameterSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string SmtpServer { get; set; }

        /// <summary>A well-known provider: fills server, port and security.</summary>
        [Parameter(ParameterSetName = ProviderParameterSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public MailProvider Provider { get; set; }

        /// <summary>The port; by default it follows -Security (587 StartTls, 465 SslOnConnect, 25 otherwise).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(AccountService.MinPort, AccountService.MaxPort)]
        public int Port { get; set; }

        /// <summary>How the connection is secured (default Auto).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MailSecurity Security { get; set; }

        /// <summary>The sender address.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; }

        /// <summary>User name and password; the password is stored in the vault.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        /// <summary>The SecretManagement vault (default: the default vault).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Vault { get; set; }

        /// <summary>The secret's name (default <c>BackupMail-&lt;Name&gt;</c>).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string SecretName { get; set; }

        /// <summary>Accept any server certificate (a warning is written every time a connection uses it).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter SkipCertificateValidation { get; set; }

        /// <summary>Accept exactly the server certificate with this SHA-1 or SHA-256 thumbprint; an empty string removes the pin.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string CertificateThumbprint { get; set; }

        /// <summary>
        /// Sends the password even over an unencrypted connection: with -Security None, or when the server offers no
        /// STARTTLS. Without it the password goes only over TLS. Use it only on a network you trust.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter AllowInsecureAuthentication { get; set; }

        /// <summary>Bounds each phase of the SMTP exchange (connect, TLS and authentication; each message up to the server's answer), in seconds (default 30).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(AccountService.MinTimeoutSeconds, AccountService.MaxTimeoutSeconds)]
        public int TimeoutSeconds { get; set; }

        /// <summary>How messages go out: Smtp (default) or Graph (Microsoft Graph sendMail, OAuth only).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MailTransportKind Transport { get; set; }

        /// <summary>Password (default with -Credential), OAuthApp (an Entra application, unattended) or OAuthUser (a user signs in once with Connect-BackupMailAccount).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MailAuthentication Authentication { get; set; }

        /// <summary>OAuth: the Microsoft Entra tenant ID (a GUID) or primary domain.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; }

        /// <summary>OAuth: the application (client) ID of the app registration.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; }

        /// <summary>OAuthApp: the application's client secret; stored in the vault, never in config.json.</summary>
        [Parameter]
        [ValidateNotNull]
        public System.Security.SecureString ClientSecret { get; set; }

        /// <summary>OAuthApp: the thumbprint of a certificate with private key in the user's or machine's certificate store.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ClientCertificateThumbprint { get; set; }

        /// <summary>OAuthApp: a certificate with an exportable private key; kept in the vault as PFX.</summary>
        [Parameter]
        [ValidateNotNull]
        public X509Certificate2 ClientCertificate { get; set; }

        /// <summary>OAuth: the Microsoft cloud (Global, USGovernment, USGovernmentDoD, China): its sign-in, Graph and SMTP hosts.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MicrosoftCloud Cloud { get; set; }

        /// <summary>OAuth: the sign-in host instead of the cloud's (an https address); an empty string goes back to the cloud's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string AuthorityHost { get; set; }

        /// <summary>Graph: the Graph host instead of the cloud's (an https address); an empty string goes back to the cloud's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string GraphEndpoint { get; set; }

        /// <summary>OAuthUser: the OAuth 2.0 token endpoint of a provider other than Microsoft (e.g. Google's); an empty string goes back to Microsoft Entra.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string TokenEndpoint { get; set; }

        /// <summary>Graph: keep a copy of each notification in the sender's Sent Items (default off).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter SaveToSentItems { get; set; }

        /// <summary>Writes the stored account to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Name, CmdletStrings.Format("ActionSetAccount")))
            {
                return;
            }

            var settings = new AccountSettings
            {
                Name = Name,
                Provider = IsBound(nameof(Provider)) ? Provider : (MailProvider?)null,
                SmtpServer = SmtpServer,
                Port = IsBound(nameof(Port)) ? Port : (int?)null,
                Security = IsBound(nameof(Security)) ? Security : (MailSecurity?)null,
                From = From,
                // The user name stays whole (GetNetworkCredential() would split "DOMAIN\\user").
                Credential = Credential == null ? null : new NetworkCredential(Credential.UserName, Credential.Password),
                Vault = Vault,
                SecretName = SecretName,
                SkipCertificateValidation = IsBound(nameof(SkipCertificateValidation)) ? SkipCertificateValidation.IsPresent : (bool?)null,
                CertificateThumbprint = CertificateThumbprint,
                TimeoutSeconds = IsBound(nameof(TimeoutSeconds)) ? TimeoutSeconds : (int?)null,
                AllowInsecureAuthentication = IsBound(nameof(AllowInsecureAuthentication)) ? AllowInsecureAuthentication.IsPresent : (bool?)null,
                Transport = IsBound(nameof(Transport)) ? Transport : (MailTransportKind?)null,
                Authentication = IsBound(nameof(Authentication)) ? Authentication : (MailAuthentication?)null,
                TenantId = TenantId,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientCertificateThumbprint = ClientCertificateThumbprint,
                Cloud = IsBound(nameof(Cloud)) ? Cloud : (MicrosoftCloud?)null,
                AuthorityHost = AuthorityHost,
                GraphEndpoint = GraphEndpoint,
                TokenEndpoint = TokenEndpoint,
                SaveToSentItems = IsBound(nameof(SaveToSentItems)) ? SaveToSentItems.IsPresent : (bool?)null,
            };

            try
            {
                if (ClientCertificate != null)
                {
                    settings.ClientCertificatePfx = ClientCertificatePfx.Export(ClientCertificate);
                }

                var account = EngineServices.Open(this).Accounts.Set(settings);
                if (PassThru)
                {
                    WriteObject(account);
                }
            }
            catch (BackupMailException ex)
            {
                WriteError(ErrorRecords.From(ex));
            }
        }

        private bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
