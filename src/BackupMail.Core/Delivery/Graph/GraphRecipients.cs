using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MimeKit;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// Who a MIME <c>sendMail</c> delivers to. Graph has no envelope in its MIME form: it delivers to every address in
    /// the message's To, Cc and Bcc headers (Bcc is taken out of the copies it delivers). So the message goes as it is
    /// when the envelope is empty or names exactly those; otherwise a copy is sent whose To, Cc and Bcc name exactly the
    /// envelope: addresses only in the headers are left out (they already have it, or were refused for good: sending
    /// again would duplicate), addresses only in the envelope are added as Bcc.
    /// </summary>
    internal static class GraphRecipients
    {
        /// <summary>The message to send for <paramref name="envelopeRecipients"/>: <paramref name="message"/> itself, or a copy.</summary>
        /// <param name="message">The composed message.</param>
        /// <param name="envelopeRecipients">Who must receive it; null or empty for everyone it names.</param>
        /// <param name="added">The addresses added as Bcc.</param>
        /// <param name="removed">The addresses left out.</param>
        public static MimeMessage ForRequest(MimeMessage message, IReadOnlyList<string>? envelopeRecipients, out IReadOnlyList<string> added, out IReadOnlyList<string> removed)
        {
            added = Array.Empty<string>();
            removed = Array.Empty<string>();
            if (envelopeRecipients == null || envelopeRecipients.Count == 0)
            {
                return message;
            }

            var wanted = new HashSet<string>(envelopeRecipients.Select(AddressOf), StringComparer.OrdinalIgnoreCase);
            var named = new HashSet<string>(Named(message), StringComparer.OrdinalIgnoreCase);
            if (named.SetEquals(wanted))
            {
                return message;
            }

            var copy = Copy(message);
            var left = new List<string>();
            Keep(copy.To, wanted, left);
            Keep(copy.Cc, wanted, left);
            Keep(copy.Bcc, wanted, left);
            var extra = wanted.Where(address => !named.Contains(address)).ToList();
            foreach (var address in extra)
            {
                copy.Bcc.Add(MailboxAddress.Parse(address));
            }

            added = extra;
            removed = left;
            return copy;
        }

        /// <summary>Every address the message's To, Cc and Bcc name (group members included).</summary>
        public static IEnumerable<string> Named(MimeMessage message) =>
            message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => m.Address);

        private static string AddressOf(string recipient) =>
            MailboxAddress.TryParse(recipient, out var mailbox) ? mailbox.Address : recipient.Trim();

        // Removes from the list every mailbox not wanted (inside groups too, dropping groups left empty).
        private static void Keep(InternetAddressList list, HashSet<string> wanted, List<string> left)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                switch (list[i])
                {
                    case MailboxAddress mailbox when !wanted.Contains(mailbox.Address):
                        left.Add(mailbox.Address);
                        list.RemoveAt(i);
                        break;
                    case GroupAddress group:
                        Keep(group.Members, wanted, left);
                        if (group.Members.Count == 0)
                        {
                            list.RemoveAt(i);
                        }

                        break;
                }
            }
        }

        // MimeKit has no deep copy of a message: written and parsed again, it is the same message, headers and bytes.
        private static MimeMessage Copy(MimeMessage message)
        {
            var memory = new MemoryStream();
            message.WriteTo(MimeRequestContent.Options, memory);
            memory.Position = 0;
            return MimeMessage.Load(memory);
        }
    }
}
