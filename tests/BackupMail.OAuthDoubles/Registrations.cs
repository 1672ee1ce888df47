using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace BackupMail.OAuthDoubles
{
    /// <summary>A directory (tenant): its id (a GUID string) and the domain names it also answers to.</summary>
    public sealed class TenantRegistration
    {
        /// <summary>The tenant id; a new GUID when not given.</summary>
        public string Id { get; set; }
        /// <summary>Domain names such as contoso.onmicrosoft.com that name the tenant in an authority URL too.</summary>
        public List<string> Domains { get; set; } = new List<string>();
        /// <summary>A display name (used in error texts).</summary>
        public string DisplayName { get; set; }
    }

    /// <summary>An application registration with its service principal in its home tenant.</summary>
    public sealed class AppRegistration
    {
        /// <summary>The home tenant (id or domain).</summary>
        public string TenantId { get; set; }
        /// <summary>The application (client) id; a new GUID when not given.</summary>
        public string ClientId { get; set; }
        /// <summary>A display name.</summary>
        public string DisplayName { get; set; } = "BackupMail Test App";
        /// <summary>Client secrets any of which authenticates the app.</summary>
        public List<string> Secrets { get; set; } = new List<string>();
        /// <summary>Certificates (public part; PEM or base64 DER in the control API) whose keys may sign client assertions.</summary>
        public List<X509Certificate2> Certificates { get; set; } = new List<X509Certificate2>();
        /// <summary>
        /// Application permissions granted (admin-consented), per resource: e.g.
        /// <c>https://outlook.office365.com</c> → <c>SMTP.SendAsApp</c>, <c>https://graph.microsoft.com</c> → <c>Mail.Send</c>.
        /// </summary>
        public Dictionary<string, List<string>> Roles { get; set; } = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Delegated permissions a <c>/.default</c> request of a user gets, per resource.</summary>
        public Dictionary<string, List<string>> DelegatedScopes { get; set; } = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        /// <summary>False: every token request ends in AADSTS65001 (no consent).</summary>
        public bool Consent { get; set; } = true;
        /// <summary>False: every token request ends in AADSTS7000229 (no service principal in the tenant).</summary>
        public bool ServicePrincipal { get; set; } = true;
        /// <summary>"Allow public client flows": device code and refresh without a client credential.</summary>
        public bool PublicClient { get; set; }
        /// <summary>The service principal's object id (the oid of app tokens).</summary>
        public string ServicePrincipalObjectId { get; set; } = Guid.NewGuid().ToString();
    }

    /// <summary>A user of a tenant.</summary>
    public sealed class UserRegistration
    {
        /// <summary>The tenant (id or domain).</summary>
        public string TenantId { get; set; }
        /// <summary>The user principal name, e.g. backup@contoso.onmicrosoft.com.</summary>
        public string Username { get; set; }
        /// <summary>A display name.</summary>
        public string DisplayName { get; set; }
        /// <summary>The object id; a new GUID when not given.</summary>
        public string ObjectId { get; set; }
        /// <summary>Also register a mailbox for the user (default true).</summary>
        public bool Mailbox { get; set; } = true;
    }

    /// <summary>An Exchange Online mailbox, as Graph and SMTP see it.</summary>
    public sealed class MailboxRegistration
    {
        /// <summary>The primary SMTP address (also its user principal name).</summary>
        public string Address { get; set; }
        /// <summary>The user's object id; a new GUID when not given.</summary>
        public string ObjectId { get; set; }
        /// <summary>A display name.</summary>
        public string DisplayName { get; set; }
        /// <summary>The tenant (id or domain); any when null.</summary>
        public string TenantId { get; set; }
        /// <summary>True: the mailbox is outside the application access policy, so app tokens get 403 ErrorAccessDenied from Graph.</summary>
        public bool OutsideAccessPolicy { get; set; }
        /// <summary>False: Graph answers 404 MailboxNotEnabledForRESTAPI (e.g. an on-premises mailbox).</summary>
        public bool RestApiEnabled { get; set; } = true;
        /// <summary>False: SMTP AUTH answers "SmtpClientAuthentication is disabled for the Mailbox".</summary>
        public bool SmtpAuthEnabled { get; set; } = true;
    }
}
