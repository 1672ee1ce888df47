using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.Tests.Configuration;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>Each AADSTS code the administrator can fix gets its fix; any other code comes with the provider's own description.</summary>
    public sealed class AadstsAdviceTests
    {
        private static readonly MailAccount Account = new MailAccount
        {
            Name = "Office", Authentication = MailAuthentication.OAuthApp, TenantId = "contoso.onmicrosoft.com",
            ClientId = "11111111-2222-3333-4444-555555555555", Cloud = MicrosoftCloud.USGovernment,
        };

        [Theory]
        [InlineData("AADSTS7000215", "Set-BackupMailAccount -Name Office -ClientSecret")]
        [InlineData("AADSTS7000222", "Set-BackupMailAccount -Name Office -ClientSecret")]
        [InlineData("AADSTS700016", "-ClientId")]
        [InlineData("AADSTS700016", "11111111-2222-3333-4444-555555555555")]
        [InlineData("AADSTS90002", "-Cloud")]
        [InlineData("AADSTS90002", "USGovernment")]
        [InlineData("AADSTS65001", "Grant admin consent")]
        [InlineData("AADSTS65001", "New-ServicePrincipal -AppId 11111111-2222-3333-4444-555555555555")]
        [InlineData("AADSTS7000229", "New-ServicePrincipal")]
        [InlineData("AADSTS700027", "public key")]
        [InlineData("AADSTS700024", "public key")]
        public void KnownCodesNameTheCodeAndTheFix(string code, string fix)
        {
            using (UiCulture.Use("en-US"))
            {
                var message = AadstsAdvice.Describe(Account, "invalid_client", code + ": Something went wrong.\r\nTrace ID: 1234\r\nCorrelation ID: 5678");
                Assert.Contains(code, message);
                Assert.Contains(fix, message);
                Assert.Contains("'Office'", message);
                Assert.DoesNotContain("Trace ID", message);
            }
        }

        [Fact]
        public void AnUnknownCodeComesWithTheDescriptionAsGiven()
        {
            var message = AadstsAdvice.Describe(Account, "invalid_request", "AADSTS50011: The redirect URI does not match.\r\nTrace ID: 42");
            Assert.Contains("AADSTS50011: The redirect URI does not match.", message);
            Assert.DoesNotContain("Trace ID", message);
        }

        [Fact]
        public void AnErrorWithoutCodeComesWithTheErrorAndDescription()
        {
            var message = AadstsAdvice.Describe(Account, "invalid_client", "Unauthorized");
            Assert.Contains("invalid_client: Unauthorized", message);
        }

        [Fact]
        public void ALongDescriptionIsCutAndControlCharactersGo()
        {
            var message = AadstsAdvice.Describe(Account, "server_error", "\u001b[31mred" + new string('x', 5000));
            Assert.True(message.Length < 600, message.Length.ToString());
            Assert.DoesNotContain('\u001b', message.ToCharArray());
            Assert.Contains(" [31mred", message);
        }

        [Theory]
        [InlineData("AADSTS700016: Application with identifier 'x' was not found", "AADSTS700016")]
        [InlineData("{\"error_codes\":[7000215]} AADSTS7000215: Invalid client secret", "AADSTS7000215")]
        [InlineData("no code here", null)]
        [InlineData(null, null)]
        public void FindsTheFirstCode(string text, string expected) => Assert.Equal(expected, AadstsAdvice.FindCode(text));

        [Fact]
        public void GermanAdviceNamesTheSameCodeAndCommand()
        {
            using (UiCulture.Use("de-DE"))
            {
                var message = AadstsAdvice.Describe(Account, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
                Assert.Contains("AADSTS7000215", message);
                Assert.Contains("Set-BackupMailAccount -Name Office -ClientSecret", message);
                Assert.Contains("Identitätsanbieter", message);
            }
        }
    }
}
