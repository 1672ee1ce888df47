using BackupMail.Resources;

namespace BackupMail.Accounts
{
    /// <summary>A stored mail account. It never holds a password, client secret or token: those live in a SecretManagement vault.</summary>
    public sealed class MailAccount
    {
        /// <summary>The account's name (default <c>Default</c>).</summary>
        public string Name { get; set; } = "Default";

        /// <summary>The provider preset the account was made from, or Custom.</summary>
        public MailProvider Provider { get; set; } = MailProvider.Custom;

        /// <summary>The SMTP server's host name.</summary>
        // Null only while an account is being built: AccountService requires a server for a new account, and
        // ConfigValidator refuses a stored account without one, so every account the engine works with has it.
        public string SmtpServer { get; set; } = null!;

        /// <summary>The SMTP port.</summary>
        public int Port { get; set; } = 25;

        /// <summary>How the connection is secured.</summary>
        public MailSecurity Security { get; set; } = MailSecurity.Auto;

        /// <summary>The sender address.</summary>
        public string? From { get; set; }

        /// <summary>The user name to authenticate with; null for an anonymous relay.</summary>
        public string? UserName { get; set; }

        /// <summary>The SecretManagement vault that holds the password; null for the default vault.</summary>
        public string? Vault { get; set; }

        /// <summary>The name of the secret that holds the password; null for an anonymous relay.</summary>
        public string? SecretName { get; set; }

        /// <summary>Accept any server certificate (a warning is written every time this is used).</summary>
        public bool SkipCertificateValidation { get; set; }

        /// <summary>Accept exactly the server certificate with this SHA-1 or SHA-256 thumbprint (normalized hex).</summary>
        public string? CertificateThumbprint { get; set; }

        /// <summary>
        /// Send the credential even over an unencrypted connection (no TLS offered, or <see cref="MailSecurity.None"/>).
        /// Off by default: without it a credential goes only over TLS.
        /// </summary>
        public bool AllowInsecureAuthentication { get; set; }

        /// <summary>Bounds each phase of the SMTP exchange (connect with TLS and authentication; each message up to the server's answer), in seconds.</summary>
        public int TimeoutSeconds { get; set; } = 30;

        /// <summary>How messages go out: SMTP (default) or Microsoft Graph.</summary>
        public MailTransportKind Transport { get; set; } = MailTransportKind.Smtp;

        /// <summary>How the account authenticates: a password (default), or an OAuth 2.0 token for an application or a user.</summary>
        public MailAuthentication Authentication { get; set; } = MailAuthentication.Password;

        /// <summary>OAuth: the Microsoft Entra tenant (a GUID or a domain such as <c>contoso.onmicrosoft.com</c>).</summary>
        public string? TenantId { get; set; }

        /// <summary>OAuth: the application (client) ID.</summary>
        public string? ClientId { get; set; }

        /// <summary>OAuthApp: what proves the application's identity (a secret or a certificate, and where it lives).</summary>
        public OAuthClientCredential ClientCredential { get; set; }

        /// <summary>
        /// OAuthApp with <see cref="OAuthClientCredential.StoreCertificate"/>: the SHA-1 thumbprint (normalized hex) of a certificate
        /// with private key in the user's or machine's certificate store.
        /// </summary>
        public string? ClientCertificateThumbprint { get; set; }

        /// <summary>OAuth: the Microsoft cloud whose hosts and scopes are used (default Global).</summary>
        public MicrosoftCloud Cloud { get; set; } = MicrosoftCloud.Global;

        /// <summary>OAuth: the sign-in host instead of the cloud's (e.g. <c>https://login.microsoftonline.us</c>); null for the cloud's.</summary>
        public string? AuthorityHost { get; set; }

        /// <summary>Graph: the Graph host instead of the cloud's (e.g. <c>https://graph.microsoft.us</c>); null for the cloud's.</summary>
        public string? GraphEndpoint { get; set; }

        /// <summary>
        /// OAuthUser: the OAuth 2.0 token endpoint of a provider other than Microsoft Entra (e.g. Google's), used with a
        /// refresh token given to <c>Connect-BackupMailAccount</c>; null for Microsoft Entra.
        /// </summary>
        public string? TokenEndpoint { get; set; }

        /// <summary>Graph: keep a copy of each message in the sender's Sent Items (default off).</summary>
        public bool SaveToSentItems { get; set; }

        /// <summary>
        /// OAuth: the name of the secret that keeps the account's tokens (the cached access token, and for OAuthUser the
        /// refresh token); in <see cref="Vault"/>. Null for a password account.
        /// </summary>
        public string? TokenSecretName { get; set; }

        /// <summary>True when the account uses OAuth 2.0 tokens rather than a password.</summary>
        public bool UsesOAuth => Authentication != MailAuthentication.Password;

        /// <summary>The sign-in host in use: <see cref="AuthorityHost"/>, or the cloud's.</summary>
        public string EffectiveAuthorityHost => Strings.IsNullOrEmpty(AuthorityHost) ? CloudEndpoints.For(Cloud).AuthorityHost : AuthorityHost;

        /// <summary>The Graph host in use: <see cref="GraphEndpoint"/>, or the cloud's.</summary>
        public string EffectiveGraphEndpoint => Strings.IsNullOrEmpty(GraphEndpoint) ? CloudEndpoints.For(Cloud).GraphEndpoint : GraphEndpoint;

        /// <summary>
        /// Where each of the account's secrets lives, e.g. <c>ClientSecret: secret 'BackupMail-M365' in the default vault</c>;
        /// never a secret itself. Empty for an anonymous relay.
        /// </summary>
        public TextList SecretLocations
        {
            get
            {
                var vault = string.IsNullOrEmpty(Vault) ? ConfigStrings.Get("SecretLocationDefaultVault") : ConfigStrings.Format("SecretLocationNamedVault", Vault);
                var locations = new System.Collections.Generic.List<string>();
                if (!string.IsNullOrEmpty(SecretName))
                {
                    var what = Authentication == MailAuthentication.Password ? "Password"
                        : ClientCredential == OAuthClientCredential.VaultCertificate ? "ClientCertificate" : "ClientSecret";
                    locations.Add(ConfigStrings.Format("SecretLocation", what, SecretName, vault));
                }

                if (ClientCredential == OAuthClientCredential.StoreCertificate)
                {
                    locations.Add(ConfigStrings.Format("SecretLocationStore", ClientCertificateThumbprint));
                }

                if (UsesOAuth && !string.IsNullOrEmpty(TokenSecretName))
                {
                    var what = ConfigStrings.Get(Authentication == MailAuthentication.OAuthUser ? "SecretLocationUserTokens" : "SecretLocationTokens");
                    locations.Add(ConfigStrings.Format("SecretLocation", what, TokenSecretName, vault));
                }

                return new TextList(locations);
            }
        }

        /// <summary>True when the account authenticates (it has a stored secret, or uses OAuth).</summary>
        public bool HasCredential => UsesOAuth || !string.IsNullOrEmpty(SecretName);

        /// <summary>Properties this version does not know, written back unchanged (null when there are none).</summary>
        internal System.Collections.Generic.List<BackupMail.Configuration.UnknownJsonProperty>? UnknownProperties { get; set; }
    }
}
