using System.Net;

namespace BackupMail.Accounts
{
    /// <summary>
    /// What <c>Set-BackupMailAccount</c> was given. A null property means "not given": a new account
    /// takes the default (or the provider's preset), an existing one keeps its value.
    /// </summary>
    public sealed class AccountSettings
    {
        /// <summary>The account's name.</summary>
        public string Name { get; set; } = "Default";
        /// <summary>A provider preset that fills server, port and security.</summary>
        public MailProvider? Provider { get; set; }
        /// <summary>The SMTP server.</summary>
        public string? SmtpServer { get; set; }
        /// <summary>The port; default follows <see cref="Security"/> (587 StartTls, 465 SslOnConnect, 25 otherwise).</summary>
        public int? Port { get; set; }
        /// <summary>How the connection is secured (default Auto).</summary>
        public MailSecurity? Security { get; set; }
        /// <summary>The sender address.</summary>
        public string? From { get; set; }
        /// <summary>User name and password; stored in the vault. Null keeps the stored one (or none).</summary>
        public NetworkCredential? Credential { get; set; }
        /// <summary>The vault; null for the default vault.</summary>
        public string? Vault { get; set; }
        /// <summary>The secret's name (default <c>BackupMail-&lt;Name&gt;</c>).</summary>
        public string? SecretName { get; set; }
        /// <summary>Accept any certificate.</summary>
        public bool? SkipCertificateValidation { get; set; }
        /// <summary>Pin the server certificate's SHA-1 or SHA-256 thumbprint; empty string removes the pin.</summary>
        public string? CertificateThumbprint { get; set; }
        /// <summary>Send the credential over an unencrypted connection too (default false).</summary>
        public bool? AllowInsecureAuthentication { get; set; }
        /// <summary>Connect and command timeout in seconds (default 30).</summary>
        public int? TimeoutSeconds { get; set; }
        /// <summary>SMTP (default) or Microsoft Graph.</summary>
        public MailTransportKind? Transport { get; set; }
        /// <summary>Password, OAuthApp or OAuthUser (default: Password with a credential, else the provider's, else Password).</summary>
        public MailAuthentication? Authentication { get; set; }
        /// <summary>OAuth: the Microsoft Entra tenant (a GUID or a domain; <c>common</c>, <c>organizations</c> or <c>consumers</c> for OAuthUser).</summary>
        public string? TenantId { get; set; }
        /// <summary>OAuth: the application (client) ID.</summary>
        public string? ClientId { get; set; }
        /// <summary>OAuthApp (or OAuthUser with a token endpoint that wants one): the client secret; stored in the vault.</summary>
        public System.Security.SecureString? ClientSecret { get; set; }
        /// <summary>OAuthApp: the thumbprint of a certificate with private key in the certificate store.</summary>
        public string? ClientCertificateThumbprint { get; set; }
        /// <summary>OAuthApp: a certificate with its private key, as PFX bytes (without password); stored in the vault.</summary>
        public byte[]? ClientCertificatePfx { get; set; }
        /// <summary>OAuth: the Microsoft cloud (default Global).</summary>
        public MicrosoftCloud? Cloud { get; set; }
        /// <summary>OAuth: the sign-in host instead of the cloud's; empty string goes back to the cloud's.</summary>
        public string? AuthorityHost { get; set; }
        /// <summary>Graph: the Graph host instead of the cloud's; empty string goes back to the cloud's.</summary>
        public string? GraphEndpoint { get; set; }
        /// <summary>OAuthUser: the token endpoint of a provider other than Microsoft Entra; empty string goes back to Entra.</summary>
        public string? TokenEndpoint { get; set; }
        /// <summary>Graph: keep a copy in Sent Items.</summary>
        public bool? SaveToSentItems { get; set; }
    }
}
