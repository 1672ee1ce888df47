using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace BackupMail.Tests.Graph
{
    /// <summary>An <see cref="HttpMessageHandler"/> that answers each request with what the function it is given makes, and records the requests.</summary>
    internal sealed class StubHandler : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, HttpResponseMessage> _answer;

        public StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) => _answer = answer;

        public List<HttpRequestMessage> Requests { get; } = new List<HttpRequestMessage>();

        public static HttpResponseMessage Json(int status, string json) =>
            new HttpResponseMessage((System.Net.HttpStatusCode)status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            return Task.FromResult(_answer(request));
        }
    }
}
