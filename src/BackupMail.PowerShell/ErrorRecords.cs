using System.Management.Automation;

namespace BackupMail.PowerShell
{
    /// <summary>Turns engine errors into PowerShell <see cref="ErrorRecord"/>s with their stable ids.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(BackupMailException exception) =>
            new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.Kind), exception.Target);

        public static ErrorCategory CategoryOf(BackupMailErrorKind kind)
        {
            switch (kind)
            {
                case BackupMailErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case BackupMailErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case BackupMailErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case BackupMailErrorKind.NotInstalled: return ErrorCategory.NotInstalled;
                case BackupMailErrorKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case BackupMailErrorKind.SecurityError: return ErrorCategory.SecurityError;
                case BackupMailErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case BackupMailErrorKind.ProtocolError: return ErrorCategory.ProtocolError;
                case BackupMailErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case BackupMailErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
