#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.Rules;

namespace BackupMail.Digest
{
    /// <summary>Turns notification rules into digest subscriptions.</summary>
    public static class DigestSubscriptions
    {
        /// <summary>One subscription per rule, with the rule's <see cref="NotificationRule.Digest"/> cadence, recipients and account.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="rules"/> is null.</exception>
        public static IReadOnlyList<DigestSubscription> FromRules(IEnumerable<NotificationRule> rules)
        {
            if (rules == null)
            {
                throw new ArgumentNullException(nameof(rules));
            }

            return rules
                .Where(r => r != null && !string.IsNullOrWhiteSpace(r.BackupName))
                .Select(r => new DigestSubscription(r.BackupName, r.Digest, (IReadOnlyList<string>?)r.To ?? Array.Empty<string>(), r.Account))
                .ToList();
        }
    }
}
