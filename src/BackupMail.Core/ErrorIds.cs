namespace BackupMail
{
    /// <summary>
    /// The stable error IDs of BackupMail, in one place: they are part of the module's contract (scripts test them as
    /// <c>FullyQualifiedErrorId</c>, results carry them as <c>ErrorId</c>). Whether a delivery failure is retried is not
    /// read from them but from <see cref="BackupMailException.Recovery"/>.
    /// </summary>
    public static class ErrorIds
    {
        /// <summary>No stored account has the name given.</summary>
        public const string AccountNotFound = "AccountNotFound";

        /// <summary>A new account needs -SmtpServer or -Provider.</summary>
        public const string SmtpServerRequired = "SmtpServerRequired";

        /// <summary>The SMTP server is not a host name or an IP address (or holds a port).</summary>
        public const string InvalidSmtpServer = "InvalidSmtpServer";

        /// <summary>The port is outside 1 to 65535.</summary>
        public const string InvalidPort = "InvalidPort";

        /// <summary>The timeout is outside its valid range.</summary>
        public const string InvalidTimeoutSeconds = "InvalidTimeoutSeconds";

        /// <summary>An address does not parse.</summary>
        public const string InvalidMailAddress = "InvalidMailAddress";

        /// <summary>The user name does not fit the provider (an iCloud account needs an Apple ID).</summary>
        public const string InvalidProviderUserName = "InvalidProviderUserName";

        /// <summary>A pinned thumbprint is not 40 or 64 hexadecimal digits.</summary>
        public const string InvalidCertificateThumbprint = "InvalidCertificateThumbprint";

        /// <summary>An account name holds a line break or another control character.</summary>
        public const string InvalidAccountName = "InvalidAccountName";

        /// <summary>A user, vault or secret name holds a line break or another control character.</summary>
        public const string InvalidAccountSetting = "InvalidAccountSetting";

        /// <summary>The credential has no user name.</summary>
        public const string CredentialUserNameRequired = "CredentialUserNameRequired";

        /// <summary>A credential over -Security None without -AllowInsecureAuthentication.</summary>
        public const string InsecureAuthenticationNotAllowed = "InsecureAuthenticationNotAllowed";

        /// <summary>The vault has no secret for the account.</summary>
        public const string SecretNotFound = "SecretNotFound";

        /// <summary>The vault is locked and cannot be unlocked without a prompt.</summary>
        public const string SecretVaultLocked = "SecretVaultLocked";

        /// <summary>The vault failed to read, write or remove the secret.</summary>
        public const string SecretVaultError = "SecretVaultError";

        /// <summary>The vault named (or a default vault) is not registered.</summary>
        public const string SecretVaultNotRegistered = "SecretVaultNotRegistered";

        /// <summary>Microsoft.PowerShell.SecretManagement is not installed.</summary>
        public const string SecretManagementNotInstalled = "SecretManagementNotInstalled";

        /// <summary>The secret is of a type that holds no password.</summary>
        public const string SecretTypeUnsupported = "SecretTypeUnsupported";

        /// <summary>No configuration directory can be determined.</summary>
        public const string ConfigDirectoryUnknown = "ConfigDirectoryUnknown";

        /// <summary>config.json is not valid JSON, or not a regular file, or too large.</summary>
        public const string ConfigurationCorrupt = "ConfigurationCorrupt";

        /// <summary>The watchdog's state file (journal/watchdog.json) is not what the watchdog wrote.</summary>
        public const string WatchdogStateCorrupt = "WatchdogStateCorrupt";

        /// <summary>The watchdog's state file or lock (journal/watchdog.json, watchdog.lock) cannot be read or written.</summary>
        public const string WatchdogStateNotWritable = "WatchdogStateNotWritable";

        /// <summary>Another overdue check held the watchdog's lock for too long (transient).</summary>
        public const string WatchdogBusy = "WatchdogBusy";

        /// <summary>config.json holds a value BackupMail cannot use.</summary>
        public const string ConfigurationInvalid = "ConfigurationInvalid";

        /// <summary>config.json stayed locked by another process.</summary>
        public const string ConfigurationLocked = "ConfigurationLocked";

        /// <summary>journal/digest.json is not valid JSON or not the digest state (hand-edited, damaged); deleting it makes the next digest repeat runs.</summary>
        public const string DigestStateCorrupt = "DigestStateCorrupt";

        /// <summary>journal/digest.json or its lock file cannot be read or written.</summary>
        public const string DigestStateNotWritable = "DigestStateNotWritable";

        /// <summary>Another Send-BackupMailDigest held the digest lock longer than BackupMail waits.</summary>
        public const string DigestBusy = "DigestBusy";

        /// <summary>Send-BackupMailDigest has nobody to send to: no -To, and no rule with -Digest Daily or Weekly.</summary>
        public const string DigestRecipientsMissing = "DigestRecipientsMissing";

        /// <summary>config.json cannot be written.</summary>
        public const string ConfigurationNotWritable = "ConfigurationNotWritable";

        /// <summary>config.json cannot be read.</summary>
        public const string ConfigurationUnreadable = "ConfigurationUnreadable";

        /// <summary>config.json was written by a newer, incompatible version.</summary>
        public const string ConfigurationVersionUnsupported = "ConfigurationVersionUnsupported";

        /// <summary>No template has the name given.</summary>
        public const string TemplateNotFound = "TemplateNotFound";

        /// <summary>The template name is not valid.</summary>
        public const string TemplateNameInvalid = "TemplateNameInvalid";

        /// <summary>A template names a placeholder that does not exist.</summary>
        public const string TemplatePlaceholderUnknown = "TemplatePlaceholderUnknown";

        /// <summary>A template's culture is not a culture name this computer knows (Set-BackupMailTemplate -Culture).</summary>
        public const string TemplateCultureInvalid = "TemplateCultureInvalid";

        /// <summary>No notification rule exists for the backup.</summary>
        public const string RuleNotFound = "RuleNotFound";

        /// <summary>No backup job has the name given: it has neither a rule nor a recorded run.</summary>
        public const string JobNotFound = "JobNotFound";

        /// <summary>A rule's -ExpectEvery is outside one minute to 366 days.</summary>
        public const string InvalidExpectEvery = "InvalidExpectEvery";

        /// <summary>A rule's -PingUrl is not an absolute http or https URL.</summary>
        public const string InvalidPingUrl = "InvalidPingUrl";

        /// <summary>The journal's retention is outside its valid range.</summary>
        public const string InvalidRetentionDays = "InvalidRetentionDays";

        /// <summary>A notification or rule needs a backup name.</summary>
        public const string BackupNameRequired = "BackupNameRequired";

        /// <summary>A notification needs an exit code or a status.</summary>
        public const string StatusRequired = "StatusRequired";

        /// <summary>Neither the call nor the rule names a recipient.</summary>
        public const string NoRecipients = "NoRecipients";

        /// <summary>The backup program could not be started.</summary>
        public const string ProgramStartFailed = "ProgramStartFailed";

        /// <summary>Sending failed for a reason BackupMail did not foresee.</summary>
        public const string SendFailedUnexpectedly = "SendFailedUnexpectedly";

        /// <summary>The log file does not exist.</summary>
        public const string LogNotFound = "LogNotFound";

        /// <summary>The log path names a directory.</summary>
        public const string LogIsDirectory = "LogIsDirectory";

        /// <summary>The log cannot be read, or is not a regular file.</summary>
        public const string LogUnreadable = "LogUnreadable";

        /// <summary>The compressed copy of the log cannot be written.</summary>
        public const string AttachmentCopyNotWritable = "AttachmentCopyNotWritable";

        /// <summary>The outbox cannot be written.</summary>
        public const string OutboxNotWritable = "OutboxNotWritable";

        /// <summary>No queued notification has the id given.</summary>
        public const string QueueItemNotFound = "QueueItemNotFound";

        /// <summary>Another process is sending the queued notification right now.</summary>
        public const string QueueItemBusy = "QueueItemBusy";

        /// <summary>A queued notification is damaged and can never be sent as it is.</summary>
        public const string QueueItemDamaged = "QueueItemDamaged";

        /// <summary>Sending a queued notification failed for a reason BackupMail did not foresee.</summary>
        public const string QueueItemUnsendable = "QueueItemUnsendable";

        /// <summary>A queued notification waited longer than the outbox keeps trying.</summary>
        public const string QueueItemExpired = "QueueItemExpired";

        /// <summary>The SMTP server could not be reached in time, or refused the connection.</summary>
        public const string SmtpConnectFailed = "SmtpConnectFailed";

        /// <summary>The server's certificate is not trusted, or not the pinned one.</summary>
        public const string SmtpCertificateUntrusted = "SmtpCertificateUntrusted";

        /// <summary>TLS could not be negotiated.</summary>
        public const string SmtpTlsFailed = "SmtpTlsFailed";

        /// <summary>The server offers authentication without TLS, and the account does not allow that.</summary>
        public const string SmtpTlsRequiredForAuthentication = "SmtpTlsRequiredForAuthentication";

        /// <summary>The server refused the user name or password.</summary>
        public const string SmtpAuthenticationFailed = "SmtpAuthenticationFailed";

        /// <summary>Microsoft 365 or Outlook.com no longer accepts a password (basic authentication) for this mailbox.</summary>
        public const string SmtpBasicAuthenticationDisabled = "SmtpBasicAuthenticationDisabled";

        /// <summary>SMTP AUTH (client submission) is switched off for the Exchange Online tenant or mailbox.</summary>
        public const string SmtpClientAuthenticationDisabled = "SmtpClientAuthenticationDisabled";

        /// <summary>The account has a credential but the server offers no authentication.</summary>
        public const string SmtpAuthenticationNotSupported = "SmtpAuthenticationNotSupported";

        /// <summary>The server answered with a temporary 4xx reply.</summary>
        public const string SmtpServerBusy = "SmtpServerBusy";

        /// <summary>The server refused every recipient for good.</summary>
        public const string SmtpRecipientRejected = "SmtpRecipientRejected";

        /// <summary>The server deferred some recipients for now and took the message for the others.</summary>
        public const string SmtpRecipientDeferred = "SmtpRecipientDeferred";

        /// <summary>The server refused the message itself (its sender, content or size) for good.</summary>
        public const string SmtpMessageRejected = "SmtpMessageRejected";

        /// <summary>The connection was lost, or a step was not answered in time.</summary>
        public const string SmtpConnectionLost = "SmtpConnectionLost";

        /// <summary>A reply of the server broke the limits of the protocol.</summary>
        public const string SmtpProtocolViolation = "SmtpProtocolViolation";

        /// <summary>The identity provider refused to issue a token (a bad secret, an unknown application or tenant, no consent...).</summary>
        public const string OAuthTokenFailed = "OAuthTokenFailed";

        /// <summary>An OAuthUser account has no usable refresh token: never signed in, expired or revoked.</summary>
        public const string OAuthSignInRequired = "OAuthSignInRequired";

        /// <summary>The identity provider could not be reached, or answered with a server error (transient).</summary>
        public const string OAuthProviderUnreachable = "OAuthProviderUnreachable";

        /// <summary>An OAuth setting is missing (a tenant, a client ID, a client secret or certificate) or does not fit the account.</summary>
        public const string OAuthSettingRequired = "OAuthSettingRequired";

        /// <summary>An OAuth setting does not parse (a tenant or client ID, an endpoint that is not an https address).</summary>
        public const string InvalidOAuthSetting = "InvalidOAuthSetting";

        /// <summary>An OAuth account would send its token over a connection that is never encrypted.</summary>
        public const string OAuthRequiresTls = "OAuthRequiresTls";

        /// <summary>The client certificate is not in the certificate store, has no private key, or cannot be read.</summary>
        public const string ClientCertificateNotFound = "ClientCertificateNotFound";

        /// <summary>Microsoft Graph refused the token or its permissions (no Mail.Send, or the mailbox is outside the application access policy).</summary>
        public const string GraphAccessDenied = "GraphAccessDenied";

        /// <summary>Microsoft Graph does not know the sender mailbox.</summary>
        public const string GraphMailboxNotFound = "GraphMailboxNotFound";

        /// <summary>Microsoft Graph asked to slow down (429) or is unavailable (503, 5xx): transient, retried after its Retry-After.</summary>
        public const string GraphServiceBusy = "GraphServiceBusy";

        /// <summary>Microsoft Graph could not be reached, or the connection broke or timed out (transient).</summary>
        public const string GraphConnectFailed = "GraphConnectFailed";

        /// <summary>Microsoft Graph's certificate is not trusted.</summary>
        public const string GraphCertificateUntrusted = "GraphCertificateUntrusted";

        /// <summary>Microsoft Graph refused the message itself (too large, or malformed) for good.</summary>
        public const string GraphMessageRejected = "GraphMessageRejected";

        /// <summary>Microsoft Graph answered in a way BackupMail does not know.</summary>
        public const string GraphRequestFailed = "GraphRequestFailed";

        /// <summary>Connect-BackupMailAccount was asked to sign in an account that does not use OAuthUser.</summary>
        public const string AccountNotOAuthUser = "AccountNotOAuthUser";

        /// <summary>The run journal stayed locked by another process longer than BackupMail waits.</summary>
        public const string RunJournalBusy = "RunJournalBusy";

        /// <summary>The run journal cannot be read, or is not a regular file.</summary>
        public const string RunJournalUnreadable = "RunJournalUnreadable";

        /// <summary>The run journal, its folder or its lock file cannot be written, or is not what it should be.</summary>
        public const string RunJournalUnwritable = "RunJournalUnwritable";
    }
}
