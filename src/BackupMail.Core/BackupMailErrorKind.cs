namespace BackupMail
{
    /// <summary>The broad kind of an engine error; the PowerShell layer maps it to an ErrorCategory.</summary>
    public enum BackupMailErrorKind
    {
        /// <summary>A value the user gave is not valid.</summary>
        InvalidArgument,
        /// <summary>Stored data cannot be read.</summary>
        InvalidData,
        /// <summary>A named thing (account, template, rule, secret, file) does not exist.</summary>
        ObjectNotFound,
        /// <summary>A required module or component is missing.</summary>
        NotInstalled,
        /// <summary>The server refused the credentials.</summary>
        AuthenticationError,
        /// <summary>A certificate or TLS problem.</summary>
        SecurityError,
        /// <summary>The server could not be reached or did not answer in time.</summary>
        ConnectionError,
        /// <summary>The server refused the message or a recipient.</summary>
        ProtocolError,
        /// <summary>A resource (file, vault, lock) is busy or unavailable.</summary>
        ResourceUnavailable,
        /// <summary>Permission to read or write was denied.</summary>
        PermissionDenied,
        /// <summary>Anything else.</summary>
        NotSpecified,
    }
}
