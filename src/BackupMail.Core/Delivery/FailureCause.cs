using System;
using System.Net.Sockets;
using BackupMail.Resources;

namespace BackupMail.Delivery
{
    /// <summary>What the transports' error diagnoses share: finding the exception that says why, and naming a network failure.</summary>
    internal static class FailureCause
    {
        /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="exception"/>'s chain of inner exceptions; null when none.</summary>
        public static T FindInner<T>(Exception exception)
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
