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
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>OAuthApp accounts against the identity provider double: secrets, certificates, the shared cache, errors.</summary>
    public sealed class OAuthAppTokenTests : OAuthTokenTestBase
    {
        [Theory]
        [InlineData(TokenAudience.Smtp, OAuthTestBed.SmtpResource, "SMTP.SendAsApp")]
        [InlineData(TokenAudience.Graph, OAuthTestBed.GraphResource, "Mail.Send")]
        public void ASecretAppGetsATokenForTheAudience(TokenAudience audience, string resource, string role)
        {
            var account = Bed.SecretApp();
            var service = Bed.NewService();

            var token = TestDeadline.Run(() => service.GetToken(account, audience, false, default));
            Bed.Secrets.Add(token.Value);

            var claims = AccessTokenClaims.Read(token);
            Assert.Equal(resource, Bed.State.CanonicalResource(claims.Audience));
            Assert.Equal(new[] { role }, token.Roles);
            Assert.False(token.FromCache);
            Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(61));
            Assert.Equal(1, Bed.State.TokenRequestCount("client_credentials", account.ClientId));
            Assert.Equal(1, service.MsalClientsCreated);
            Bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void ACertificateAppFromTheVaultGetsAToken()
        {
            using (var certificate = OAuthTestBed.ClientCertificate())
            {
                var app = Bed.CertificateApp(certificate);
                var account = Bed.AppAccount("Cert", app.ClientId, OAuthClientCredential.VaultCertificate);
                Bed.PutCertificate(account, certificate.Export(X509ContentType.Pfx));

                var token = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

                Assert.Equal(new[] { "SMTP.SendAsApp" }, token.Roles);
                Assert.Equal(1, Bed.State.TokenRequestCount("client_credentials", app.ClientId));
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
                    var app = Bed.CertificateApp(certificate);
                    var account = Bed.AppAccount("Store", app.ClientId, OAuthClientCredential.StoreCertificate);
                    account.ClientCertificateThumbprint = certificate.Thumbprint.ToLowerInvariant();

                    var token = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Graph, false, default));

                    Assert.Equal(new[] { "Mail.Send" }, token.Roles);
                    Assert.Contains(Bed.Output.Verbose, line => line.Contains("Cert:\\CurrentUser\\My") && line.Contains(certificate.Thumbprint));
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
            var account = Bed.AppAccount("Missing", Guid.NewGuid().ToString(), OAuthClientCredential.StoreCertificate);
            account.ClientCertificateThumbprint = new string('A', 40);
            var service = Bed.NewService();

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
                var account = Bed.AppAccount("NoKey", Guid.NewGuid().ToString(), OAuthClientCredential.VaultCertificate);
                Bed.PutCertificate(account, certificate.Export(X509ContentType.Cert));

                var error = Assert.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

                Assert.Equal(ErrorIds.ClientCertificateNotFound, error.ErrorId);
                Assert.Contains(account.SecretName, error.Message);
            }
        }

        [Fact]
        public void TwoProcessesSharingTheVaultAskTheIdentityProviderOnce()
        {
            var account = Bed.SecretApp();
            var first = Bed.NewService();
            var second = Bed.NewService();

            var issued = TestDeadline.Run(() => first.GetToken(account, TokenAudience.Smtp, false, default));
            var setCalls = Bed.Vault.SetCalls;
            var cached = second.GetToken(account, TokenAudience.Smtp, false, default);
            var again = second.GetToken(account, TokenAudience.Smtp, false, default);

            Assert.Equal(1, Bed.State.TokenRequestCount());
            Assert.Equal(1, first.MsalClientsCreated);
            Assert.Equal(0, second.MsalClientsCreated);
            Assert.True(cached.FromCache);
            Assert.True(again.FromCache);
            Assert.Equal(issued.Value, cached.Value);
            Assert.Equal(issued.ExpiresOn, cached.ExpiresOn);
            Assert.Equal(issued.Roles, cached.Roles);
            Assert.Equal(setCalls, Bed.Vault.SetCalls); // an unchanged cache is not written again
            Bed.Secrets.Add(issued.Value);
            Bed.AssertNoSecretLeaked();
        }

        [Fact]
        public void EachAudienceHasItsOwnCachedToken()
        {
            var account = Bed.SecretApp();
            var service = Bed.NewService();

            var smtp = TestDeadline.Run(() => service.GetToken(account, TokenAudience.Smtp, false, default));
            var graph = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Graph, false, default));

            Assert.NotEqual(smtp.Value, graph.Value);
            Assert.Equal(2, Bed.State.TokenRequestCount());
            Assert.True(Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default).FromCache);
            Assert.True(Bed.NewService().GetToken(account, TokenAudience.Graph, false, default).FromCache);
            Assert.Equal(new[] { "Graph", "Smtp" }, Bed.StoredEnvelope(account).Tokens.Keys.OrderBy(k => k));
        }

        [Fact]
        public void ForceRefreshAsksAgainOnce()
        {
            var account = Bed.SecretApp();
            var first = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            var service = Bed.NewService();
            var refreshed = TestDeadline.Run(() => service.GetToken(account, TokenAudience.Smtp, true, default));
            var later = Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default);

            Assert.False(refreshed.FromCache);
            Assert.NotEqual(first.Value, refreshed.Value);
            Assert.Equal(2, Bed.State.TokenRequestCount());
            Assert.True(later.FromCache);
            Assert.Equal(refreshed.Value, later.Value);
        }

        [Fact]
        public void ATokenWithinFiveMinutesOfItsExpiryIsRenewed()
        {
            var account = Bed.SecretApp();
            Bed.State.TokenLifetimeSeconds = 299;
            TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            var service = Bed.NewService();
            var renewed = TestDeadline.Run(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.False(renewed.FromCache);
            Assert.Equal(2, Bed.State.TokenRequestCount());
        }

        [Fact]
        public void ATokenForOtherSettingsIsNotUsed()
        {
            var account = Bed.SecretApp();
            TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            account.ClientId = Guid.NewGuid().ToString(); // the administrator changed the application

            var error = Assert.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
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
            var account = Bed.SecretApp("Refused");
            var app = Bed.State.FindApp(account.ClientId);
            switch (code)
            {
                case "AADSTS7000215":
                    Bed.Vault.Set(null, account.SecretName, new NetworkCredential(account.ClientId, "wrong-secret-value"));
                    Bed.Secrets.Add("wrong-secret-value");
                    break;
                case "AADSTS700016": account.ClientId = Guid.NewGuid().ToString(); break;
                case "AADSTS90002": account.TenantId = "fabrikam.onmicrosoft.com"; break;
                case "AADSTS65001": app.Consent = false; break;
                case "AADSTS7000229": app.ServicePrincipal = false; break;
            }

            var service = Bed.NewService();
            var error = TestDeadline.Throws<BackupMailException>(() => service.GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
            Assert.Equal(ErrorRecovery.Administrator, error.Recovery);
            Assert.Contains(code, error.Message);
            Assert.Contains(fix, error.Message);
            Assert.False(Bed.Vault.TryPeek(null, account.TokenSecretName, out _));
            Bed.AssertNoSecretLeaked(error);
        }

        [Fact]
        public void AnUnregisteredCertificateIsRefusedWithItsCode()
        {
            using (var certificate = OAuthTestBed.ClientCertificate())
            {
                var app = Bed.State.RegisterApp(new AppRegistration { TenantId = Bed.Tenant.Id, Roles = OAuthTestBed.AppRoles() });
                var account = Bed.AppAccount("Cert", app.ClientId, OAuthClientCredential.VaultCertificate);
                Bed.PutCertificate(account, certificate.Export(X509ContentType.Pfx));

                var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

                Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
                Assert.Matches("AADSTS7000(27|24)", error.Message);
                Assert.Contains("public key", error.Message);
            }
        }

        [Fact]
        public void AnUnknownCodeComesWithItsDescription()
        {
            var account = Bed.SecretApp();
            Bed.State.ForceTokenError(50000, error: "server_side_policy", status: 400, description: "AADSTS50000: Something the test made up.");

            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthTokenFailed, error.ErrorId);
            Assert.Contains("AADSTS50000: Something the test made up.", error.Message);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(503)]
        [InlineData(429)]
        public void AServerErrorIsTransient(int status)
        {
            var account = Bed.SecretApp();
            Bed.State.ForceTokenError(90033, error: "temporarily_unavailable", status: status, description: "AADSTS90033: A transient error has occurred.");

            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthProviderUnreachable, error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.Contains(status.ToString(), error.Message);
        }

        [Fact]
        public void AnIdentityProviderThatIsNotThereIsTransient()
        {
            var account = Bed.SecretApp();
            account.AuthorityHost = "https://127.0.0.1:" + LoopbackPort.Unused();

            var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.OAuthProviderUnreachable, error.ErrorId);
            Assert.Equal(ErrorRecovery.Retry, error.Recovery);
            Assert.Contains(account.AuthorityHost, error.Message);
            Bed.AssertNoSecretLeaked(error);
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

                var account = Bed.SecretApp();
                account.AuthorityHost = "https://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;
                account.TimeoutSeconds = 2;

                var watch = Stopwatch.StartNew();
                var error = TestDeadline.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));
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
                var account = Bed.SecretApp();
                account.AuthorityHost = "https://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;
                account.TimeoutSeconds = 30;
                using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
                {
                    var watch = Stopwatch.StartNew();
                    TestDeadline.Throws<OperationCanceledException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, cancel.Token));
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
            var account = Bed.SecretApp();
            Bed.Vault.Set(null, account.TokenSecretName, new NetworkCredential(TokenCacheEnvelope.CredentialUserName, damaged));

            var token = TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.False(token.FromCache);
            Assert.Contains(Bed.Output.Warnings, line => line.Contains(account.TokenSecretName));
            Assert.Equal(token.Value, Bed.StoredEnvelope(account).Tokens["Smtp"].Value);
            Assert.True(Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default).FromCache);
        }

        [Fact]
        public void ForgetRemovesTheTokenCache()
        {
            var account = Bed.SecretApp();
            TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Bed.NewService().Forget(account);
            Bed.NewService().Forget(account); // nothing left: still fine

            Assert.False(Bed.Vault.TryPeek(null, account.TokenSecretName, out _));
            Assert.True(Bed.Vault.TryPeek(null, account.SecretName, out _));
            Assert.False(TestDeadline.Run(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default)).FromCache);
        }

        [Fact]
        public void AMissingClientSecretIsTheVaultsError()
        {
            var account = Bed.SecretApp();
            Bed.Vault.Remove(null, account.SecretName);

            var error = Assert.Throws<BackupMailException>(() => Bed.NewService().GetToken(account, TokenAudience.Smtp, false, default));

            Assert.Equal(ErrorIds.SecretNotFound, error.ErrorId);
        }
    }
}
