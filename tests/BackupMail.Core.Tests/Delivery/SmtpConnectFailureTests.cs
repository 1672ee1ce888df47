using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using BackupMail.Accounts;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Delivery
{
    /// <summary>Servers that cannot be reached, never answer, or turn the client away.</summary>
    public sealed class SmtpConnectFailureTests : DeliveryTestBase
    {
        [Fact]
        public void ClosedPortIsSmtpConnectFailedNamingHostPortAndCause()
        {
            var port = LoopbackPort.Unused();
            var account = new MailAccount { Name = "Test", SmtpServer = "127.0.0.1", Port = port, Security = MailSecurity.None, TimeoutSeconds = 5 };

            var error = SendFails(account, null);

            Assert.Equal("SmtpConnectFailed", error.ErrorId);
            Assert.Equal(BackupMailErrorKind.ConnectionError, error.Kind);
            Assert.True(error.IsTransient);
            Assert.Contains("127.0.0.1:" + port, error.Message);
            Assert.Contains("refused", error.Message);
        }

        [Fact]
        public void UnknownHostIsSmtpConnectFailedNamingDns()
        {
            var account = new MailAccount { Name = "Test", SmtpServer = "no-such-host.invalid", Port = 25, Security = MailSecurity.None, TimeoutSeconds = 5 };

            var error = SendFails(account, null);

            Assert.Equal("SmtpConnectFailed", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("no-such-host.invalid:25", error.Message);
        }

        [Theory]
        [InlineData(MailSecurity.None)]
        [InlineData(MailSecurity.SslOnConnect)]
        public void SilentServerIsSmtpConnectFailedAfterTheTimeout(MailSecurity security)
        {
            using var server = ScriptedSmtpServer.Silent();
            var account = new MailAccount { Name = "Test", SmtpServer = server.Host, Port = server.Port, Security = security, TimeoutSeconds = 2 };

            var error = SendFails(account, null);

            Assert.Equal("SmtpConnectFailed", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("within 2 seconds", error.Message);
            Assert.Equal(1, server.Connections);
        }

        [Fact]
        public void AConnectThatNeverCompletesIsSmtpConnectFailedAfterTheTimeout()
        {
            // A listener that never accepts: once its queue is full, the system drops further connection requests,
            // so the next connect neither succeeds nor fails until the account's timeout ends it.
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var port = ((IPEndPoint)listener.LocalEndPoint).Port;
            var queued = new List<Socket>();
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    queued.Add(filler);
                    filler.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromMilliseconds(500));
                }

                var account = new MailAccount { Name = "Test", SmtpServer = "127.0.0.1", Port = port, Security = MailSecurity.None, TimeoutSeconds = 2 };

                var error = SendFails(account, null);

                Assert.Equal("SmtpConnectFailed", error.ErrorId);
                Assert.True(error.IsTransient);
            }
            finally
            {
                queued.ForEach(socket => socket.Dispose());
            }
        }

        [Fact]
        public void BusyGreetingIsSmtpServerBusyAndTransient()
        {
            using var server = ScriptedSmtpServer.GreetAndClose("421 4.3.2 Too many connections, try later");
            var account = new MailAccount { Name = "Test", SmtpServer = server.Host, Port = server.Port, Security = MailSecurity.None, TimeoutSeconds = 5 };

            var error = SendFails(account, null);

            Assert.Equal("SmtpServerBusy", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Contains("Too many connections", error.Message);
        }

        [Fact]
        public void TlsHandshakeWithAPlainServerIsSmtpTlsFailedOrConnectFailed()
        {
            // SslOnConnect against a server that speaks plain SMTP: the handshake reads "220 ..." and fails.
            using var server = TestSmtpServer.Start();
            var account = server.CreateAccount(MailSecurity.SslOnConnect);
            account.TimeoutSeconds = 5;

            var error = SendFails(account, null);

            Assert.Equal("SmtpTlsFailed", error.ErrorId);
            Assert.True(error.IsTransient);
            Assert.Empty(server.Messages);
        }
    }
}
