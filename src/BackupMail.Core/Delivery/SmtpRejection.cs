namespace BackupMail.Delivery
{
    /// <summary>A recipient the SMTP server refused, with its reply.</summary>
    public sealed class SmtpRejection
    {
        /// <summary>Creates a refusal record.</summary>
        public SmtpRejection(string? address, int statusCode, string response)
        {
            Address = address;
            StatusCode = statusCode;
            Response = response;
        }

        /// <summary>The refused address.</summary>
        public string? Address { get; }

        /// <summary>The server's reply code to RCPT TO (e.g. 550).</summary>
        public int StatusCode { get; }

        /// <summary>The server's reply text.</summary>
        public string Response { get; }

        /// <summary>True for a 4xx reply: the server may accept the recipient later.</summary>
        public bool IsTransient => StatusCode >= 400 && StatusCode < 500;
    }
}
