using System;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.OAuth;
using BackupMail.Tests.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>
    /// Issue 12 §4: a bearer token never goes over an unencrypted connection, whatever the account allows: a server
    /// that offers AUTH XOAUTH2 without STARTTLS (or a man in the middle who removed it) gets no AUTH at all.
    /// </summary>
    public sealed class SmtpXOAuth2PlainTests : DeliveryTestBase
    {
        private const string TokenText = "eyJ0eXAiOiJKV1QifQ.bearer-token-that-must-not-leak.sig";

        private static string OffersXOAuth2WithoutTls(string command) =>
            command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase)
                ? "250-scripted.example\r\n250-AUTH XOAUTH2 PLAIN LOGIN\r\n250 8BITMIME"
                : command.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) ? "235 2.7.0 Authentication successful"
                : ScriptedSmtpServer.StandardReply(command);

        private static MailAccount OAuthAccount(ScriptedSmtpServer server, MailSecurity security) => new MailAccount
        {
            Name = "M365",
            SmtpServer = server.Host,
            Port = server.Port,
            Security = security,
            From = "backup@contoso.example",
            Authentication = MailAuthentication.OAuthApp,
            TenantId = "contoso.example",
            ClientId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            ClientCredential = OAuthClientCredential.Secret,
            SecretName = "BackupMail-M365",
            TokenSecretName = "BackupMail-M365-Token",
            TimeoutSeconds = 5,

            // Even the switch that lets a password cross in clear text does not let a token.
            AllowInsecureAuthentication = true,
        };

        // The accounts of an engine whose configuration is never read: the account under test is given directly.
        private AccountService Accounts() => new BackupMailEngine(System.IO.Path.GetTempPath(), new InMemoryCredentialSource(), Output).Accounts;

        private SmtpTransport Transport(FakeTokenSource tokens) => new SmtpTransport(Accounts(), Connector, tokens);

        [Theory]
        [InlineData(MailSecurity.Auto)]
        [InlineData(MailSecurity.StartTlsWhenAvailable)]
        public void No_token_goes_out_without_tls(MailSecurity security)
        {
            using var server = ScriptedSmtpServer.Conversation(OffersXOAuth2WithoutTls);
            var tokens = new FakeTokenSource((n, forced) => TokenText);

            var error = TestDeadline.Throws<BackupMailException>(() => Transport(tokens).Open(OAuthAccount(server, security)).Dispose());

            Assert.Equal("SmtpTlsRequiredForAuthentication", error.ErrorId);
            Assert.Contains(server.Commands, c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
            Assert.True(global::BackupMail.Outbox.OutboxPolicy.ShouldQueue(error));
            Assert.DoesNotContain(VisibleTexts(error).Concat(Output.All), text => text.Contains("bearer-token-that-must-not-leak"));
        }

        [Fact]
        public void An_account_without_a_token_source_says_so_instead_of_sending_nothing_quietly()
        {
            using var server = ScriptedSmtpServer.Conversation(OffersXOAuth2WithoutTls);
            var transport = new SmtpTransport(Accounts(), Connector);

            var error = Assert.Throws<BackupMailException>(() => transport.Open(OAuthAccount(server, MailSecurity.Auto)));

            Assert.Equal("OAuthSettingRequired", error.ErrorId);
            Assert.Equal(0, server.Connections);
        }
    }
}
