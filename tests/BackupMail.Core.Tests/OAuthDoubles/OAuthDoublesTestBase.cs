using System;
using System.Collections.Generic;
using BackupMail.OAuthDoubles;

namespace BackupMail.Tests.OAuthDoubles
{
    /// <summary>
    /// Starts the doubles for one test (CA from BACKUPMAIL_TEST_CA) and registers a tenant, an app with a secret and
    /// SMTP/Graph roles, and a user with a mailbox. Fails, never skips, when the CA is not trusted.
    /// </summary>
    public abstract class OAuthDoublesTestBase : IDisposable
    {
        protected const string TenantId = "7f3c1a52-0d8e-4c1b-9a55-3b2f6c1d0e11";
        protected const string TenantDomain = "contoso.onmicrosoft.com";
        protected const string ClientId = "5b2d6e0a-1c44-4f5e-8a7b-2e9c3d4f5a61";
        protected const string Secret = "Xy7~secret.value-123";
        protected const string PublicClientId = "9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
        protected const string UserName = "backup@contoso.onmicrosoft.com";
        protected const string OutlookDefault = "https://outlook.office365.com/.default";

        protected OAuthDoublesTestBase()
        {
            Host = DoublesHost.Start();
            try
            {
                Host.EnsureTrusted();
                Host.State.RegisterTenant(new TenantRegistration { Id = TenantId, Domains = new List<string> { TenantDomain }, DisplayName = "Contoso" });
                Host.State.RegisterApp(new AppRegistration
                {
                    TenantId = TenantId,
                    ClientId = ClientId,
                    DisplayName = "BackupMail",
                    Secrets = new List<string> { Secret },
                    Roles = new Dictionary<string, List<string>>
                    {
                        ["https://outlook.office365.com"] = new List<string> { "SMTP.SendAsApp" },
                        ["https://graph.microsoft.com"] = new List<string> { "Mail.Send" },
                    },
                });
                Host.State.RegisterApp(new AppRegistration
                {
                    TenantId = TenantId,
                    ClientId = PublicClientId,
                    DisplayName = "BackupMail Device",
                    PublicClient = true,
                    DelegatedScopes = new Dictionary<string, List<string>>
                    {
                        ["https://outlook.office365.com"] = new List<string> { "SMTP.Send" },
                        ["https://graph.microsoft.com"] = new List<string> { "Mail.Send", "User.Read" },
                    },
                });
                Host.State.RegisterUser(new UserRegistration { TenantId = TenantId, Username = UserName, DisplayName = "Backup Operator" });
            }
            catch
            {
                Host.Dispose();
                throw;
            }
        }

        protected DoublesHost Host { get; }

        protected string Authority => Host.AuthorityFor(TenantId);

        public void Dispose()
        {
            Host.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
