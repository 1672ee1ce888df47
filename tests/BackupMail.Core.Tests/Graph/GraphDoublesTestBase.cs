using System;
using System.Collections.Generic;
using System.Linq;
using BackupMail.Accounts;
using BackupMail.Delivery;
using BackupMail.Delivery.Graph;
using BackupMail.OAuthDoubles;
using BackupMail.Templates;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.OAuthDoubles;
using BackupMail.Tests.Support;
using MimeKit;
using Xunit;

namespace BackupMail.Tests.Graph
{
    /// <summary>
    /// The Graph tests against the Graph double over HTTPS on loopback (its certificate from the test CA this process
    /// trusts through SSL_CERT_FILE): an app account sending as <see cref="OAuthDoublesTestBase.UserName"/>, tokens
    /// minted by the double's identity provider with Mail.Send, and a transport recording its output.
    /// </summary>
    public abstract class GraphDoublesTestBase : OAuthDoublesTestBase, IDisposable
    {
        protected const string GraphResource = "https://graph.microsoft.com";

        private readonly UiCulture _culture = UiCulture.Use("en-US");
        private GraphTransport _transport;

        protected GraphDoublesTestBase()
        {
            Tokens = new FakeTokenSource((n, forced) => Mint());
        }

        internal FakeTokenSource Tokens { get; set; }

        internal RecordingOutputWriter Output { get; } = new RecordingOutputWriter();

        internal GraphTransport Transport => _transport ?? (_transport = new GraphTransport(Tokens, Output));

        /// <summary>A valid Graph token for the test app, with the roles given (Mail.Send by default).</summary>
        protected string Mint(params string[] roles) =>
            Host.MintAccessToken(ClientId, GraphResource, roles.Length == 0 ? new List<string> { "Mail.Send" } : roles.ToList());

        protected MailAccount Account(string from = UserName, int timeoutSeconds = 10, string endpoint = null) => new MailAccount
        {
            Name = "Graph",
            Transport = MailTransportKind.Graph,
            Authentication = MailAuthentication.OAuthApp,
            TenantId = TenantId,
            ClientId = ClientId,
            From = from,
            GraphEndpoint = endpoint ?? Host.GraphEndpoint,
            TimeoutSeconds = timeoutSeconds,
        };

        /// <summary>A message as the engine composes it, to <paramref name="to"/>.</summary>
        protected static MimeMessage Compose(string subject = "Nightly backup: Failure", IEnumerable<MimeEntity> attachments = null, params string[] to) =>
            MessageComposer.Compose(UserName, to.Length == 0 ? new[] { "admin@example.com" } : to,
                new RenderedMessage(subject, "Sicherung fehlgeschlagen.\nZeile 2: äöü ß €\n", BodyFormat.Text), attachments);

        /// <summary>Sends through a fresh session of the transport, within the test deadline.</summary>
        internal SendReceipt Send(MimeMessage message, MailAccount account = null, IReadOnlyList<string> envelope = null) =>
            TestDeadline.Run(() =>
            {
                using (var session = Transport.Open(account ?? Account()))
                {
                    return session.Send(message, envelope);
                }
            });

        /// <summary>The BackupMailException the send throws.</summary>
        internal BackupMailException SendFails(MimeMessage message, MailAccount account = null) =>
            TestDeadline.Throws<BackupMailException>(() =>
            {
                using (var session = Transport.Open(account ?? Account()))
                {
                    session.Send(message, null);
                }
            });

        /// <summary>No token handed out appears in any output, or in <paramref name="texts"/>.</summary>
        internal void AssertNoTokenAnywhere(params string[] texts)
        {
            var everything = Output.All.Concat(texts.Where(t => t != null)).ToArray();
            foreach (var token in Tokens.Issued)
            {
                foreach (var text in everything)
                {
                    Assert.DoesNotContain(token, text, StringComparison.Ordinal);
                }

                // Nor a recognisable part of it (a JWT's signature, say).
                var tail = token.Length > 24 ? token.Substring(token.Length - 24) : token;
                Assert.DoesNotContain(everything, text => text.Contains(tail, StringComparison.Ordinal));
            }
        }

        /// <summary>The message the double received, parsed.</summary>
        internal GraphMessage SingleReceived() => Assert.Single(Host.State.ReceivedGraphMessages());

        internal static MimeMessage Parse(GraphMessage received)
        {
            using (var stream = new System.IO.MemoryStream(received.Mime))
            {
                return MimeMessage.Load(stream);
            }
        }

        /// <summary>What a test class has to clean up, before the transport closes and the doubles stop.</summary>
        protected virtual void DisposeTest()
        {
        }

        /// <summary>Closes the transport, then stops the doubles.</summary>
        public new void Dispose()
        {
            DisposeTest();
            _transport?.Dispose();
            _culture.Dispose();
            base.Dispose();
        }
    }
}
