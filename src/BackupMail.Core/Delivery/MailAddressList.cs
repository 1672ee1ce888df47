using System;
using System.Collections.Generic;

namespace BackupMail.Delivery
{
    /// <summary>Parses and validates recipient lists given as arrays or as one string separated by commas or semicolons.</summary>
    public static class MailAddressList
    {
        /// <summary>Every address, trimmed and validated, duplicates removed.</summary>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c> naming the bad address; <c>NoRecipients</c> when empty.</exception>
        public static IReadOnlyList<string> Parse(IEnumerable<string> values) => throw new NotImplementedException();

        /// <summary>One address, validated.</summary>
        /// <exception cref="BackupMailException"><c>InvalidMailAddress</c>.</exception>
        public static string ParseOne(string value) => throw new NotImplementedException();
    }
}
