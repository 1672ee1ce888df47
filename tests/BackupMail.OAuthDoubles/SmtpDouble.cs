using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.OAuthDoubles
{
    /// <summary>
    /// An Exchange-Online-shaped SMTP submission server on loopback: STARTTLS (no AUTH before it), then
    /// <c>AUTH LOGIN PLAIN XOAUTH2</c>. XOAUTH2 checks the bearer token as Exchange does (audience
    /// https://outlook.office365.com, roles SMTP.SendAsApp or scp SMTP.Send, a registered mailbox); LOGIN and PLAIN
    /// answer Microsoft's texts for disabled basic authentication. Lines are bounded.
    /// </summary>
    internal sealed class SmtpDouble : IDisposable
    {
        /// <summary>Longest command line accepted (an XOAUTH2 initial response carries a whole token).</summary>
        public const int MaxLineBytes = 32 * 1024;
        /// <summary>Largest message accepted (announced as SIZE).</summary>
        public const int MaxMessageBytes = 35 * 1024 * 1024;
        private const string ServerName = "BM1PR01MB0001.localhost.test";
        private readonly DoublesState state;
        private readonly X509Certificate2 certificate;
        private readonly TcpListener listener;
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private readonly List<Task> sessions = new List<Task>();

        public SmtpDouble(DoublesState state, X509Certificate2 certificate, int port)
        {
            this.state = state;
            this.certificate = certificate;
            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = AcceptLoop();
        }

        public int Port { get; }

        private async Task AcceptLoop()
        {
            while (!stopping.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
                catch (Exception) { return; }
                state.Count("smtp.connections");
                var session = Task.Run(() => Session(client));
                lock (sessions) { sessions.RemoveAll(s => s.IsCompleted); sessions.Add(session); }
            }
        }

        // Accept (for benchmarks that compare a password account with an OAuth one on the same server) takes any password.
        private async Task PasswordReply(Connection c, string mechanism, CancellationToken token)
        {
            if (state.Smtp.PasswordAuth == SmtpPasswordAnswer.Accept)
            {
                c.User = "password";
                c.Mechanism = mechanism;
            }

            await Reply(c, PasswordAnswer(), token);
        }

        private static string Stamp => $"[{ServerName} {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} 08DC0000000000]";

        private string PasswordAnswer() => state.Smtp.PasswordAuth switch
        {
            SmtpPasswordAnswer.BasicAuthNotSupported => "550 5.7.30 Basic authentication is not supported for Client Submission.",
            SmtpPasswordAnswer.SmtpAuthDisabledTenant => "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. " + Stamp,
            SmtpPasswordAnswer.SmtpAuthDisabledMailbox => "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. " + Stamp,
            SmtpPasswordAnswer.Unsuccessful => "535 5.7.3 Authentication unsuccessful " + Stamp,
            SmtpPasswordAnswer.Accept => "235 2.7.0 Authentication successful",
            _ => "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. " + Stamp,
        };

        private sealed class Connection
        {
            public Stream Stream;
            public byte[] Buffer = new byte[8192];
            public int Start;
            public int End;
            public bool Tls;
            public string User;
            public string Mechanism;
            public string MailFrom;
            public List<string> Recipients = new List<string>();
        }

        private async Task Session(TcpClient client)
        {
            using (client)
            {
                var c = new Connection { Stream = client.GetStream() };
                try
                {
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token))
                    {
                        timeout.CancelAfter(TimeSpan.FromMinutes(5));
                        await Converse(c, timeout.Token);
                    }
                }
                catch (Exception e) when (e is IOException || e is OperationCanceledException || e is AuthenticationException || e is ObjectDisposedException || e is SocketException)
                {
                    // The client went away or broke the protocol; nothing to tell anyone.
                }
                finally
                {
                    c.Stream.Dispose();
                }
            }
        }

        private static Task Reply(Connection c, string line, CancellationToken token) =>
            c.Stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), token).AsTask();

        /// <summary>The next CRLF- (or LF-) terminated line without its end; null at end of stream; throws when too long.</summary>
        private static async Task<byte[]> ReadLine(Connection c, int maxBytes, CancellationToken token)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (c.Start == c.End)
                {
                    c.Start = 0;
                    c.End = await c.Stream.ReadAsync(c.Buffer.AsMemory(0, c.Buffer.Length), token);
                    if (c.End == 0) return line.Length > 0 ? line.ToArray() : null;
                }
                var newline = Array.IndexOf(c.Buffer, (byte)'\n', c.Start, c.End - c.Start);
                var take = (newline < 0 ? c.End : newline) - c.Start;
                if (line.Length + take > maxBytes) throw new LineTooLongException();
                line.Write(c.Buffer, c.Start, take);
                if (newline < 0) { c.Start = c.End; continue; }
                c.Start = newline + 1;
                var bytes = line.ToArray();
                return bytes.Length > 0 && bytes[bytes.Length - 1] == '\r' ? bytes.AsSpan(0, bytes.Length - 1).ToArray() : bytes;
            }
        }

        private sealed class LineTooLongException : Exception { }

        private async Task Converse(Connection c, CancellationToken token)
        {
            await Reply(c, $"220 {ServerName} Microsoft ESMTP MAIL Service ready at {DateTime.UtcNow:R}", token);
            var greeted = false;
            while (true)
            {
                byte[] raw;
                try { raw = await ReadLine(c, MaxLineBytes, token); }
                catch (LineTooLongException)
                {
                    await Reply(c, "500 5.5.6 Line too long", token);
                    return;
                }
                if (raw == null) return;
                var line = Encoding.ASCII.GetString(raw);
                var space = line.IndexOf(' ');
                var verb = (space < 0 ? line : line.Substring(0, space)).ToUpperInvariant();
                var argument = space < 0 ? "" : line.Substring(space + 1).Trim();
                switch (verb)
                {
                    case "EHLO":
                        greeted = true;
                        c.MailFrom = null; c.Recipients.Clear();
                        var ehlo = new List<string> { $"{ServerName} Hello [127.0.0.1]", $"SIZE {MaxMessageBytes}", "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8" };
                        if (!c.Tls) ehlo.Add("STARTTLS");
                        else ehlo.Add("AUTH LOGIN PLAIN XOAUTH2");
                        for (var i = 0; i < ehlo.Count; i++) await Reply(c, (i == ehlo.Count - 1 ? "250 " : "250-") + ehlo[i], token);
                        break;
                    case "HELO":
                        greeted = true;
                        await Reply(c, $"250 {ServerName} Hello [127.0.0.1]", token);
                        break;
                    case "STARTTLS":
                        if (c.Tls) { await Reply(c, "503 5.5.1 TLS already active", token); break; }
                        await Reply(c, "220 2.0.0 SMTP server ready", token);
                        var ssl = new SslStream(c.Stream, false);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = certificate,
                            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        }, token);
                        c.Stream = ssl;
                        c.Start = c.End = 0;
                        c.Tls = true;
                        greeted = false;
                        c.User = null; c.MailFrom = null; c.Recipients.Clear();
                        break;
                    case "AUTH":
                        await Auth(c, argument, greeted, token);
                        break;
                    case "MAIL":
                        if (!c.Tls) { await Reply(c, "530 5.7.0 Must issue a STARTTLS command first", token); break; }
                        if (c.User == null) { await Reply(c, "530 5.7.57 Client not authenticated to send mail. [" + ServerName + "]", token); break; }
                        var from = Address(argument, "FROM:");
                        if (from == null) { await Reply(c, "501 5.5.4 Invalid arguments", token); break; }
                        c.MailFrom = from; c.Recipients.Clear();
                        await Reply(c, "250 2.1.0 Sender OK", token);
                        break;
                    case "RCPT":
                        if (c.MailFrom == null) { await Reply(c, "503 5.5.1 Bad sequence of commands", token); break; }
                        var to = Address(argument, "TO:");
                        if (string.IsNullOrEmpty(to)) { await Reply(c, "501 5.5.4 Invalid arguments", token); break; }
                        if (c.Recipients.Count >= 500) { await Reply(c, "452 4.5.3 Too many recipients", token); break; }
                        c.Recipients.Add(to);
                        await Reply(c, "250 2.1.5 Recipient OK", token);
                        break;
                    case "DATA":
                        if (c.MailFrom == null || c.Recipients.Count == 0) { await Reply(c, "503 5.5.1 Bad sequence of commands", token); break; }
                        await Reply(c, "354 Start mail input; end with <CRLF>.<CRLF>", token);
                        await Data(c, token);
                        break;
                    case "RSET":
                        c.MailFrom = null; c.Recipients.Clear();
                        await Reply(c, "250 2.0.0 Resetting", token);
                        break;
                    case "NOOP":
                        await Reply(c, "250 2.0.0 OK", token);
                        break;
                    case "QUIT":
                        await Reply(c, "221 2.0.0 Service closing transmission channel", token);
                        return;
                    default:
                        await Reply(c, "500 5.3.3 Unrecognized command", token);
                        break;
                }
            }
        }

        private static string Address(string argument, string prefix)
        {
            if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
            var rest = argument.Substring(prefix.Length).Trim();
            var open = rest.IndexOf('<');
            var close = rest.IndexOf('>');
            if (open < 0 || close < open) return null;
            return rest.Substring(open + 1, close - open - 1);
        }

        private async Task Auth(Connection c, string argument, bool greeted, CancellationToken token)
        {
            state.Count("smtp.auth");
            if (!c.Tls) { await Reply(c, "504 5.7.4 Unrecognized authentication type", token); return; }
            if (!greeted) { await Reply(c, "503 5.5.2 Send hello first", token); return; }
            if (c.User != null) { await Reply(c, "503 5.5.2 Already authenticated", token); return; }
            var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
            var initial = parts.Length > 1 ? parts[1] : null;
            switch (mechanism)
            {
                case "LOGIN":
                    if (initial == null)
                    {
                        await Reply(c, "334 VXNlcm5hbWU6", token);
                        if (await ReadLine(c, MaxLineBytes, token) == null) return;
                    }
                    await Reply(c, "334 UGFzc3dvcmQ6", token);
                    if (await ReadLine(c, MaxLineBytes, token) == null) return;
                    await PasswordReply(c, "LOGIN", token);
                    return;
                case "PLAIN":
                    if (initial == null)
                    {
                        await Reply(c, "334 ", token);
                        if (await ReadLine(c, MaxLineBytes, token) == null) return;
                    }
                    await PasswordReply(c, "PLAIN", token);
                    return;
                case "XOAUTH2":
                    if (initial == null)
                    {
                        await Reply(c, "334 ", token);
                        var next = await ReadLine(c, MaxLineBytes, token);
                        if (next == null) return;
                        initial = Encoding.ASCII.GetString(next).Trim();
                    }
                    if (initial == "*") { await Reply(c, "501 5.7.0 Authentication cancelled", token); return; }
                    await XOAuth2(c, initial, token);
                    return;
                default:
                    await Reply(c, "504 5.7.4 Unrecognized authentication type", token);
                    return;
            }
        }

        private async Task XOAuth2(Connection c, string initial, CancellationToken token)
        {
            const string Unsuccessful = "535 5.7.3 Authentication unsuccessful";
            byte[] decoded;
            try { decoded = Convert.FromBase64String(initial); }
            catch (FormatException) { await Reply(c, "501 5.5.2 Cannot Decode response", token); return; }
            // user=<user>^Aauth=Bearer <token>^A^A
            string user = null, bearer = null;
            foreach (var field in Encoding.UTF8.GetString(decoded).Split('\x01'))
            {
                if (field.StartsWith("user=", StringComparison.Ordinal)) user = field.Substring(5);
                else if (field.StartsWith("auth=", StringComparison.Ordinal))
                {
                    var value = field.Substring(5);
                    if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) bearer = value.Substring(7).Trim();
                }
            }
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(bearer)) { await Reply(c, Unsuccessful + " " + Stamp, token); return; }
            var check = AccessTokens.Check(state, bearer, new[] { DoublesState.OutlookResource, "https://outlook.office.com", DoublesState.OutlookAppId });
            var mailbox = state.FindMailbox(user);
            var allowed = check.Ok && (check.IsApp ? check.Has("SMTP.SendAsApp") : check.Has("SMTP.Send"));
            if (allowed && !check.IsApp && !string.Equals(check.UserPrincipalName, user, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(check.ObjectId, mailbox?.ObjectId, StringComparison.OrdinalIgnoreCase)) allowed = false;
            if (!allowed || mailbox == null || (mailbox.TenantId != null && !string.Equals(mailbox.TenantId, check.TenantId, StringComparison.OrdinalIgnoreCase)))
            {
                await Reply(c, Unsuccessful + " " + Stamp, token);
                return;
            }
            if (state.Smtp.OAuth == SmtpOAuthAnswer.SmtpAuthDisabledTenant)
            {
                await Reply(c, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. " + Stamp, token);
                return;
            }
            if (state.Smtp.OAuth == SmtpOAuthAnswer.SmtpAuthDisabledMailbox || !mailbox.SmtpAuthEnabled)
            {
                await Reply(c, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. " + Stamp, token);
                return;
            }
            c.User = mailbox.Address;
            c.Mechanism = "XOAUTH2";
            await Reply(c, "235 2.7.0 Authentication successful", token);
        }

        private async Task Data(Connection c, CancellationToken token)
        {
            var message = new MemoryStream();
            var tooLarge = false;
            while (true)
            {
                byte[] line;
                try { line = await ReadLine(c, MaxLineBytes, token); }
                catch (LineTooLongException)
                {
                    await Reply(c, "500 5.5.6 Line too long", token);
                    throw new IOException("line too long in DATA");
                }
                if (line == null) throw new IOException("end of stream in DATA");
                if (line.Length == 1 && line[0] == '.') break;
                var offset = line.Length > 0 && line[0] == '.' ? 1 : 0;
                if (message.Length + line.Length + 2 > MaxMessageBytes) { tooLarge = true; continue; }
                message.Write(line, offset, line.Length - offset);
                message.Write(new byte[] { (byte)'\r', (byte)'\n' });
            }
            if (tooLarge) { await Reply(c, "552 5.3.4 Message size exceeds fixed maximum message size", token); c.MailFrom = null; c.Recipients.Clear(); return; }
            lock (state.Gate)
            {
                state.SmtpMessages.Add(new SmtpMessage
                {
                    ReceivedAt = DateTimeOffset.UtcNow,
                    AuthenticatedUser = c.User,
                    Mechanism = c.Mechanism,
                    MailFrom = c.MailFrom,
                    Recipients = c.Recipients.ToList(),
                    Tls = c.Tls,
                    Raw = message.ToArray(),
                });
            }
            state.Count("smtp.messages");
            c.MailFrom = null; c.Recipients.Clear();
            await Reply(c, $"250 2.0.0 OK <{Guid.NewGuid():N}@{ServerName}> [Hostname={ServerName}]", token);
        }

        public void Dispose()
        {
            stopping.Cancel();
            listener.Stop();
            Task[] running;
            lock (sessions) running = sessions.ToArray();
            try { Task.WaitAll(running, TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            stopping.Dispose();
        }
    }
}
