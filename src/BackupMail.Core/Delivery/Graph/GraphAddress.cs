using System;
using BackupMail.Accounts;
using BackupMail.Resources;
using MimeKit;

namespace BackupMail.Delivery.Graph
{
    /// <summary>Where an account's Graph requests go: its endpoint, its sender mailbox, and the URLs made of them.</summary>
    internal sealed class GraphAddress
    {
        private GraphAddress(Uri endpoint, string mailbox)
        {
            Endpoint = endpoint;
            Mailbox = mailbox;
            var user = endpoint.AbsoluteUri.TrimEnd('/') + "/v1.0/users/" + Escape(mailbox);
            User = new Uri(user);
            UserCheck = new Uri(user + "?$select=displayName,mail,userPrincipalName");
            SendMail = new Uri(user + "/sendMail");
        }

        /// <summary>The endpoint, e.g. https://graph.microsoft.com.</summary>
        public Uri Endpoint { get; }

        /// <summary>The endpoint as shown to the user (scheme, host and port, no trailing slash).</summary>
        public string Display => Endpoint.AbsoluteUri.TrimEnd('/');

        /// <summary>The sender's address (From without a display name).</summary>
        public string Mailbox { get; }

        /// <summary><c>{endpoint}/v1.0/users/{mailbox}</c>.</summary>
        public Uri User { get; }

        /// <summary>The user, with only the properties that <c>Test-BackupMailAccount</c> shows.</summary>
        public Uri UserCheck { get; }

        /// <summary><c>{endpoint}/v1.0/users/{mailbox}/sendMail</c>.</summary>
        public Uri SendMail { get; }

        /// <summary>The account's endpoint and mailbox.</summary>
        /// <exception cref="BackupMailException">
        /// <c>GraphRequestFailed</c> (for the administrator) when the endpoint is not an absolute https address (plain http
        /// only to this computer: the token must not cross a network unencrypted); <c>InvalidMailAddress</c> for a From that
        /// is not an address.
        /// </exception>
        public static GraphAddress For(MailAccount account)
        {
            var text = (account.EffectiveGraphEndpoint ?? string.Empty).Trim();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) ||
                (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp) ||
                !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
            {
                throw Invalid(account, text, "EndpointNotAbsolute");
            }

            if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
            {
                throw Invalid(account, text, "EndpointNotHttps");
            }

            // "https://graph.microsoft.com/v1.0" is the same endpoint as "https://graph.microsoft.com".
            var path = endpoint.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = new Uri(endpoint, path.Substring(0, path.Length - "/v1.0".Length) + "/");
            }

            var mailbox = MailboxAddress.Parse(MailAddressList.ParseOne(account.From)).Address;
            return new GraphAddress(endpoint, mailbox);
        }

        // A path segment: '@' may stay as it is (RFC 3986 pchar), everything else outside the unreserved set is escaped.
        private static string Escape(string mailbox) =>
            Uri.EscapeDataString(mailbox).Replace("%40", "@");

        private static BackupMailException Invalid(MailAccount account, string endpoint, string reason) =>
            new BackupMailException(ErrorIds.GraphRequestFailed, BackupMailErrorKind.InvalidArgument,
                GraphStrings.Format("ErrorEndpointInvalid", endpoint, account.Name, GraphStrings.Format(reason)), endpoint)
            {
                Recovery = ErrorRecovery.Administrator,
            };
    }
}
