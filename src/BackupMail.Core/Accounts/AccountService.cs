using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Resources;

namespace BackupMail.Accounts
{
    /// <summary>Creates, reads and removes SMTP accounts; their passwords go to an <see cref="ICredentialSource"/>.</summary>
    public sealed class AccountService
    {
        /// <summary>The name of the account used when none is given.</summary>
        public const string DefaultName = "Default";

        /// <summary>The default connect and command timeout, in seconds.</summary>
        public const int DefaultTimeoutSeconds = 30;

        /// <summary>The lowest TCP port an account may use.</summary>
        public const int MinPort = 1;

        /// <summary>The highest TCP port an account may use.</summary>
        public const int MaxPort = 65535;

        /// <summary>The shortest timeout accepted, in seconds (here and in <c>config.json</c>).</summary>
        public const int MinTimeoutSeconds = 1;

        /// <summary>The longest timeout accepted, in seconds (here and in <c>config.json</c>).</summary>
        public const int MaxTimeoutSeconds = 3600;

        private static readonly string[] ICloudDomains = { "icloud.com", "me.com", "mac.com" };

        private readonly ConfigStore _store;
        private readonly ICredentialSource _credentials;
        private readonly IOutputWriter _output;

        /// <summary>Creates the service.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="credentials"/> is null.</exception>
        public AccountService(ConfigStore store, ICredentialSource credentials, IOutputWriter? output)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _output = output ?? NullOutputWriter.Instance;
        }

        /// <summary>The default port of a security mode: 587 for StartTls, 465 for SslOnConnect, 25 otherwise.</summary>
        public static int DefaultPort(MailSecurity security)
        {
            switch (security)
            {
                case MailSecurity.StartTls: return 587;
                case MailSecurity.SslOnConnect: return 465;
                default: return 25;
            }
        }

        /// <summary>
        /// Creates or updates an account; stores the credential (app passwords normalized) in the vault.
        /// What <paramref name="settings"/> leaves null keeps the stored value (or takes the default or the
        /// provider's preset for a new account). <see cref="AccountSettings.CertificateThumbprint"/> = "" removes
        /// the pin; <see cref="AccountSettings.SecretName"/> = "" makes the account an anonymous relay again
        /// (and removes its secret). A <see cref="AccountSettings.SecretName"/> without a credential refers to
        /// a secret that is already in the vault.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
        /// <exception cref="BackupMailException">
        /// <c>InvalidMailAddress</c>, <c>InvalidProviderUserName</c>, <c>InvalidCertificateThumbprint</c>, <c>SmtpServerRequired</c>,
        /// <c>InvalidSmtpServer</c> (not a host name or IP address, or <c>host:port</c>), <c>InvalidAccountName</c>,
        /// <c>InvalidAccountSetting</c> (a line break in a user, vault or secret name), <c>InvalidPort</c>,
        /// <c>InvalidTimeoutSeconds</c>, <c>CredentialUserNameRequired</c>, <c>InsecureAuthenticationNotAllowed</c>
        /// (Security None with a credential, without <see cref="AccountSettings.AllowInsecureAuthentication"/>), secret and configuration errors.
        /// </exception>
        public MailAccount Set(AccountSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            var name = NormalizeName(settings.Name);
            RequireOneLine(ErrorIds.InvalidAccountName, "Name", name);
            RequireOneLine(ErrorIds.InvalidAccountSetting, "Vault", settings.Vault);
            RequireOneLine(ErrorIds.InvalidAccountSetting, "SecretName", settings.SecretName);
            RequireOneLine(ErrorIds.InvalidAccountSetting, "Credential", settings.Credential?.UserName);

            // Everything is validated, and the secret stored, before the configuration is locked: a vault
            // that asks for its password must not keep other BackupMail commands waiting.
            var before = FindIn(_store.Load(), name);
            var prepared = Prepare(before, settings, name);

            if (prepared.Secret != null)
            {
                // Every path of Prepare that returns a secret to store names it too.
                _credentials.Set(prepared.Account.Vault, prepared.Account.SecretName!, prepared.Secret);
                _output.WriteVerbose(ConfigStrings.Format("StoredSecretVerbose", prepared.Account.Name, prepared.Account.SecretName, VaultText(prepared.Account.Vault)));
            }

            var saved = _store.Update(config =>
            {
                var current = FindIn(config, name);
                var account = current == null ? prepared.Account : Prepare(current, settings, name).Account;
                config.Accounts.RemoveAll(a => IsNamed(a, name));
                config.Accounts.Add(account);
                config.Accounts.Sort((x, y) => StringComparer.OrdinalIgnoreCase.Compare(x.Name, y.Name));
                return account;
            });

            if (prepared.AppPasswordSuspicious)
            {
                _output.WriteWarning(ConfigStrings.Format("AppPasswordUnexpectedFormat", saved.Name, ProviderDisplayName(prepared.AppPasswordProvider)));
            }

            if (settings.SkipCertificateValidation == true)
            {
                _output.WriteWarning(ConfigStrings.Format("SkipCertificateValidationWarning", saved.Name));
            }

            if (prepared.DroppedSecret != null)
            {
                RemoveSecretIfUnused(prepared.DroppedSecret);
            }

            if (prepared.TokensInvalid && before?.TokenSecretName != null)
            {
                // Tokens cached for another tenant, application or secret would be used until they expire otherwise.
                _credentials.Remove(before.Vault, before.TokenSecretName);
                _output.WriteVerbose(ConfigStrings.Format("ForgotTokensVerbose", saved.Name, before.TokenSecretName));
                if (saved.Authentication == MailAuthentication.OAuthUser)
                {
                    _output.WriteWarning(ConfigStrings.Format("SignInAgainWarning", saved.Name));
                }
            }

            _output.WriteVerbose(ConfigStrings.Format("SavedAccountVerbose", saved.Name, saved.SmtpServer, saved.Port, saved.Security, _store.ConfigFilePath));
            return saved;
        }

        /// <summary>All stored accounts, by name.</summary>
        /// <exception cref="BackupMailException">Configuration errors (<c>ConfigurationCorrupt</c>...).</exception>
        public IReadOnlyList<MailAccount> GetAll() =>
            _store.Load().Accounts.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The account called <paramref name="name"/> (null means <c>Default</c>), matched case-insensitively.</summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>, saying how to create it; configuration errors.</exception>
        public MailAccount Find(string? name)
        {
            name = NormalizeName(name);
            return FindIn(_store.Load(), name) ?? throw NotFound(name);
        }

        /// <summary>Removes the account and its secret (the secret stays when another account uses it too).</summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>; secret and configuration errors.</exception>
        public void Remove(string name)
        {
            var account = Find(name);

            // The secrets go first: if the vault refuses, the account is still there to try again.
            if (!string.IsNullOrEmpty(account.SecretName))
            {
                RemoveSecretIfUnused(account, ignoring: account.Name);
            }

            if (!Strings.IsNullOrEmpty(account.TokenSecretName))
            {
                _credentials.Remove(account.Vault, account.TokenSecretName);
            }

            _store.Update(config => config.Accounts.RemoveAll(a => IsNamed(a, account.Name)));
        }

        /// <summary>The account's credential from the vault; null for an anonymous relay.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
        /// <exception cref="BackupMailException"><c>SecretNotFound</c> (saying to run Set-BackupMailAccount -Credential again) and other secret errors.</exception>
        public NetworkCredential? GetCredential(MailAccount account)
        {
            if (account == null)
            {
                throw new ArgumentNullException(nameof(account));
            }

            if (Strings.IsNullOrEmpty(account.SecretName))
            {
                return null;
            }

            NetworkCredential? credential;
            try
            {
                credential = _credentials.Get(account.Vault, account.SecretName);
            }
            catch (BackupMailException e) when (e.ErrorId == ErrorIds.SecretNotFound)
            {
                throw SecretNotFound(account, e);
            }

            if (credential == null)
            {
                throw SecretNotFound(account, null);
            }

            if (string.IsNullOrEmpty(credential.UserName) && !string.IsNullOrEmpty(account.UserName))
            {
                credential = new NetworkCredential(account.UserName, credential.SecurePassword);
            }

            return credential;
        }

        private PreparedAccount Prepare(MailAccount? existing, AccountSettings settings, string name)
        {
            // What a newer version stored on this account stays with it.
            var account = new MailAccount { Name = existing?.Name ?? name, UnknownProperties = existing?.UnknownProperties };
            var prepared = new PreparedAccount(account);

            PrepareConnection(existing, settings, account);

            account.TimeoutSeconds = settings.TimeoutSeconds ?? existing?.TimeoutSeconds ?? DefaultTimeoutSeconds;
            if (account.TimeoutSeconds < MinTimeoutSeconds || account.TimeoutSeconds > MaxTimeoutSeconds)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidTimeoutSeconds, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidTimeoutSeconds", account.TimeoutSeconds), account.TimeoutSeconds);
            }

            account.SkipCertificateValidation = settings.SkipCertificateValidation ?? existing?.SkipCertificateValidation ?? false;
            account.CertificateThumbprint = settings.CertificateThumbprint == null ? existing?.CertificateThumbprint
                : string.IsNullOrWhiteSpace(settings.CertificateThumbprint) ? null
                : CertificateThumbprint.Normalize(settings.CertificateThumbprint);

            account.Transport = settings.Transport ?? existing?.Transport ?? MailTransportKind.Smtp;
            account.Authentication = OAuthAccountSetup.ChooseAuthentication(existing, settings, account.Provider);
            if (account.UsesOAuth)
            {
                if (settings.Credential != null)
                {
                    throw new BackupMailException(
                        ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("CredentialOnOAuthAccount", account.Name, account.Authentication), account.Name);
                }

                account.Vault = settings.Vault != null ? EmptyToNull(settings.Vault) : existing?.Vault;
                prepared.Secret = OAuthAccountSetup.Apply(existing, settings, account, out var identityChanged);
                prepared.TokensInvalid = identityChanged && existing?.TokenSecretName != null;
                if (existing != null && existing.SecretName != null && !string.Equals(existing.SecretName, account.SecretName, StringComparison.OrdinalIgnoreCase))
                {
                    prepared.DroppedSecret = existing;
                }
            }
            else
            {
                OAuthAccountSetup.RefuseOAuthSettings(settings, account);
                PrepareCredential(existing, settings, prepared);

                // Tokens of an account that went back to a password belong to nobody now.
                prepared.TokensInvalid = existing?.TokenSecretName != null;
            }

            // A password over a connection that never even tries TLS must be asked for by name.
            account.AllowInsecureAuthentication = settings.AllowInsecureAuthentication ?? existing?.AllowInsecureAuthentication ?? false;
            if (account.Security == MailSecurity.None && !account.UsesOAuth && account.HasCredential && !account.AllowInsecureAuthentication)
            {
                throw new BackupMailException(
                    ErrorIds.InsecureAuthenticationNotAllowed, BackupMailErrorKind.SecurityError, ConfigStrings.Format("InsecureAuthenticationNotAllowed", account.Name), account.Name);
            }

            if (settings.From != null)
            {
                account.From = MailAddressList.ParseOne(settings.From);
            }
            else
            {
                account.From = existing?.From ?? UserNameAsAddress(account.UserName);
            }

            if (account.UsesOAuth && account.From == null)
            {
                // Graph sends as this mailbox, and XOAUTH2 authenticates as it unless a user signed in.
                throw new BackupMailException(
                    ErrorIds.OAuthSettingRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("OAuthSettingMissing", "From", account.Name, account.Authentication), account.Name);
            }

            if (account.Provider == MailProvider.ICloud && account.UserName != null && !IsICloudAddress(account.UserName))
            {
                throw new BackupMailException(
                    ErrorIds.InvalidProviderUserName, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidProviderUserName", account.UserName), account.UserName);
            }

            return prepared;
        }

        // Provider, server, security and port: what is given wins, then the provider's preset, then the
        // stored value, then the default port of the security mode.
        private static void PrepareConnection(MailAccount? existing, AccountSettings settings, MailAccount account)
        {
            var given = settings.SmtpServer;
            var server = given?.Trim(' ');
            if (given != null && !Strings.IsNullOrEmpty(server))
            {
                CheckServer(given, server);
            }

            if (settings.Provider.HasValue)
            {
                account.Provider = settings.Provider.Value;
            }
            else if (!Strings.IsNullOrEmpty(server))
            {
                account.Provider = ProviderPreset.Detect(server);
            }
            else
            {
                account.Provider = existing?.Provider ?? MailProvider.Custom;
            }

            // A preset fills what was not given whenever the provider was named or the server (re)given.
            var preset = ProviderPreset.For(account.Provider);
            var presetApplied = preset != null && (settings.Provider.HasValue || !string.IsNullOrEmpty(server)) ? preset : null;

            var cloud = settings.Cloud ?? existing?.Cloud ?? MicrosoftCloud.Global;
            var smtpServer = !string.IsNullOrEmpty(server) ? server
                : (settings.Provider.HasValue || settings.Cloud.HasValue) && account.Provider == MailProvider.Microsoft365 ? CloudEndpoints.For(cloud).SmtpServer
                : settings.Provider.HasValue && preset != null ? preset.SmtpServer
                : existing?.SmtpServer
                ?? ((settings.Transport ?? MailTransportKind.Smtp) == MailTransportKind.Graph ? CloudEndpoints.For(cloud).SmtpServer : null);
            if (Strings.IsNullOrWhiteSpace(smtpServer))
            {
                throw new BackupMailException(
                    ErrorIds.SmtpServerRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("SmtpServerRequired", account.Name), account.Name);
            }

            account.SmtpServer = smtpServer;

            if (settings.Security.HasValue)
            {
                account.Security = settings.Security.Value;
            }
            else if (presetApplied != null && (!settings.Port.HasValue || settings.Port.Value == presetApplied.Port))
            {
                account.Security = presetApplied.Security;
            }
            else
            {
                account.Security = existing?.Security ?? MailSecurity.Auto;
            }

            if (settings.Port.HasValue)
            {
                account.Port = settings.Port.Value;
            }
            else if (presetApplied != null && account.Security == presetApplied.Security)
            {
                account.Port = presetApplied.Port;
            }
            else if (settings.Security.HasValue || existing == null)
            {
                account.Port = DefaultPort(account.Security);
            }
            else
            {
                account.Port = existing.Port;
            }

            if (account.Port < MinPort || account.Port > MaxPort)
            {
                throw new BackupMailException(
                    ErrorIds.InvalidPort, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("InvalidPort", account.Port), account.Port);
            }
        }

        private static void PrepareCredential(MailAccount? existing, AccountSettings settings, PreparedAccount prepared)
        {
            var account = prepared.Account;
            var vault = settings.Vault != null ? EmptyToNull(settings.Vault) : existing?.Vault;

            if (settings.Credential == null && settings.SecretName != null && settings.SecretName.Trim().Length == 0)
            {
                // SecretName "" turns the account into an anonymous relay.
                if (existing != null && existing.HasCredential)
                {
                    prepared.DroppedSecret = existing;
                }

                return;
            }

            if (settings.Credential == null)
            {
                account.UserName = existing?.UserName;
                account.Vault = existing?.HasCredential == true || settings.SecretName != null ? vault : null;
                account.SecretName = settings.SecretName != null ? settings.SecretName.Trim() : existing?.SecretName;
                if (account.SecretName == null)
                {
                    account.Vault = null;
                }

                return;
            }

            var userName = settings.Credential.UserName?.Trim();
            if (string.IsNullOrEmpty(userName))
            {
                throw new BackupMailException(
                    ErrorIds.CredentialUserNameRequired, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("CredentialUserNameRequired", account.Name), account.Name);
            }

            account.UserName = userName;
            account.Vault = vault;
            account.SecretName = !Strings.IsNullOrWhiteSpace(settings.SecretName) ? settings.SecretName.Trim()
                : existing?.SecretName ?? "BackupMail-" + account.Name;

            // App-password providers: known by -Provider, or by the server's name for a custom account.
            var appProvider = account.Provider != MailProvider.Custom ? account.Provider : ProviderPreset.Detect(account.SmtpServer);
            var preset = ProviderPreset.For(appProvider);
            if (preset != null && preset.UsesAppPasswords)
            {
                var password = AppPassword.Normalize(settings.Credential.Password);
                prepared.Secret = new NetworkCredential(userName, password);
                prepared.AppPasswordProvider = appProvider;
                prepared.AppPasswordSuspicious = !AppPassword.HasExpectedShape(password, appProvider);
            }
            else
            {
                prepared.Secret = new NetworkCredential(userName, settings.Credential.SecurePassword);
            }
        }

        // A server that config.json would refuse is refused here first; host:port gets the command that was meant.
        private static void CheckServer(string given, string server)
        {
            var problem = SmtpHost.Problem(server, out var host, out var port);
            if (problem == null)
            {
                return;
            }

            var message = port != null
                ? ConfigStrings.Format("SmtpServerWithPort", given, host, port)
                : ConfigStrings.Format("InvalidSmtpServer", ConfigValidator.Show(given), problem);
            throw new BackupMailException(ErrorIds.InvalidSmtpServer, BackupMailErrorKind.InvalidArgument, message, given);
        }

        // Line breaks and other control characters in names would end up in config.json, which refuses them.
        private static void RequireOneLine(string errorId, string parameter, string? value)
        {
            if (value != null && value.Any(char.IsControl))
            {
                throw new BackupMailException(
                    errorId, BackupMailErrorKind.InvalidArgument, ConfigStrings.Format("ValueNotOneLine", parameter, ConfigValidator.Show(value)), value);
            }
        }

        private void RemoveSecretIfUnused(MailAccount owner, string? ignoring = null)
        {
            var secretName = owner.SecretName;
            if (Strings.IsNullOrEmpty(secretName))
            {
                // An OAuthUser account without a client secret "has a credential" but no secret of its own.
                return;
            }

            var sharedWith = _store.Load().Accounts.Any(a =>
                !IsNamed(a, ignoring ?? owner.Name) &&
                string.Equals(a.SecretName, secretName, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(a.Vault ?? string.Empty, owner.Vault ?? string.Empty, StringComparison.OrdinalIgnoreCase));
            if (!sharedWith)
            {
                _credentials.Remove(owner.Vault, secretName);
            }
        }

        private static BackupMailException SecretNotFound(MailAccount account, Exception? inner) =>
            new BackupMailException(
                ErrorIds.SecretNotFound,
                BackupMailErrorKind.ObjectNotFound,
                ConfigStrings.Format("SecretNotFound", account.Name, VaultText(account.Vault), account.SecretName),
                account.Name,
                inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        private static BackupMailException NotFound(string name) =>
            new BackupMailException(ErrorIds.AccountNotFound, BackupMailErrorKind.ObjectNotFound, ConfigStrings.Format("AccountNotFound", name), name);

        private static string VaultText(string? vault) =>
            string.IsNullOrEmpty(vault) ? ConfigStrings.Get("DefaultVault") : ConfigStrings.Format("NamedVault", vault);

        private static string ProviderDisplayName(MailProvider provider) => provider == MailProvider.ICloud ? "iCloud" : provider.ToString();

        private static bool IsICloudAddress(string userName)
        {
            var at = userName.LastIndexOf('@');
            if (at <= 0)
            {
                return false;
            }

            var domain = userName.Substring(at + 1);
            return ICloudDomains.Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase));
        }

        private static string? UserNameAsAddress(string? userName)
        {
            if (Strings.IsNullOrEmpty(userName) || userName.IndexOf('@') <= 0)
            {
                return null;
            }

            try
            {
                return MailAddressList.ParseOne(userName);
            }
            catch (BackupMailException)
            {
                return null;
            }
        }

        private static MailAccount? FindIn(BackupMailConfig config, string name) => config.Accounts.FirstOrDefault(a => IsNamed(a, name));

        private static bool IsNamed(MailAccount account, string name) => string.Equals(account.Name, name, StringComparison.OrdinalIgnoreCase);

        private static string NormalizeName(string? name) => Strings.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();

        private static string? EmptyToNull(string? value) => Strings.IsNullOrWhiteSpace(value) ? null : value.Trim();

        private sealed class PreparedAccount
        {
            public PreparedAccount(MailAccount account) => Account = account;

            public MailAccount Account { get; }

            // The credential to store in the vault; null when none was given.
            public NetworkCredential? Secret { get; set; }

            public MailProvider AppPasswordProvider { get; set; }

            public bool AppPasswordSuspicious { get; set; }

            // The previous account, whose secret is no longer referenced.
            public MailAccount? DroppedSecret { get; set; }

            // The previous account's cached tokens (and refresh token) no longer fit it.
            public bool TokensInvalid { get; set; }
        }
    }
}
