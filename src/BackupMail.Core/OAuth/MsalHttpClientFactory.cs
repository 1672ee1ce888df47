using System.Net.Http;
using Microsoft.Identity.Client;

namespace BackupMail.OAuth
{
    /// <summary>Gives MSAL one HttpClient whose timeout is the account's, so that no request to the identity provider hangs.</summary>
    internal sealed class MsalHttpClientFactory : IMsalHttpClientFactory
    {
        private readonly HttpClient _client;

        internal MsalHttpClientFactory(HttpClient client) => _client = client;

        /// <inheritdoc />
        public HttpClient GetHttpClient() => _client;
    }
}
