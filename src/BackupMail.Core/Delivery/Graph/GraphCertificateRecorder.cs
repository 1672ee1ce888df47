using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BackupMail.Delivery.Graph
{
    /// <summary>
    /// The certificate check of Graph connections: exactly the system's verdict (a certificate is accepted only when
    /// the system finds no error: chain, name, presence); there is no switch to skip it. It remembers, per host and
    /// port, the last certificate it saw, so an error can say what was presented.
    /// </summary>
    internal sealed class GraphCertificateRecorder
    {
        private readonly ConcurrentDictionary<string, SeenCertificate> _seen = new ConcurrentDictionary<string, SeenCertificate>();

        /// <summary>The handler's <c>ServerCertificateCustomValidationCallback</c>.</summary>
        public bool Validate(HttpRequestMessage? request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (request?.RequestUri != null)
            {
                // Copy it: the handshake's object may be disposed once the callback returns.
                var copy = certificate == null ? null : new X509Certificate2(certificate.RawData);
                _seen[Key(request.RequestUri)] = new SeenCertificate(copy, errors);
            }

            return errors == SslPolicyErrors.None;
        }

        /// <summary>The last certificate seen for <paramref name="uri"/>'s host and port, or null.</summary>
        public SeenCertificate? For(System.Uri uri) => _seen.TryGetValue(Key(uri), out var seen) ? seen : null;

        private static string Key(System.Uri uri) => uri.Host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
