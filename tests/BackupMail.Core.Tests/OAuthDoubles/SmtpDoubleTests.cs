using System;
using System.Linq;
using System.Threading.Tasks;
using BackupMail.OAuthDoubles;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Identity.Client;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.OAuthDoubles
{
    /// <summary>The SMTP double against the real MailKit: STARTTLS with the test CA, AUTH XOAUTH2, Microsoft's refusals.</summary>
    public sealed class SmtpDoubleTests : OAuthDoublesTestBase
    {
        private static MimeMessage Message(string subject = "Backup OK")
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(UserName));
            message.To.Add(MailboxAddress.Parse("admin@example.com"));
            message.Subject = subject;
            message.Body = new TextPart("plain") { Text = "All files copied." };
            return message;
        }

        private SmtpClient Connect()
        {
            var client = new SmtpClient { Timeout = 20_000 };
            // Default certificate validation: the chain must end at the test CA through SSL_CERT_FILE.
            client.Connect(Host.SmtpHost, Host.SmtpPort, SecureSocketOptions.StartTls);
            return client;
        }

        private async Task<string> AppToken(string scope = OutlookDefault)
        {
            var app = ConfidentialClientApplicationBuilder.Create(ClientId).WithAuthority(Authority, false).WithClientSecret(Secret).Build();
            return (await app.AcquireTokenForClient(new[] { scope }).ExecuteAsync()).AccessToken;
        }

        [Fact]
        public async Task An_MSAL_app_token_authenticates_over_STARTTLS_and_the_message_is_stored()
        {
            var token = await AppToken();
            using (var client = Connect())
            {
                Assert.True(client.IsSecure);
                Assert.Contains("XOAUTH2", client.AuthenticationMechanisms);
                Assert.Contains("LOGIN", client.AuthenticationMechanisms);
                client.Authenticate(new SaslMechanismOAuth2(UserName, token));
                Assert.True(client.IsAuthenticated);
                var reply = client.Send(Message());
                Assert.StartsWith("2.0.0 OK", reply);
                client.Disconnect(true);
            }

            var received = Assert.Single(Host.State.ReceivedSmtpMessages());
            Assert.Equal(UserName, received.AuthenticatedUser);
            Assert.Equal("XOAUTH2", received.Mechanism);
            Assert.True(received.Tls);
            Assert.Equal(new[] { "admin@example.com" }, received.Recipients);
            using var stream = new System.IO.MemoryStream(received.Raw);
            Assert.Equal("Backup OK", MimeMessage.Load(stream).Subject);
        }

        [Fact]
        public void Before_STARTTLS_the_server_offers_STARTTLS_and_no_AUTH()
        {
            using var client = new SmtpClient { Timeout = 20_000 };
            client.Connect(Host.SmtpHost, Host.SmtpPort, SecureSocketOptions.None);

            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
            Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
            Assert.Empty(client.AuthenticationMechanisms);
        }

        [Fact]
        public async Task A_delegated_SMTP_Send_token_authenticates_as_its_user()
        {
            var app = PublicClientApplicationBuilder.Create(PublicClientId).WithAuthority(Authority, false).Build();
            var result = await app.AcquireTokenWithDeviceCode(new[] { "https://outlook.office365.com/SMTP.Send" }, code =>
            {
                Host.State.ApproveDeviceCode(UserName, code.UserCode);
                return Task.CompletedTask;
            }).ExecuteAsync();

            using var client = Connect();
            client.Authenticate(new SaslMechanismOAuth2(result.Account.Username, result.AccessToken));
            client.Send(Message("delegated"));

            var received = Assert.Single(Host.State.ReceivedSmtpMessages());
            Assert.Equal(UserName, received.AuthenticatedUser);
        }

        [Theory]
        [InlineData("garbage")]
        [InlineData("graph")]
        [InlineData("unknown-mailbox")]
        [InlineData("no-role")]
        [InlineData("expired")]
        public async Task A_bad_token_fails_with_535_5_7_3(string kind)
        {
            string user = UserName;
            string token = kind switch
            {
                "garbage" => "not.a.token",
                "graph" => await AppToken(Host.GraphEndpoint + "/.default"),
                "no-role" => Host.MintAccessToken(ClientId, "https://outlook.office365.com", roles: new[] { "Mail.Send" }),
                "expired" => Host.MintAccessToken(ClientId, "https://outlook.office365.com", roles: new[] { "SMTP.SendAsApp" }, lifetimeSeconds: -10),
                _ => await AppToken(),
            };
            if (kind == "unknown-mailbox") user = "nobody@contoso.onmicrosoft.com";

            using var client = Connect();
            var error = Assert.Throws<AuthenticationException>(() => client.Authenticate(new SaslMechanismOAuth2(user, token)));

            Assert.Contains("5.7.3 Authentication unsuccessful", error.Message);
            Assert.False(client.IsAuthenticated);
            Assert.Throws<MailKit.ServiceNotAuthenticatedException>(() => client.Send(Message()));
        }

        [Theory]
        [InlineData(SmtpPasswordAnswer.BasicAuthDisabled, "5.7.139 Authentication unsuccessful, basic authentication is disabled.")]
        [InlineData(SmtpPasswordAnswer.SmtpAuthDisabledTenant, "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.")]
        [InlineData(SmtpPasswordAnswer.SmtpAuthDisabledMailbox, "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.")]
        public void A_password_gets_Microsofts_refusal(SmtpPasswordAnswer answer, string text)
        {
            Host.State.Smtp.PasswordAuth = answer;
            using var client = Connect();

            var error = Assert.Throws<AuthenticationException>(() => client.Authenticate(UserName, "password"));

            Assert.Contains(text, error.Message);
        }

        [Fact]
        public void Basic_authentication_not_supported_is_a_550_5_7_30()
        {
            Host.State.Smtp.PasswordAuth = SmtpPasswordAnswer.BasicAuthNotSupported;
            using var client = Connect();
            client.AuthenticationMechanisms.Remove("LOGIN");   // PLAIN then

            var error = Assert.ThrowsAny<Exception>(() => client.Authenticate(UserName, "password"));

            Assert.Contains("5.7.30 Basic authentication is not supported for Client Submission.", error.Message);
        }

        [Fact]
        public async Task SMTP_AUTH_disabled_for_the_mailbox_refuses_even_a_good_token()
        {
            Host.State.FindMailbox(UserName).SmtpAuthEnabled = false;
            var token = await AppToken();
            using var client = Connect();

            var error = Assert.Throws<AuthenticationException>(() => client.Authenticate(new SaslMechanismOAuth2(UserName, token)));

            Assert.Contains("5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.", error.Message);
        }

        [Fact]
        public async Task A_line_without_end_is_cut_off()
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync("127.0.0.1", Host.SmtpPort);
            var stream = tcp.GetStream();
            var reader = new System.IO.StreamReader(stream);
            Assert.StartsWith("220 ", await reader.ReadLineAsync());
            var chunk = System.Text.Encoding.ASCII.GetBytes(new string('A', 64 * 1024));
            try { await stream.WriteAsync(chunk); } catch (System.IO.IOException) { }

            Assert.Equal("500 5.5.6 Line too long", await reader.ReadLineAsync());
            Assert.Null(await reader.ReadLineAsync());
        }
    }
}
