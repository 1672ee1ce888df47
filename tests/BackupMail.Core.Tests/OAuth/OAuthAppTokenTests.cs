using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using BackupMail.Accounts;
using BackupMail.OAuth;
using BackupMail.OAuthDoubles;
using BackupMail.Tests.Configuration;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>OAuthApp accounts against the identity provider double: secrets, certificates, the shared cache, errors.</summary>
    public sealed class OAuthAppTokenTests : IDisposable
    {
        private readonly OAuthTestBed _bed = new OAuthTestBed();
        private readonly UiCulture _culture = UiCulture.Use("en-US");

        public void Dispose()
        {
            _culture.Dispose();
            _bed.Dispose();
        }

        [Theory]
        [InlineData(TokenAudience.Smtp, OAuthTestBed.SmtpResource, "SMTP.SendAsApp")]
        [InlineData(TokenAudience.Graph, OAuthTestBed.GraphResource, "Mail.Send")]
        public void ASecretAppGetsATokenForTheAudience(TokenAudience audience, string resource, string role)
        {
            var account = _bed.SecretApp();
            var service = _bed.NewService();

            var token = TestDeadline.Run(() => service.GetToken(account, audience, false, default));
            _bed.Secrets.Add(token.Value);

            var claims = AccessTokenClaims.Read(token);
            Assert.Equal(resource, _bed.State.CanonicalResource(claims.Audience));
            Assert.Equal(new[] { role }, token.Roles);
            Assert.False(token.FromCache);
            Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(61));
            Assert.Equal(1, _bed.State.TokenRequestCount("client_credentials", account.ClientId));
            Assert.Equal(1, service.MsalClientsCreated);
            _bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void ACertificateAppFromTheVaultGetsAToken()
        {
            using (var certificate = OAuthTestBed.ClientCertificate())
            {
                var app = _bed.State.RegisterApp(new AppRegistration
                {
                    TenantId = _bed.Tenant.Id, Roles = OAuthTestBed.AppRoles(),
                    Certificates = { X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)) },
                });
                var account = _bed.AppAccount("Cert", app.ClientId, OAuthClientCredential.VaultCertificate);
                _bed.Vault.Set(null, account.SecretName, new NetworkCredential("pfx", Convert.ToBase64String(certificate.Export(X509ContentType.Pfx))));

                var token = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

                Assert.Equal(new[] { "SMTP.SendAsApp" }, token.Roles);
                Assert.Equal(1, _bed.State.TokenRequestCount("client_credentials", app.ClientId));
            }
        }

        [Fact]
        public void ACertificateAppFromTheUserStoreGetsAToken()
        {
            using (var certificate = OAuthTestBed.ClientCertificate("CN=BackupMail Store Test " + Guid.NewGuid().ToString("N")))
            using (var withKey = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable))
            using (var store = new X509Store(StoreName.My, StoreLocation.CurrentUser))
            {
                store.Open(OpenFlags.ReadWrite);
                store.Add(withKey);
                try
                {
                    var app = _bed.State.RegisterApp(new AppRegistration
                    {
                        TenantId = _bed.Tenant.Id, Roles = OAuthTestBed.AppRoles(),
                        Certificates = { X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)) },
                    });
                    var account = _bed.AppAccount("Store", app.ClientId, OAuthClientCredential.StoreCertificate);
                    account.ClientCertificateThumbprint = certificate.Thumbprint.ToLowerInvariant();

                    var token = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Graph, false, default));

                    Assert.Equal(new[] { "Mail.Send" }, token.Roles);
                    Assert.Contains(_bed.Output.Verbose, line => line.Contains("Cert:\\CurrentUser\\My") && line.Contains(certificate.Thumbprint));
                }
                finally
                {
                    store.Remove(withKey);
                }
            }
        }

        [Fact]
        public void AMissingStoreCertificateSaysWhereItLookedAndWhatToDo()
        {
            var account = _bed.AppAccount("Missing", Guid.NewGuid().ToString(), OAuthClientCredential.StoreCertificate);
            account.ClientCertificateThumbprint = new string('A', 40);
            var service = _bed.NewService();

            var error = Assert.Throws<BackupMailException>(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.ClientCertificateNotFound, error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains("Cert:\\CurrentUser\\My", error.Message);
            Assert.Contains("Cert:\\LocalMachine\\My", error.Message);
            Assert.Contains("Set-BackupMailAccount -Name Missing -ClientCertificate", error.Message);
            Assert.Equal(0, service.MsalClientsCreated);
        }

        [Fact]
        public void AVaultCertificateWithoutPrivateKeyIsRefused()
        {
            using (var certificate = OAuthTestBed.ClientCertificate())
            {
                var account = _bed.AppAccount("NoKey", Guid.NewGuid().ToString(), OAuthClientCredential.VaultCertificate);
                _bed.Vault.Set(null, account.SecretName, new NetworkCredential("pfx", Convert.ToBase64String(certificate.Export(X509ContentType.Cert))));

                var error = Assert.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

                Assert.Equal(ErrorIds.ClientCertificateNotFound, error.ErrorId);
                Assert.Contains(account.SecretName, error.Message);
            }
        }

        [Fact]
        public void TwoProcessesSharingTheVaultAskTheIdentityProviderOnce()
        {
            var account = _bed.SecretApp();
            var first = _bed.NewService();
            var second = _bed.NewService();

            var issued = TestDeadline.Run(() => first.GetToken(account, TokenAudience.Smtp, false, default));
            var setCalls = _bed.Vault.SetCalls;
            var cached = second.GetToken(account, TokenAudience.Smtp, false, default);
            var again = second.GetToken(account, TokenAudience.Smtp, false, default);

            Assert.Equal(1, _bed.State.TokenRequestCount());
            Assert.Equal(1, first.MsalClientsCreated);
            Assert.Equal(0, second.MsalClientsCreated);
            Assert.True(cached.FromCache);
            Assert.True(again.FromCache);
            Assert.Equal(issued.Value, cached.Value);
            Assert.Equal(issued.ExpiresOn, cached.ExpiresOn);
            Assert.Equal(issued.Roles, cached.Roles);
            Assert.Equal(setCalls, _bed.Vault.SetCalls); // an unchanged cache is not written again
            _bed.Secrets.Add(issued.Value);
            _bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void EachAudienceHasItsOwnCachedToken()
        {
            var account = _bed.SecretApp();
            var service = _bed.NewService();

            var smtp = TestDeadline.Run(() => service.GetToken(account, TokenAudience.Smtp, false, default));
            var graph = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Graph, false, default));

            Assert.NotEqual(smtp.Value, graph.Value);
            Assert.Equal(2, _bed.State.TokenRequestCount());
            Assert.True(_bed.NewService().GetToken(account, TokenAudience.Smtp, false, default).FromCache);
            Assert.True(_bed.NewService().GetToken(account, TokenAudience.Graph, false, default).FromCache);
            Assert.Equal(new[] { "Graph", "Smtp" }, _bed.StoredEnvelope(account).Tokens.Keys.OrderBy(k => k));
        }

        [Fact]
        public void ForceRefreshAsksAgainOnce()
        {
            var account = _bed.SecretApp();
            var first = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            var service = _bed.NewService();
            var refreshed = TestDeadline.Run(() => service.GetToken(account, TokenAudience.Smtp, true, default));
            var later = _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default);

            Assert.False(refreshed.FromCache);
            Assert.NotEqual(first.Value, refreshed.Value);
            Assert.Equal(2, _bed.State.TokenRequestCount());
            Assert.True(later.FromCache);
            Assert.Equal(refreshed.Value, later.Value);
        }

        [Fact]
        public void ATokenWithinFiveMinutesOfItsExpiryIsRenewed()
        {
            var account = _bed.SecretApp();
            _bed.State.TokenLifetimeSeconds = 299;
            TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            var service = _bed.NewService();
            var renewed = TestDeadline.Run(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.False(renewed.FromCache);
            Assert.Equal(2, _bed.State.TokenRequestCount());
        }

        [Fact]
        public void ATokenForOtherSettingsIsNotUsed()
        {
            var account = _bed.SecretApp();
            TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            account.ClientId = Guid.NewGuid().ToString(); // the administrator changed the application

            var error = Assert.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
            Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
            Assert.Contains("AADSTS700016", error.Message);
        }

        [Theory]
        [InlineData("AADSTS7000215", "-ClientSecret")]
        [InlineData("AADSTS700016", "-ClientId")]
        [InlineData("AADSTS90002", "-TenantId")]
        [InlineData("AADSTS65001", "Grant admin consent")]
        [InlineData("AADSTS7000229", "New-ServicePrincipal")]
        public void EachRefusalIsOAuthTokenFailedWithItsCodeAndFix(string code, string fix)
        {
            var account = _bed.SecretApp("Refused");
            var app = _bed.State.FindApp(account.ClientId);
            switch (code)
            {
                case "AADSTS7000215":
                    _bed.Vault.Set(null, account.SecretName, new NetworkCredential(account.ClientId, "wrong-secret-value"));
                    _bed.Secrets.Add("wrong-secret-value");
                    break;
                case "AADSTS700016": account.ClientId = Guid.NewGuid().ToString(); break;
                case "AADSTS90002": account.TenantId = "fabrikam.onmicrosoft.com"; break;
                case "AADSTS65001": app.Consent = false; break;
                case "AADSTS7000229": app.ServicePrincipal = false; break;
            }

            var service = _bed.NewService();
            var error = TestDeadline.Throws<BackupMailException>(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains(code, error.Message);
            Assert.Contains(fix, error.Message);
            Assert.False(_bed.Vault.TryPeek(null, account.TokenSecretName, out _));
            _bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void AnUnregisteredCertificateIsRefusedWithItsCode()
        {
            using (var certificate = OAuthTestBed.ClientCertificate())
            {
                var app = _bed.State.RegisterApp(new AppRegistration { TenantId = _bed.Tenant.Id, Roles = OAuthTestBed.AppRoles() });
                var account = _bed.AppAccount("Cert", app.ClientId, OAuthClientCredential.VaultCertificate);
                _bed.Vault.Set(null, account.SecretName, new NetworkCredential("pfx", Convert.ToBase64String(certificate.Export(X509ContentType.Pfx))));

                var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

                Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
                Assert.Matches("AADSTS7000(27|24)", error.Message);
                Assert.Contains("public key", error.Message);
            }
        }

        [Fact]
        public void AnUnknownCodeComesWithItsDescription()
        {
            var account = _bed.SecretApp();
            _bed.State.ForceTokenError(50000, error: "server_side_policy", status: 400, description: "AADSTS50000: Something the test made up.");

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
            Assert.Contains("AADSTS50000: Something the test made up.", error.Message);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(503)]
        [InlineData(429)]
        public void AServerErrorIsTransient(int status)
        {
            var account = _bed.SecretApp();
            _bed.State.ForceTokenError(90033, error: "temporarily_unavailable", status: status, description: "AADSTS90033: A transient error has occurred.");

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthProviderUnreachable, error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.Contains(status.ToString(), error.Message);
        }

        [Fact]
        public void AnIdentityProviderThatIsNotThereIsTransient()
        {
            var account = _bed.SecretApp();
            account.AuthorityHost = "https://127.0.0.1:" + LoopbackPort.Unused();

            var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthProviderUnreachable, error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.Contains(account.AuthorityHost, error.Message);
            _bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void AHangingIdentityProviderEndsWithinTheTimeout()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                // Accepts connections (the TLS handshake never gets an answer) and says nothing.
                var accepted = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
                listener.BeginAcceptTcpClient(Accept, null);
                void Accept(IAsyncResult result)
                {
                    try
                    {
                        accepted.Add(listener.EndAcceptTcpClient(result));
                        listener.BeginAcceptTcpClient(Accept, null);
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                    catch (SocketException)
                    {
                    }
                }

                var account = _bed.SecretApp();
                account.AuthorityHost = "https://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;
                account.TimeoutSeconds = 2;

                var watch = Stopwatch.StartNew();
                var error = TestDeadline.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
                watch.Stop();

                Assert.Equal(ErrorIds.OAuthProviderUnreachable, error.ErrorId);
                Assert.Equal(ErrorRecovery.Retry, error.Recovery);
                Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
                foreach (var client in accepted)
                {
                    client.Dispose();
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void TheCallersCancellationEndsTheWait()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var account = _bed.SecretApp();
                account.AuthorityHost = "https://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;
                account.TimeoutSeconds = 30;
                using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
                {
                    var watch = Stopwatch.StartNew();
                    TestDeadline.Throws<OperationCanceledException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, cancel.Token));
                    Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        [Theory]
        [InlineData("this is not JSON")]
        [InlineData("{\"format\":1,\"tokens\":[\"wrong shape\"]}")]
        [InlineData("{\"format\":1,\"tokens\":{\"Smtp\":{\"accessToken\":\"x\"}},\"msalCache\":\"%%%\"}")]
        public void ADamagedCacheIsIgnoredAndOverwritten(string damaged)
        {
            var account = _bed.SecretApp();
            _bed.Vault.Set(null, account.TokenSecretName, new NetworkCredential(TokenCacheEnvelope.CredentialUserName, damaged));

            var token = TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.False(token.FromCache);
            Assert.Contains(_bed.Output.Warnings, line => line.Contains(account.TokenSecretName));
            Assert.Equal(token.Value, _bed.StoredEnvelope(account).Tokens["Smtp"].Value);
            Assert.True(_bed.NewService().GetToken(account, TokenAudience.Smtp, false, default).FromCache);
        }

        [Fact]
        public void ForgetRemovesTheTokenCache()
        {
            var account = _bed.SecretApp();
            TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            _bed.NewService().Forget(account);
            _bed.NewService().Forget(account); // nothing left: still fine

            Assert.False(_bed.Vault.TryPeek(null, account.TokenSecretName, out _));
            Assert.True(_bed.Vault.TryPeek(null, account.SecretName, out _));
            Assert.False(TestDeadline.Run(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default)).FromCache);
        }

        [Fact]
        public void AMissingClientSecretIsTheVaultsError()
        {
            var account = _bed.SecretApp();
            _bed.Vault.Remove(null, account.SecretName);

            var error = Assert.Throws<BackupMailException>(() => _bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.SecretNotFound, error.ErrorId);
        }
    }
}
