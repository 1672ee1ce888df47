using System;
using System.Collections.Generic;

namespace BackupMail.Accounts
{
    /// <summary>The server settings of a well-known mail provider.</summary>
    public sealed class ProviderPreset
    {
        private static readonly Dictionary<MailProvider, ProviderPreset> Presets = new Dictionary<MailProvider, ProviderPreset>
        {
            [MailProvider.Gmail] = new ProviderPreset(MailProvider.Gmail, "smtp.gmail.com", 587, MailSecurity.StartTls, true, MailAuthentication.Password, "gmail.com", "googlemail.com"),
            [MailProvider.ICloud] = new ProviderPreset(MailProvider.ICloud, "smtp.mail.me.com", 587, MailSecurity.StartTls, true, MailAuthentication.Password, "mail.me.com", "icloud.com"),
            [MailProvider.Yahoo] = new ProviderPreset(MailProvider.Yahoo, "smtp.mail.yahoo.com", 465, MailSecurity.SslOnConnect, true, MailAuthentication.Password, "yahoo.com"),
            [MailProvider.Outlook] = new ProviderPreset(MailProvider.Outlook, "smtp-mail.outlook.com", 587, MailSecurity.StartTls, false, MailAuthentication.OAuthUser, "outlook.com", "hotmail.com", "live.com"),
            [MailProvider.Microsoft365] = new ProviderPreset(MailProvider.Microsoft365, "smtp.office365.com", 587, MailSecurity.StartTls, false, MailAuthentication.OAuthApp, "office365.com", "office365.us", "outlook.cn"),
        };

        private readonly string[] _serverDomains;

        private ProviderPreset(MailProvider provider, string smtpServer, int port, MailSecurity security, bool usesAppPasswords, MailAuthentication authentication, params string[] serverDomains)
        {
            Authentication = authentication;
            Provider = provider;
            SmtpServer = smtpServer;
            Port = port;
            Security = security;
            UsesAppPasswords = usesAppPasswords;
            _serverDomains = serverDomains;
        }

        /// <summary>The provider.</summary>
        public MailProvider Provider { get; }

        /// <summary>Its SMTP submission server.</summary>
        public string SmtpServer { get; }

        /// <summary>Its submission port.</summary>
        public int Port { get; }

        /// <summary>The security its port expects.</summary>
        public MailSecurity Security { get; }

        /// <summary>How accounts of the provider authenticate unless told otherwise (a credential given means Password).</summary>
        public MailAuthentication Authentication { get; }

        /// <summary>True when the provider refuses the account password over SMTP and wants an app password.</summary>
        public bool UsesAppPasswords { get; }

        /// <summary>The preset of <paramref name="provider"/>; null for <see cref="MailProvider.Custom"/>.</summary>
        public static ProviderPreset? For(MailProvider provider) =>
            Presets.TryGetValue(provider, out var preset) ? preset : null;

        /// <summary>The provider whose servers <paramref name="smtpServer"/> belongs to, or <see cref="MailProvider.Custom"/>.</summary>
        public static MailProvider Detect(string smtpServer)
        {
            if (string.IsNullOrWhiteSpace(smtpServer))
            {
                return MailProvider.Custom;
            }

            var host = smtpServer.Trim().TrimEnd('.');
            foreach (var preset in Presets.Values)
            {
                foreach (var domain in preset._serverDomains)
                {
                    if (host.Equals(domain, StringComparison.OrdinalIgnoreCase) ||
                        host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
                    {
                        return preset.Provider;
                    }
                }
            }

            return MailProvider.Custom;
        }
    }
}
