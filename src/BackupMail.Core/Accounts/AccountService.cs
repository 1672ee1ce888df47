using System;
using System.Collections.Generic;
using System.Net;
using BackupMail.Configuration;

namespace BackupMail.Accounts
{
    /// <summary>Creates, reads and removes SMTP accounts; their passwords go to an <see cref="ICredentialSource"/>.</summary>
    public sealed class AccountService
    {
        private readonly ConfigStore _store;
        private readonly ICredentialSource _credentials;
        private readonly IOutputWriter _output;

        /// <summary>Creates the service.</summary>
        public AccountService(ConfigStore store, ICredentialSource credentials, IOutputWriter output)
        {
            _store = store;
            _credentials = credentials;
            _output = output ?? NullOutputWriter.Instance;
        }

        /// <summary>Creates or updates an account; stores the credential (app passwords normalized) in the vault.</summary>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c>, <c>InvalidProviderUserName</c>, <c>InvalidCertificateThumbprint</c>, <c>SmtpServerRequired</c>, secret and configuration errors.</exception>
        public MailAccount Set(AccountSettings settings) => throw new NotImplementedException();

        /// <summary>All stored accounts, by name.</summary>
        public IReadOnlyList<MailAccount> GetAll() => throw new NotImplementedException();

        /// <summary>The account called <paramref name="name"/> (null means <c>Default</c>).</summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>, saying how to create it.</exception>
        public MailAccount Find(string name) => throw new NotImplementedException();

        /// <summary>Removes the account and its secret.</summary>
        /// <exception cref="BackupMailException"><c>AccountNotFound</c>.</exception>
        public void Remove(string name) => throw new NotImplementedException();

        /// <summary>The account's credential from the vault; null for an anonymous relay.</summary>
        /// <exception cref="BackupMailException"><c>SecretNotFound</c> (saying to run Set-BackupMailAccount -Credential again) and other secret errors.</exception>
        public NetworkCredential GetCredential(MailAccount account) => throw new NotImplementedException();
    }
}
