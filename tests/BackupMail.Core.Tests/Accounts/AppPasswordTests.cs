using BackupMail.Accounts;
using Xunit;

namespace BackupMail.Tests.Accounts
{
    public class AppPasswordTests
    {
        [Theory]
        [InlineData("abcd efgh ijkl mnop", "abcdefghijklmnop")]
        [InlineData("  abcd  efgh\tijkl\u00A0mnop\n", "abcdefghijklmnop")]
        [InlineData("abcdefghijklmnop", "abcdefghijklmnop")]
        [InlineData("", "")]
        [InlineData(null, null)]
        public void Normalize_removes_white_space_only(string typed, string stored)
        {
            Assert.Equal(stored, AppPassword.Normalize(typed));
        }

        [Theory]
        [InlineData("abcdefghijklmnop", MailProvider.Gmail, true)]
        [InlineData("ABCDefghIJKLmnop", MailProvider.Yahoo, true)]
        [InlineData("abcdefghijklmno", MailProvider.Gmail, false)]
        [InlineData("abcdefghijklmnopq", MailProvider.Gmail, false)]
        [InlineData("abcdefghijklmn0p", MailProvider.Gmail, false)]
        [InlineData("abcdefghijklmnoä", MailProvider.Gmail, false)]
        [InlineData("abcd-efgh-ijkl-mnop", MailProvider.ICloud, true)]
        [InlineData("abcd-efgh-ijkl-mnop", MailProvider.Gmail, false)]
        [InlineData("abcd-efgh-ijkl-mno", MailProvider.ICloud, false)]
        [InlineData("", MailProvider.Gmail, false)]
        [InlineData(null, MailProvider.Gmail, false)]
        public void HasExpectedShape_means_16_letters(string normalized, MailProvider provider, bool expected)
        {
            Assert.Equal(expected, AppPassword.HasExpectedShape(normalized, provider));
        }
    }
}
