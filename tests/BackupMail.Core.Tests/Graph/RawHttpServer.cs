using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.Tests.Graph
{
    /// <summary>
    /// A loopback server for what the Graph double will not do: a peer that never speaks, or answers a byte at a time.
    /// Each connection (TLS when a certificate is given) is handed to the behaviour; Dispose stops everything.
    /// </summary>
    internal sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TcpClient> _clients = new List<TcpClient>();
        private readonly X509Certificate2 _certificate;
        private readonly Func<Stream, CancellationToken, Task> _behaviour;

        private RawHttpServer(X509Certificate2 certificate, Func<Stream, CancellationToken, Task> behaviour)
        {
            _certificate = certificate;
            _behaviour = behaviour;
            _listener.Start();
            _ = AcceptLoop();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>https://localhost:port (or http:// without a certificate).</summary>
        public string Endpoint => (_certificate == null ? "http" : "https") + "://localhost:" + Port;

        /// <summary>Accepts connections and never sends a byte (no TLS either).</summary>
        public static RawHttpServer Silent() =>
            Plain(async (stream, token) => await Task.Delay(Timeout.Infinite, token));

        /// <summary>Plain HTTP: each connection's stream goes straight to <paramref name="behaviour"/>, which reads what it wants.</summary>
        public static RawHttpServer Plain(Func<Stream, CancellationToken, Task> behaviour) =>
            new RawHttpServer(null, behaviour);

        /// <summary>TLS with <paramref name="certificate"/>, reads the request, then runs <paramref name="answer"/>.</summary>
        public static RawHttpServer Answering(X509Certificate2 certificate, Func<Stream, CancellationToken, Task> answer) =>
            new RawHttpServer(certificate, async (stream, token) =>
            {
                await ReadRequest(stream, token);
                await answer(stream, token);
            });

        /// <summary>Writes <paramref name="text"/> one byte every <paramref name="interval"/>.</summary>
        public static async Task Dribble(Stream stream, string text, TimeSpan interval, CancellationToken token)
        {
            foreach (var b in Encoding.ASCII.GetBytes(text))
            {
                await stream.WriteAsync(new[] { b }, token);
                await stream.FlushAsync(token);
                await Task.Delay(interval, token);
            }
        }

        public static async Task Write(Stream stream, string text, CancellationToken token)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text), token);
            await stream.FlushAsync(token);
        }

        /// <summary>The request line and headers up to the blank line, or null when the peer closes first.</summary>
        public static async Task<string> ReadHead(Stream stream, CancellationToken token)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, token) == 0) return null;
                head.Append((char)one[0]);
            }

            return head.ToString();
        }

        // The request line and headers, then Content-Length bytes of body.
        private static async Task ReadRequest(Stream stream, CancellationToken token)
        {
            var head = await ReadHead(stream, token);
            if (head == null) return;

            long length = 0;
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var buffer = new byte[65536];
            while (length > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), token);
                if (read == 0) return;
                length -= read;
            }
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                lock (_clients)
                {
                    _clients.Add(client);
                }

                _ = Serve(client);
            }
        }

        private async Task Serve(TcpClient client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate != null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    stream = tls;
                }

                await _behaviour(stream, _stop.Token);
            }
            catch (Exception)
            {
                // The client gave up, or the server stopped.
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_clients)
            {
                foreach (var client in _clients)
                {
                    client.Dispose();
                }
            }
        }
    }
}
