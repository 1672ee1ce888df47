using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.OAuth;
using BackupMail.OAuthDoubles;
using BackupMail.Templates;
using BackupMail.Tests.Accounts;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.OAuthDoubles;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>
    /// Issue 12 §4: SMTP with AUTH XOAUTH2 through <see cref="SmtpTransport"/>, against the Exchange Online double over
    /// STARTTLS with the test CA: what authenticates, what a refused cached token does, and what the errors say.
    /// </summary>
    public sealed class SmtpXOAuth2Tests : OAuthDoublesTestBase, IDisposable
    {
        private const string Outlook = "https://outlook.office365.com";

        private readonly UiCulture _culture = UiCulture.Use("en-US");
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly RecordingOutputWriter _output = new RecordingOutputWriter();

        private MailAccount Account() => new MailAccount
        {
            Name = "M365",
            SmtpServer = Host.SmtpHost,
            Port = Host.SmtpPort,
            Security = MailSecurity.StartTls,
            From = UserName,
            Authentication = MailAuthentication.OAuthApp,
            TenantId = TenantId,
            ClientId = ClientId,
            ClientCredential = OAuthClientCredential.Secret,
            SecretName = "BackupMail-M365",
            TokenSecretName = "BackupMail-M365-Token",
            TimeoutSeconds = 10,
        };

        private SmtpTransport Transport(FakeTokenSource tokens)
        {
            var engine = new BackupMailEngine(_temp.Combine("config"), new InMemoryCredentialSource(), _output);
            return new SmtpTransport(engine.Accounts, engine.Connector, tokens);
        }

        private static global::MimeKit.MimeMessage Message() =>
            MessageComposer.Compose(UserName, new[] { "admin@example.com" }, new RenderedMessage("Nightly: Failure", "Sicherung fehlgeschlagen.\n", BodyFormat.Text));

        private string Valid() => Host.MintAccessToken(ClientId, Outlook, new List<string> { "SMTP.SendAsApp" });

        // A token for another resource: well formed, signed, and refused by Exchange with 535 5.7.3.
        private string ForGraph() => Host.MintAccessToken(ClientId, "https://graph.microsoft.com", new List<string> { "Mail.Send" });

        private void Send(SmtpTransport transport)
        {
            using (var session = transport.Open(Account()))
            {
                session.Send(Message(), null);
            }
        }

        [Fact]
        public void Authenticates_as_the_sender_mailbox_and_delivers()
        {
            var tokens = new FakeTokenSource((n, forced) => Valid());

            TestDeadline.Run(() => Send(Transport(tokens)));

            var received = Assert.Single(Host.State.ReceivedSmtpMessages());
            Assert.Equal(("XOAUTH2", UserName), (received.Mechanism, received.AuthenticatedUser));
            Assert.Equal(new[] { (TokenAudience.Smtp, false) }, tokens.Calls);
            Assert.Contains(_output.Verbose, line => line.Contains("XOAUTH2") && line.Contains(UserName));
            Assert.DoesNotContain(_output.All, line => tokens.Issued.Any(line.Contains));
        }

        [Fact]
        public void A_cached_token_the_server_refuses_is_dropped_and_fetched_again_once()
        {
            // The first token comes "from the cache" (FakeTokenSource), the forced one is fresh.
            var tokens = new FakeTokenSource((n, forced) => forced ? Valid() : ForGraph());

            TestDeadline.Run(() => Send(Transport(tokens)));

            Assert.Equal(new[] { (TokenAudience.Smtp, false), (TokenAudience.Smtp, true) }, tokens.Calls);
            Assert.Single(Host.State.ReceivedSmtpMessages());
        }

        [Fact]
        public void A_fresh_token_the_server_refuses_is_not_asked_for_again_and_the_error_says_what_the_app_lacks()
        {
            var tokens = new FakeTokenSource((n, forced) => ForGraph());

            var error = TestDeadline.Throws<BackupMailException>(() => Send(Transport(tokens)));

            Assert.Equal("SmtpAuthenticationFailed", error.ErrorId);
            Assert.Equal(2, tokens.Calls.Count);
            Assert.Contains("SMTP.SendAsApp", error.Message);
            Assert.Contains("New-ServicePrincipal", error.Message);
            Assert.Contains("Add-MailboxPermission", error.Message);
            Assert.True(global::BackupMail.Outbox.OutboxPolicy.ShouldQueue(error));
            Assert.DoesNotContain(tokens.Issued, token => error.ToString().Contains(token));
            Assert.Empty(Host.State.ReceivedSmtpMessages());
        }

        [Theory]
        [InlineData(SmtpOAuthAnswer.SmtpAuthDisabledTenant)]
        [InlineData(SmtpOAuthAnswer.SmtpAuthDisabledMailbox)]
        public void SMTP_AUTH_switched_off_points_to_Set_CASMailbox_or_Graph(SmtpOAuthAnswer answer)
        {
            Host.State.Smtp.OAuth = answer;
            var tokens = new FakeTokenSource((n, forced) => Valid());

            var error = TestDeadline.Throws<BackupMailException>(() => Send(Transport(tokens)));

            Assert.Equal("SmtpClientAuthenticationDisabled", error.ErrorId);
            Assert.Contains("Set-CASMailbox -Identity '" + UserName + "' -SmtpClientAuthenticationDisabled $false", error.Message);
            Assert.Contains("Set-BackupMailAccount -Name M365 -Transport Graph", error.Message);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
        }

        [Fact]
        public void Test_BackupMailAccount_reports_the_token_and_its_permissions_and_sends_nothing()
        {
            var tokens = new FakeTokenSource((n, forced) => Valid()) { Roles = new[] { "SMTP.SendAsApp" } };

            var result = TestDeadline.Run(() => Transport(tokens).Test(Account()));

            Assert.Equal((MailTransportKind.Smtp, MailAuthentication.OAuthApp, true), (result.Transport, result.Authentication, result.Authenticated == true));
            Assert.Equal(UserName, result.UserName);
            Assert.Equal(new[] { "SMTP.SendAsApp" }, result.TokenPermissions);
            Assert.True(result.TokenExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));
            Assert.NotNull(result.TlsProtocol);
            Assert.Empty(Host.State.ReceivedSmtpMessages());
        }

        public new void Dispose()
        {
            _culture.Dispose();
            _temp.Dispose();
            base.Dispose();
        }
    }
}
