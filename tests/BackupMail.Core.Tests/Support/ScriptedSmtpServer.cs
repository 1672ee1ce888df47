using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace BackupMail.Tests.Support
{
    /// <summary>
    /// A raw TCP server on a free loopback port that plays a script, for behaviour a real SMTP server
    /// library will not produce: silence after accept, a 421 greeting, a dropped connection mid-DATA.
    /// Every connection runs the same script on its own thread. Dispose closes everything.
    /// </summary>
    public sealed class ScriptedSmtpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Action<ScriptedConnection> _script;
        private readonly List<TcpClient> _clients = new List<TcpClient>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _connections;

        private ScriptedSmtpServer(Action<ScriptedConnection> script)
        {
            _script = script;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            new Thread(AcceptLoop) { IsBackground = true, Name = "ScriptedSmtpServer" }.Start();
        }

        /// <summary>The host to connect to.</summary>
        public string Host => "127.0.0.1";

        /// <summary>The port it listens on.</summary>
        public int Port { get; }

        /// <summary>How many connections were accepted.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>Starts a server that runs <paramref name="script"/> for each connection.</summary>
        public static ScriptedSmtpServer Start(Action<ScriptedConnection> script) => new ScriptedSmtpServer(script);

        /// <summary>A server that accepts connections and never says a word.</summary>
        public static ScriptedSmtpServer Silent() => Start(connection => connection.WaitUntilClosed());

        /// <summary>A server that greets with <paramref name="reply"/> (e.g. "421 busy") and hangs up.</summary>
        public static ScriptedSmtpServer GreetAndClose(string reply) => Start(connection => connection.Send(reply));

        /// <summary>Stops listening and closes every connection.</summary>
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

        private void AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = _listener.AcceptTcpClient();
                }
                catch (Exception exception) when (exception is SocketException || exception is ObjectDisposedException || exception is InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                new Thread(() => Run(client)) { IsBackground = true, Name = "ScriptedSmtpConnection" }.Start();
            }
        }

        private void Run(TcpClient client)
        {
            try
            {
                using (var connection = new ScriptedConnection(client, _stop.Token))
                {
                    _script(connection);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is SocketException || exception is ObjectDisposedException)
            {
                // The client went away, or the server was disposed.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
