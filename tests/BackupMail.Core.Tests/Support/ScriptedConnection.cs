using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace BackupMail.Tests.Support
{
    /// <summary>One connection to a <see cref="ScriptedSmtpServer"/>: send reply lines, read command lines.</summary>
    public sealed class ScriptedConnection : IDisposable
    {
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
        private readonly TcpClient _client;
        private readonly CancellationToken _stop;
        private readonly StreamReader _reader;
        private readonly Stream _stream;

        internal ScriptedConnection(TcpClient client, CancellationToken stop)
        {
            _client = client;
            _stop = stop;
            _stream = client.GetStream();
            _stream.ReadTimeout = (int)ReadTimeout.TotalMilliseconds;
            _reader = new StreamReader(_stream, Encoding.ASCII);
        }

        /// <summary>Sends one reply line (CRLF is added).</summary>
        public void Send(string line)
        {
            var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
            _stream.Write(bytes, 0, bytes.Length);
            _stream.Flush();
        }

        /// <summary>Sends <paramref name="text"/> as it is (no CRLF added), one byte every <paramref name="interval"/>.</summary>
        public void Dribble(string text, TimeSpan interval)
        {
            foreach (var b in Encoding.ASCII.GetBytes(text))
            {
                _stream.WriteByte(b);
                _stream.Flush();
                if (_stop.WaitHandle.WaitOne(interval))
                {
                    return;
                }
            }
        }

        /// <summary>
        /// Sends <paramref name="prefix"/>, then <paramref name="filler"/> without end (up to <paramref name="maxBytes"/>, so
        /// that a client which buffers it all hurts the test, not the machine); returns how many bytes went out before the
        /// client closed the connection.
        /// </summary>
        public long Stream(string prefix, string filler, long maxBytes)
        {
            var head = Encoding.ASCII.GetBytes(prefix);
            _stream.Write(head, 0, head.Length);
            long sent = head.Length;
            var unit = Encoding.ASCII.GetBytes(filler);
            var chunk = new byte[64 * 1024 / unit.Length * unit.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = unit[i % unit.Length];
            }

            try
            {
                while (sent < maxBytes && !_stop.IsCancellationRequested)
                {
                    _stream.Write(chunk, 0, chunk.Length);
                    sent += chunk.Length;
                }
            }
            catch (Exception exception) when (exception is IOException || exception is SocketException || exception is ObjectDisposedException)
            {
                // The client gave up: what matters is how much it took first.
            }

            return sent;
        }

        /// <summary>Reads one command line; null when the client closed the connection.</summary>
        public string ReadLine() => _reader.ReadLine();

        /// <summary>Reads lines until the lone "." that ends DATA; returns how many lines came.</summary>
        public int ReadData()
        {
            var count = 0;
            string line;
            while ((line = _reader.ReadLine()) != null && line != ".")
            {
                count++;
            }

            return count;
        }

        /// <summary>Blocks until the client closes the connection (or the server is disposed, or 60 s pass).</summary>
        public void WaitUntilClosed()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var buffer = new byte[256];
            while (!_stop.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                if (_client.Client.Poll(200_000, SelectMode.SelectRead))
                {
                    if (_client.Client.Receive(buffer) == 0)
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>Closes the connection.</summary>
        public void Dispose() => _reader.Dispose();
    }
}
