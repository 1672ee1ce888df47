#nullable enable
using System;
using System.Collections.Generic;
using BackupMail.Rules;

namespace BackupMail.Digest
{
    /// <summary>
    /// One job's wish to be listed in digests: how often, to whom, through which account. Made from the notification
    /// rules (<see cref="DigestSubscriptions.FromRules"/>), or given directly by a caller or a test.
    /// </summary>
    public sealed class DigestSubscription
    {
        /// <summary>Creates a subscription.</summary>
        /// <param name="backupName">The job's name (matched case-insensitively against the run journal).</param>
        /// <param name="cadence">How often the job's runs are digested; <see cref="DigestCadence.None"/> means never.</param>
        /// <param name="to">The digest's recipients, already validated.</param>
        /// <param name="account">The account to send with; null or empty for <c>Default</c>.</param>
        /// <exception cref="ArgumentException"><paramref name="backupName"/> is null or blank.</exception>
        public DigestSubscription(string backupName, DigestCadence cadence, IReadOnlyList<string>? to, string? account)
        {
            if (string.IsNullOrWhiteSpace(backupName))
            {
                throw new ArgumentException("A backup name is required.", nameof(backupName));
            }

            BackupName = backupName.Trim();
            Cadence = cadence;
            To = to ?? Array.Empty<string>();
            Account = string.IsNullOrEmpty(account) ? null : account;
        }

        /// <summary>The job's name.</summary>
        public string BackupName { get; }

        /// <summary>How often the job's runs are digested.</summary>
        public DigestCadence Cadence { get; }

        /// <summary>The digest's recipients.</summary>
        public IReadOnlyList<string> To { get; }

        /// <summary>The account to send with; null for <c>Default</c>.</summary>
        public string? Account { get; }
    }
}
