using System.Net;
using System.Net.Sockets;

namespace BackupMail.Tests.Support
{
    /// <summary>Loopback ports for tests.</summary>
    public static class LoopbackPort
    {
        /// <summary>A port on 127.0.0.1 that nothing listens on (it was free a moment ago), for "connection refused".</summary>
        public static int Unused()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
