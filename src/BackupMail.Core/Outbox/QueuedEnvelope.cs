using System.Collections.Generic;
using System.Linq;
using BackupMail.Resources;
using MimeKit;

namespace BackupMail.Outbox
{
    /// <summary>
    /// Checks that a queued message can make an SMTP envelope at all, before it is sent: a hand-edited or damaged item
    /// without a sender, or with a recipient that does not parse, would otherwise fail inside MailKit with an exception
    /// that says nothing of the item, on every flush.
    /// </summary>
    internal static class QueuedEnvelope
    {
        /// <summary>Why no envelope can be made (a sentence for the user), or null when it can.</summary>
        public static string? Check(MimeMessage message, IReadOnlyList<string>? envelopeRecipients)
        {
            if (!message.From.Mailboxes.Any())
            {
                return OutboxStrings.Format("DamageNoSender");
            }

            if (envelopeRecipients == null || envelopeRecipients.Count == 0)
            {
                var named = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes);
                return named.Any() ? null : OutboxStrings.Format("DamageNoRecipients");
            }

            foreach (var recipient in envelopeRecipients)
            {
                if (string.IsNullOrWhiteSpace(recipient) || !MailboxAddress.TryParse(recipient, out _))
                {
                    return OutboxStrings.Format("DamageRecipientInvalid", recipient);
                }
            }

            return null;
        }
    }
}
