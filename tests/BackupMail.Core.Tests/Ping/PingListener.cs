using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Tests.Graph;

namespace BackupMail.Tests.Ping
{
    /// <summary>
    /// A loopback HTTP listener for the ping tests: records each request line (<c>GET /path?query HTTP/1.1</c>) and
    /// answers as told: a status, nothing at all (accepts and hangs), or an answer dribbled a byte at a time.
    /// The sockets and HTTP plumbing are <see cref="RawHttpServer"/>'s (plain HTTP).
    /// </summary>
    internal sealed class PingListener : IDisposable
    {
        private readonly RawHttpServer _server;

        private PingListener(Func<Stream, CancellationToken, Task> answer)
        {
            _server = RawHttpServer.Plain(async (stream, token) =>
            {
                var head = await RawHttpServer.ReadHead(stream, token);
                if (head == null) return;
                Requests.Add(head.Split("\r\n")[0]);
                await answer(stream, token);
            });
        }

        /// <summary>The request lines received, in order.</summary>
        public BlockingCollection<string> Requests { get; } = new BlockingCollection<string>();

        public string Base => "http://127.0.0.1:" + _server.Port;

        /// <summary>Answers every request with <paramref name="status"/> and a short body.</summary>
        public static PingListener Answering(int status = 200) =>
            new PingListener((stream, token) => RawHttpServer.Write(stream, "HTTP/1.1 " + status + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK", token));

        /// <summary>Reads the request and never answers.</summary>
        public static PingListener Hanging() =>
            new PingListener((stream, token) => Task.Delay(Timeout.Infinite, token));

        /// <summary>Reads the request and answers one byte every <paramref name="interval"/>, never finishing the headers in time.</summary>
        public static PingListener Dribbling(TimeSpan interval) =>
            new PingListener((stream, token) =>
                RawHttpServer.Dribble(stream, "HTTP/1.1 200 OK\r\nX-Slow: " + new string('x', 10000) + "\r\n\r\n", interval, token));

        public void Dispose() => _server.Dispose();
    }
}
