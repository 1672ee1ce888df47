using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Net.Sockets;
using BackupMail.Resources;

namespace BackupMail.Delivery
{
    /// <summary>What the transports' error diagnoses share: finding the exception that says why, and naming a network failure.</summary>
    internal static class FailureCause
    {
        /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="exception"/>'s chain of inner exceptions; null when none.</summary>
        public static T? FindInner<T>(Exception? exception)
            where T : Exception
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                if (current is T match)
                {
                    return match;
                }
            }

            return null;
        }

        /// <summary>The last exception of <paramref name="exception"/>'s chain of inner exceptions: the one that says why.</summary>
        public static Exception Innermost(Exception exception)
        {
            while (exception.InnerException != null)
            {
                exception = exception.InnerException;
            }

            return exception;
        }

        /// <summary>What is wrong with a server certificate for <paramref name="host"/>, in words (missing, not trusted, another name).</summary>
        public static string CertificateProblem(SslPolicyErrors errors, string host)
        {
            var problems = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                problems.Add(DeliveryStrings.Format("CertificateErrorMissing"));
            }

            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                problems.Add(DeliveryStrings.Format("CertificateErrorNotTrusted"));
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                problems.Add(DeliveryStrings.Format("CertificateErrorNameMismatch", host));
            }

            return string.Join("; ", problems);
        }

        /// <summary>A socket failure in words the user can act on (refused, unknown host, unreachable, closed), else its own message.</summary>
        public static string Network(SocketException exception)
        {
            switch (exception.SocketErrorCode)
            {
                case SocketError.ConnectionRefused:
                    return DeliveryStrings.Format("CauseRefused");
                case SocketError.HostNotFound:
                case SocketError.NoData:
                case SocketError.TryAgain:
                    return DeliveryStrings.Format("CauseHostNotFound");
                case SocketError.NetworkUnreachable:
                case SocketError.HostUnreachable:
                case SocketError.NetworkDown:
                case SocketError.HostDown:
                    return DeliveryStrings.Format("CauseUnreachable");
                case SocketError.ConnectionReset:
                case SocketError.ConnectionAborted:
                case SocketError.Shutdown:
                    return DeliveryStrings.Format("CauseClosed");
                default:
                    return (exception.Message ?? string.Empty).Trim().TrimEnd('.');
            }
        }
    }
}
