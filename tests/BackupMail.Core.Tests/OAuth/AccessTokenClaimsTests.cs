using System;
using System.Text;
using BackupMail.OAuth;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>A token's expiry and permissions are read from its JWT payload; anything else has no claims, and nothing throws.</summary>
    public sealed class AccessTokenClaimsTests
    {
        internal static string Jwt(string payloadJson) =>
            Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + Base64Url(payloadJson) + "." + Base64Url("signature");

        internal static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        [Fact]
        public void ReadsExpiryAudienceRolesOfAnApplicationToken()
        {
            var claims = AccessTokenClaims.Read(Jwt("{\"aud\":\"https://outlook.office365.com\",\"exp\":1893456000,\"roles\":[\"SMTP.SendAsApp\",\"Mail.Send\"]}"));

            Assert.True(claims.IsJwt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893456000), claims.ExpiresOn);
            Assert.Equal("https://outlook.office365.com", claims.Audience);
            Assert.Equal(new[] { "SMTP.SendAsApp", "Mail.Send" }, claims.Roles);
            Assert.Empty(claims.Scopes);
        }

        [Fact]
        public void SplitsTheScopesOfADelegatedToken()
        {
            // "?>" makes the base64 of the payload carry '-' and '_' in base64url.
            var claims = AccessTokenClaims.Read(Jwt("{\"aud\":[\"00000002-0000-0ff1-ce00-000000000000\"],\"exp\":\"1893456000\",\"scp\":\"SMTP.Send  Mail.Send\",\"x\":\"?>?>~~\"}"));

            Assert.Equal(new[] { "SMTP.Send", "Mail.Send" }, claims.Scopes);
            Assert.Empty(claims.Roles);
            Assert.Equal("00000002-0000-0ff1-ce00-000000000000", claims.Audience);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893456000), claims.ExpiresOn);
        }

        [Theory]
        [InlineData("ya29.a0AfB_byC-opaque-google-token")]
        [InlineData("a.b")]
        [InlineData("a.!!!.c")]
        [InlineData("a..c")]
        [InlineData("")]
        [InlineData(null)]
        public void ATokenThatIsNotAJwtHasNoClaims(string token)
        {
            var claims = AccessTokenClaims.Read(token);

            Assert.False(claims.IsJwt);
            Assert.Null(claims.ExpiresOn);
            Assert.Empty(claims.Roles);
            Assert.Empty(claims.Scopes);
        }

        [Theory]
        [InlineData("[1,2]")]
        [InlineData("not json")]
        [InlineData("{\"exp\":\"soon\",\"roles\":\"SMTP.SendAsApp\",\"scp\":42}")]
        [InlineData("{\"exp\":99999999999999999}")]
        public void AStrangePayloadDoesNotThrow(string payload)
        {
            var claims = AccessTokenClaims.Read(Jwt(payload));
            Assert.Null(claims.ExpiresOn);
        }

        [Fact]
        public void TheDescriptionHoldsNoPartOfTheToken()
        {
            var token = Jwt("{\"aud\":\"https://graph.microsoft.com\",\"exp\":1893456000,\"roles\":[\"Mail.Send\"]}");
            var text = AccessTokenClaims.Read(token).ToString();
            foreach (var part in token.Split('.'))
            {
                Assert.DoesNotContain(part, text);
            }

            Assert.DoesNotContain(token, new AccessToken(token, DateTimeOffset.UtcNow, null, null, false).ToString());
        }
    }
}
