using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.OAuthDoubles;
using BackupMail.Tests.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>
    /// The identity provider double (over HTTPS on loopback, trusted through SSL_CERT_FILE; its CA in BACKUPMAIL_TEST_CA),
    /// an in-memory vault, a recording output writer, and a tenant with helpers to register applications and users.
    /// One per test: nothing is shared.
    /// </summary>
    internal sealed class OAuthTestBed : IDisposable
    {
        internal const string SmtpResource = "https://outlook.office365.com";
        internal const string GraphResource = "https://graph.microsoft.com";

        internal OAuthTestBed()
        {
            Host = DoublesHost.Start();
            Tenant = Host.State.RegisterTenant(new TenantRegistration { Domains = { "contoso.onmicrosoft.com" } });
        }

        internal DoublesHost Host { get; }

        internal DoublesState State => Host.State;

        internal TenantRegistration Tenant { get; }

        internal InMemoryCredentialSource Vault { get; } = new InMemoryCredentialSource();

        internal RecordingOutputWriter Output { get; } = new RecordingOutputWriter();

        /// <summary>Every secret, token and refresh token seen in this test (to prove none of them reaches a text).</summary>
        internal List<string> Secrets { get; } = new List<string>();

        /// <summary>A service over the shared vault: a second one is a second process.</summary>
        internal OAuthTokenService NewService() => new OAuthTokenService(Vault, Output);

        /// <summary>An application with SMTP.SendAsApp and Graph Mail.Send, and its client secret in the vault.</summary>
        internal MailAccount SecretApp(string name = "App")
        {
            var secret = "s3cr3t~" + Guid.NewGuid().ToString("N");
            var app = State.RegisterApp(new AppRegistration { TenantId = Tenant.Id, Secrets = { secret }, Roles = AppRoles() });
            Secrets.Add(secret);
            var account = AppAccount(name, app.ClientId, OAuthClientCredential.Secret);
            Vault.Set(null, account.SecretName, new System.Net.NetworkCredential(app.ClientId, secret));
            return account;
        }

        internal static Dictionary<string, List<string>> AppRoles() => new Dictionary<string, List<string>>
        {
            [SmtpResource] = new List<string> { "SMTP.SendAsApp" },
            [GraphResource] = new List<string> { "Mail.Send" },
        };

        internal MailAccount AppAccount(string name, string clientId, OAuthClientCredential credential) => new MailAccount
        {
            Name = name,
            Authentication = MailAuthentication.OAuthApp,
            TenantId = Tenant.Id,
            ClientId = clientId,
            ClientCredential = credential,
            SecretName = name + "-secret",
            TokenSecretName = name + "-tokens",
            AuthorityHost = Host.AuthorityHost,
            GraphEndpoint = Host.GraphEndpoint,
            TimeoutSeconds = 10,
        };

        /// <summary>An application with SMTP.SendAsApp and Graph Mail.Send that proves itself with <paramref name="certificate"/> (its public part registered).</summary>
        internal AppRegistration CertificateApp(X509Certificate2 certificate) => State.RegisterApp(new AppRegistration
        {
            TenantId = Tenant.Id, Roles = AppRoles(),
            Certificates = { X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)) },
        });

        /// <summary>Puts <paramref name="exported"/> (a certificate as PFX or DER) in the vault as <paramref name="account"/>'s client certificate.</summary>
        internal void PutCertificate(MailAccount account, byte[] exported) =>
            Vault.Set(null, account.SecretName, new System.Net.NetworkCredential("pfx", Convert.ToBase64String(exported)));

        /// <summary>A public client application (device code, refresh) and a user with a mailbox.</summary>
        internal MailAccount UserAccount(string name = "User", MailTransportKind transport = MailTransportKind.Smtp)
        {
            var app = State.RegisterApp(new AppRegistration { TenantId = Tenant.Id, PublicClient = true });
            var user = State.RegisterUser(new UserRegistration { TenantId = Tenant.Id, Username = name.ToLowerInvariant() + "@contoso.onmicrosoft.com" });
            return new MailAccount
            {
                Name = name,
                Authentication = MailAuthentication.OAuthUser,
                Transport = transport,
                TenantId = Tenant.Id,
                ClientId = app.ClientId,
                UserName = user.Username,
                TokenSecretName = name + "-tokens",
                AuthorityHost = Host.AuthorityHost,
                GraphEndpoint = Host.GraphEndpoint,
                TimeoutSeconds = 10,
            };
        }

        /// <summary>Signs <paramref name="account"/> in with the device code flow, the user approving at once.</summary>
        internal AccessToken SignIn(OAuthTokenService service, MailAccount account)
        {
            var prompts = new List<DeviceCodePrompt>();
            var token = TestDeadline.Run(() => service.SignInWithDeviceCode(account, prompt =>
            {
                prompts.Add(prompt);
                Assert.NotNull(State.ApproveDeviceCode(account.UserName, prompt.UserCode));
            }, default));
            Assert.Single(prompts);
            Secrets.Add(token.Value);
            Secrets.AddRange(State.IssuedRefreshTokens());
            return token;
        }

        /// <summary>Signs <paramref name="account"/> in (<see cref="SignIn"/>) and returns the refresh token that sign-in issued.</summary>
        internal string SignInForRefreshToken(MailAccount account)
        {
            SignIn(NewService(), account);
            return State.IssuedRefreshTokens().Last();
        }

        /// <summary>
        /// Another OAuthUser account, <paramref name="name"/>, for <paramref name="user"/>'s application and user; where it
        /// signs in (TenantId and AuthorityHost, or TokenEndpoint) is the caller's to set.
        /// </summary>
        internal static MailAccount SameUser(MailAccount user, string name) => new MailAccount
        {
            Name = name,
            Authentication = MailAuthentication.OAuthUser,
            ClientId = user.ClientId,
            UserName = user.UserName,
            TokenSecretName = name.ToLowerInvariant() + "-tokens",
            TimeoutSeconds = 10,
        };

        /// <summary><paramref name="text"/> as a <see cref="SecureString"/>.</summary>
        internal static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            return secure;
        }

        internal TokenCacheEnvelope StoredEnvelope(MailAccount account)
        {
            Assert.True(Vault.TryPeek(null, account.TokenSecretName, out var credential));
            Assert.Equal(TokenCacheEnvelope.CredentialUserName, credential.UserName);
            var envelope = TokenCacheEnvelope.Parse(credential.Password, out var damaged);
            Assert.False(damaged);
            return envelope;
        }

        /// <summary>No secret, access token or refresh token of this test in any output line or in <paramref name="errors"/>' messages.</summary>
        internal void AssertNoSecretLeaked(params Exception[] errors)
        {
            var texts = Output.All.ToList();
            foreach (var error in errors.Where(e => e != null))
            {
                for (var e = error; e != null; e = e.InnerException)
                {
                    texts.Add(e.Message);
                    texts.Add(e.ToString());
                }
            }

            foreach (var secret in Secrets.Concat(State.IssuedRefreshTokens()).Where(s => !string.IsNullOrEmpty(s)).Distinct())
            {
                foreach (var text in texts)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), "A secret or token appeared in: " + text);
                }
            }
        }

        /// <summary>
        /// A self-signed RSA client certificate with its private key (Entra takes any certificate whose public key is
        /// registered; the doubles' CA is ECDSA and cannot sign an RSA request with the plain overload).
        /// </summary>
        internal static X509Certificate2 ClientCertificate(string subject = "CN=BackupMail Test Client")
        {
            using (var key = RSA.Create(2048))
            {
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));
            }
        }

        public void Dispose() => Host.Dispose();
    }
}
