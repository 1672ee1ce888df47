using System;
using System.Collections.Generic;

namespace BackupMail.Accounts
{
    /// <summary>
    /// The hosts and OAuth 2.0 resources of a Microsoft cloud: where to sign in, where Graph and SMTP submission
    /// live, and which resource each token is for. An account's <c>AuthorityHost</c> and <c>GraphEndpoint</c> override them.
    /// </summary>
    public sealed class CloudEndpoints
    {
        private static readonly Dictionary<MicrosoftCloud, CloudEndpoints> Clouds = new Dictionary<MicrosoftCloud, CloudEndpoints>
        {
            [MicrosoftCloud.Global] = new CloudEndpoints(
                "https://login.microsoftonline.com", "https://graph.microsoft.com", "smtp.office365.com", "https://outlook.office365.com", "https://outlook.office.com"),
            [MicrosoftCloud.USGovernment] = new CloudEndpoints(
                "https://login.microsoftonline.us", "https://graph.microsoft.us", "smtp.office365.us", "https://outlook.office365.us", "https://outlook.office365.us"),
            [MicrosoftCloud.USGovernmentDoD] = new CloudEndpoints(
                "https://login.microsoftonline.us", "https://dod-graph.microsoft.us", "smtp.office365.us", "https://outlook-dod.office365.us", "https://outlook-dod.office365.us"),
            [MicrosoftCloud.China] = new CloudEndpoints(
                "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn", "smtp.partner.outlook.cn", "https://partner.outlook.cn", "https://partner.outlook.cn"),
        };

        private CloudEndpoints(string authorityHost, string graphEndpoint, string smtpServer, string smtpAppResource, string smtpUserResource)
        {
            AuthorityHost = authorityHost;
            GraphEndpoint = graphEndpoint;
            SmtpServer = smtpServer;
            SmtpAppResource = smtpAppResource;
            SmtpUserResource = smtpUserResource;
        }

        /// <summary>The sign-in host, e.g. <c>https://login.microsoftonline.com</c>.</summary>
        public string AuthorityHost { get; }

        /// <summary>The Microsoft Graph host, e.g. <c>https://graph.microsoft.com</c>.</summary>
        public string GraphEndpoint { get; }

        /// <summary>The SMTP submission host, e.g. <c>smtp.office365.com</c>.</summary>
        public string SmtpServer { get; }

        /// <summary>The resource of application tokens for SMTP (scope <c>&lt;resource&gt;/.default</c>).</summary>
        public string SmtpAppResource { get; }

        /// <summary>The resource of delegated tokens for SMTP (scope <c>&lt;resource&gt;/SMTP.Send</c>).</summary>
        public string SmtpUserResource { get; }

        /// <summary>The endpoints of <paramref name="cloud"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="cloud"/> is not a known cloud.</exception>
        public static CloudEndpoints For(MicrosoftCloud cloud) =>
            Clouds.TryGetValue(cloud, out var endpoints) ? endpoints : throw new ArgumentOutOfRangeException(nameof(cloud));
    }
}
