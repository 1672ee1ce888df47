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
        private readonly List<string> _commands = new List<string>();
        private readonly List<Exception> _scriptErrors = new List<Exception>();
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

        /// <summary>
        /// A server that greets with <paramref name="greeting"/>, then answers each command line with
        /// <paramref name="reply"/>(line) and records it in <see cref="Commands"/>. After a 354 reply it reads
        /// the message up to the lone "." and asks <paramref name="reply"/>(".") for the final answer.
        /// A reply of <see cref="HangUp"/> closes the connection; <see cref="Silence"/> answers nothing, ever.
        /// A reply may hold several lines separated by CRLF.
        /// </summary>
        public static ScriptedSmtpServer Conversation(Func<string, string> reply, string greeting = "220 scripted.example ESMTP ready")
        {
            ScriptedSmtpServer server = null;
            server = Start(connection =>
            {
                connection.Send(greeting);
                string line;
                while ((line = connection.ReadLine()) != null)
                {
                    server.Record(line);
                    var answer = reply(line);
                    if (answer != null && answer.StartsWith("354", StringComparison.Ordinal))
                    {
                        connection.Send(answer);
                        connection.ReadData();
                        server.Record(".");
                        answer = reply(".");
                    }

                    if (answer == HangUp)
                    {
                        return;
                    }

                    if (answer == Silence)
                    {
                        connection.WaitUntilClosed();
                        return;
                    }

                    connection.Send(answer);
                    if (answer.StartsWith("221", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            });
            return server;
        }

        /// <summary>
        /// A server that answers like <see cref="StandardReply"/> (or <paramref name="reply"/>) and records every command,
        /// until a command starts with <paramref name="verb"/> (e.g. "MAIL"): then it runs <paramref name="misbehave"/>
        /// instead of answering, and ends the connection.
        /// </summary>
        public static ScriptedSmtpServer MisbehaveAt(string verb, Action<ScriptedConnection> misbehave, Func<string, string> reply = null, string greeting = "220 scripted.example ESMTP ready")
        {
            ScriptedSmtpServer server = null;
            server = Start(connection =>
            {
                connection.Send(greeting);
                string line;
                while ((line = connection.ReadLine()) != null)
                {
                    server.Record(line);
                    if (line.StartsWith(verb, StringComparison.OrdinalIgnoreCase))
                    {
                        misbehave(connection);
                        return;
                    }

                    var answer = (reply ?? StandardReply)(line);
                    connection.Send(answer);
                    if (answer.StartsWith("354", StringComparison.Ordinal))
                    {
                        connection.ReadData();
                        server.Record(".");
                        connection.Send((reply ?? StandardReply)("."));
                    }
                    else if (answer.StartsWith("221", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            });
            return server;
        }

        /// <summary>A reply for <see cref="Conversation"/>: close the connection.</summary>
        public const string HangUp = null;

        /// <summary>A reply for <see cref="Conversation"/>: say nothing and wait for the client to give up.</summary>
        public const string Silence = "";

        /// <summary>
        /// What a well-behaved server answers (EHLO with SIZE 1000000, MAIL, RCPT, DATA, the final "."
        /// with "250 2.0.0 Ok: queued as 12345", QUIT); a starting point for <see cref="Conversation"/> scripts.
        /// </summary>
        public static string StandardReply(string command)
        {
            var verb = (command.Split(' ')[0]).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO": return "250-scripted.example\r\n250-SIZE 1000000\r\n250 8BITMIME";
                case "HELO": return "250 scripted.example";
                case "MAIL": return "250 2.1.0 Ok";
                case "RCPT": return "250 2.1.5 Ok";
                case "DATA": return "354 End data with <CR><LF>.<CR><LF>";
                case ".": return "250 2.0.0 Ok: queued as 12345";
                case "RSET":
                case "NOOP": return "250 2.0.0 Ok";
                case "QUIT": return "221 2.0.0 Bye";
                default: return "502 5.5.2 Command not recognized";
            }
        }

        /// <summary>The command lines <see cref="Conversation"/> servers received, in order (all connections).</summary>
        public IReadOnlyList<string> Commands { get { lock (_commands) { return _commands.ToArray(); } } }

        /// <summary>Exceptions the script threw (other than the client going away); a test may assert it is empty.</summary>
        public IReadOnlyList<Exception> ScriptErrors { get { lock (_scriptErrors) { return _scriptErrors.ToArray(); } } }

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

        private void Record(string command)
        {
            lock (_commands)
            {
                _commands.Add(command);
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
            catch (Exception exception)
            {
                // A broken script must fail its test, not kill the test host from a background thread.
                lock (_scriptErrors)
                {
                    _scriptErrors.Add(exception);
                }
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
