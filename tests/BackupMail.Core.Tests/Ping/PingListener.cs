using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.Tests.Ping
{
    /// <summary>
    /// A loopback HTTP listener for the ping tests: records each request line (<c>GET /path?query HTTP/1.1</c>) and
    /// answers as told: a status, nothing at all (accepts and hangs), or an answer dribbled a byte at a time.
    /// </summary>
    internal sealed class PingListener : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TcpClient> _clients = new List<TcpClient>();
        private readonly Func<Stream, CancellationToken, Task> _answer;

        private PingListener(Func<Stream, CancellationToken, Task> answer)
        {
            _answer = answer;
            _listener.Start();
            _ = AcceptLoop();
        }

        /// <summary>The request lines received, in order.</summary>
        public BlockingCollection<string> Requests { get; } = new BlockingCollection<string>();

        public string Base => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Answers every request with <paramref name="status"/> and a short body.</summary>
        public static PingListener Answering(int status = 200) =>
            new PingListener((stream, token) => Write(stream, "HTTP/1.1 " + status + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK", token));

        /// <summary>Reads the request and never answers.</summary>
        public static PingListener Hanging() =>
            new PingListener((stream, token) => Task.Delay(Timeout.Infinite, token));

        /// <summary>Reads the request and answers one byte every <paramref name="interval"/>, never finishing the headers in time.</summary>
        public static PingListener Dribbling(TimeSpan interval) =>
            new PingListener(async (stream, token) =>
            {
                foreach (var b in Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Slow: " + new string('x', 10000) + "\r\n\r\n"))
                {
                    await stream.WriteAsync(new[] { b }, token);
                    await stream.FlushAsync(token);
                    await Task.Delay(interval, token);
                }
            });

        private static async Task Write(Stream stream, string text, CancellationToken token)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text), token);
            await stream.FlushAsync(token);
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
                var stream = client.GetStream();
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    if (await stream.ReadAsync(one, _stop.Token) == 0) return;
                    head.Append((char)one[0]);
                }

                Requests.Add(head.ToString().Split("\r\n")[0]);
                await _answer(stream, _stop.Token);
            }
            catch (Exception)
            {
                // The client gave up, or the listener stopped.
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
