using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.Delivery
{
    /// <summary>
    /// Opens the TCP connection of an SMTP session in blocking mode, to hand it to MailKit.
    /// </summary>
    /// <remarks>
    /// MailKit connects asynchronously when given a cancellation token (and it always gets one here: the account's
    /// timeout). On Unix, .NET then keeps the socket non-blocking for good and emulates every blocking read through
    /// its socket event thread: one more thread hand-off for each server reply, about 0.1 ms per message when a
    /// pipeline of notifications shares the connection. A socket connected in blocking mode reads directly.
    /// The blocking connect runs on a pool thread, so that the caller's token (the timeout) still ends the wait.
    /// </remarks>
    internal static class TcpConnection
    {
        /// <summary>Connects to the first address of <paramref name="host"/> that accepts, as MailKit does.</summary>
        /// <exception cref="SocketException">The name does not resolve, or no address accepts (the last error).</exception>
        /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public static Socket Connect(string host, int port, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connecting = Task.Run(() => ConnectAny(host, port));
            try
            {
                connecting.Wait(cancellationToken);
            }
            catch (System.OperationCanceledException)
            {
                // Given up on: a connection that still comes is closed at once.
                connecting.ContinueWith(task => task.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
                throw;
            }
            catch (System.AggregateException)
            {
                // The connect's own exception is rethrown unwrapped just below.
            }

            return connecting.GetAwaiter().GetResult();
        }

        /// <summary>Ends every read and write on <paramref name="socket"/> now (called from the timeout's thread).</summary>
        public static void Abort(Socket socket)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (System.Exception)
            {
                // Not connected any more, or already closed: nothing is left to wake.
            }
        }

        private static Socket ConnectAny(string host, int port)
        {
            var addresses = Dns.GetHostAddresses(host);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(address, port);
                    return socket;
                }
                catch (SocketException error)
                {
                    socket.Dispose();
                    last = error;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw last ?? new SocketException((int)SocketError.HostNotFound);
        }
    }
}
