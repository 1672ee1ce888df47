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
