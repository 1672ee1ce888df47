using System;

namespace BackupMail.OAuth
{
    /// <summary>What the user must do to finish a device code sign-in: open <see cref="VerificationUri"/> and enter <see cref="UserCode"/>.</summary>
    public sealed class DeviceCodePrompt
    {
        /// <summary>Creates the prompt.</summary>
        public DeviceCodePrompt(string userCode, string verificationUri, DateTimeOffset expiresOn, string message)
        {
            UserCode = userCode;
            VerificationUri = verificationUri;
            ExpiresOn = expiresOn;
            Message = message;
        }

        /// <summary>The code to enter.</summary>
        public string UserCode { get; }

        /// <summary>The page to enter it on.</summary>
        public string VerificationUri { get; }

        /// <summary>When the code stops being valid.</summary>
        public DateTimeOffset ExpiresOn { get; }

        /// <summary>The identity provider's own instructions (for example "To sign in, use a web browser to open...").</summary>
        public string Message { get; }
    }
}
