using System.Linq;
using BackupMail.Delivery;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.Rules
{
    public class MailAddressListTests
    {
        [Fact]
        public void Splits_on_commas_and_semicolons_and_trims()
        {
            var list = MailAddressList.Parse(new[] { "a@x.org; b@y.org,c@z.org", "  d@w.org  " });

            Assert.Equal(new[] { "a@x.org", "b@y.org", "c@z.org", "d@w.org" }, list);
        }

        [Fact]
        public void Removes_duplicates_ignoring_case_and_keeps_the_first()
        {
            var list = MailAddressList.Parse(new[] { "Admin@Example.com", "admin@example.COM; ops@example.com", "Ops <OPS@example.com>" });

            Assert.Equal(new[] { "Admin@Example.com", "ops@example.com" }, list);
        }

        [Fact]
        public void Keeps_display_names_including_quoted_commas()
        {
            var list = MailAddressList.Parse(new[] { "Backup Admin <admin@example.com>, \"Doe, Jane\" <jane@example.com>" });

            Assert.Equal(2, list.Count);
            Assert.Contains("admin@example.com", list[0]);
            Assert.Contains("Backup Admin", list[0]);
            Assert.Contains("jane@example.com", list[1]);
            Assert.Contains("Doe, Jane", list[1]);
        }

        [Fact]
        public void Skips_empty_entries_between_separators()
        {
            var list = MailAddressList.Parse(new[] { "a@x.org,, ;b@y.org;", null, "" });

            Assert.Equal(new[] { "a@x.org", "b@y.org" }, list);
        }

        [Theory]
        [InlineData("admin")]
        [InlineData("admin@")]
        [InlineData("@example.com")]
        [InlineData("admin@@example.com")]
        [InlineData("admin@exa mple.com")]
        [InlineData("admin example.com")]
        [InlineData("<>")]
        public void InvalidMailAddress_names_the_bad_address(string bad)
        {
            using (UiCulture.Use("en-US"))
            {
                var error = Assert.Throws<BackupMailException>(() => MailAddressList.Parse(new[] { "good@example.com; " + bad }));

                Assert.Equal("InvalidMailAddress", error.ErrorId);
                Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);
                Assert.Equal(bad, error.Target);
                Assert.Contains("'" + bad + "'", error.Message);
                Assert.Contains("admin@example.com", error.Message); // an example of a valid one
            }
        }

        [Fact]
        public void The_message_is_German_under_de_DE()
        {
            using (UiCulture.Use("de-DE"))
            {
                var error = Assert.Throws<BackupMailException>(() => MailAddressList.ParseOne("kaputt"));

                Assert.Contains("keine gültige E-Mail-Adresse", error.Message);
            }
        }

        [Fact]
        public void NoRecipients_when_nothing_is_left()
        {
            var error = Assert.Throws<BackupMailException>(() => MailAddressList.Parse(new[] { " ; , ", null }));
            Assert.Equal("NoRecipients", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.InvalidArgument, error.Kind);

            Assert.Equal("NoRecipients", Assert.Throws<BackupMailException>(() => MailAddressList.Parse(null)).ErrorId);
        }

        [Fact]
        public void ParseOne_accepts_one_address_with_or_without_a_name()
        {
            Assert.Equal("backup@example.com", MailAddressList.ParseOne("  backup@example.com "));
            Assert.Contains("<backup@example.com>", MailAddressList.ParseOne("Backup Server <backup@example.com>"));
            Assert.Equal("relay@localhost", MailAddressList.ParseOne("relay@localhost"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(null)]
        [InlineData("a@x.org, b@y.org")]
        public void ParseOne_refuses_empty_or_several(string value)
        {
            var error = Assert.Throws<BackupMailException>(() => MailAddressList.ParseOne(value));
            Assert.Equal("InvalidMailAddress", error.ErrorId);
        }

        [Fact]
        public void Non_ascii_addresses_survive()
        {
            var list = MailAddressList.Parse(new[] { "Jörg Müller <joerg@müller.de>" });

            Assert.Contains("Jörg Müller", list.Single());
            Assert.Contains("müller.de", list.Single());
        }
    }
}
