using System;
using System.Globalization;
using System.Net;

namespace BackupMail.Delivery.Graph
{
    /// <summary>What Microsoft Graph answered to one request: status, the headers that matter, and at most 64 KiB of body.</summary>
    internal sealed class GraphResponse
    {
        /// <summary>The most of a response body that is read; the rest is never looked at.</summary>
        public const int MaxBodyBytes = 64 * 1024;

        public GraphResponse(HttpStatusCode status, string reason, string? requestId, TimeSpan? retryAfter, string? body)
        {
            Status = status;
            Reason = reason;
            RequestId = requestId;
            RetryAfter = retryAfter;
            Body = body ?? string.Empty;
            Error = GraphError.Parse(Body);
        }

        public HttpStatusCode Status { get; }

        public int StatusCode => (int)Status;

        /// <summary>The reason phrase (e.g. Accepted), or the status's name when the server sent none.</summary>
        public string Reason { get; }

        /// <summary>Graph's <c>request-id</c> header (what Microsoft support asks for), or null.</summary>
        public string? RequestId { get; }

        /// <summary>The <c>Retry-After</c> header, when there was one.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The body as text (at most <see cref="MaxBodyBytes"/> of it).</summary>
        public string Body { get; }

        /// <summary>The <c>{"error":{"code","message"}}</c> in the body, or null.</summary>
        public GraphError? Error { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        /// <summary>The status line with the request id, e.g. <c>202 Accepted (request-id 5f2c...)</c>.</summary>
        public string StatusText
        {
            get
            {
                var text = StatusCode.ToString(CultureInfo.InvariantCulture) + " " + Reason;
                return string.IsNullOrEmpty(RequestId) ? text : text + " (request-id " + RequestId + ")";
            }
        }
    }
}
