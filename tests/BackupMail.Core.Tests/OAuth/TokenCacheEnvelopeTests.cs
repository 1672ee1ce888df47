using System;
using BackupMail.OAuth;
using Xunit;

namespace BackupMail.Tests.OAuth
{
    /// <summary>The token cache envelope reads back what it wrote; anything else is an empty cache, never an exception.</summary>
    public sealed class TokenCacheEnvelopeTests
    {
        [Fact]
        public void RoundTrips()
        {
            var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
            var envelope = new TokenCacheEnvelope { MsalCache = new byte[] { 1, 2, 3, 250 }, MsalAccount = "uid.utid", RefreshToken = "rt+/=" };
            envelope.Tokens["Smtp"] = new CachedAccessToken("key|a", "token-value", expires, new[] { "SMTP.SendAsApp" }, new[] { "SMTP.Send" });

            var text = envelope.Serialize();
            var read = TokenCacheEnvelope.Parse(text, out var damaged);

            Assert.False(damaged);
            var token = Assert.Single(read.Tokens).Value;
            Assert.Equal("key|a", token.Settings);
            Assert.Equal("token-value", token.Value);
            Assert.Equal(expires, token.ExpiresOn);
            Assert.Equal(new[] { "SMTP.SendAsApp" }, token.Roles);
            Assert.Equal(new[] { "SMTP.Send" }, token.Scopes);
            Assert.Equal(new byte[] { 1, 2, 3, 250 }, read.MsalCache);
            Assert.Equal("uid.utid", read.MsalAccount);
            Assert.Equal("rt+/=", read.RefreshToken);
            Assert.Equal(text, read.Serialize());
        }

        [Fact]
        public void AnEmptyOrMissingCacheIsNotDamage()
        {
            Assert.Empty(TokenCacheEnvelope.Parse(null, out var damaged).Tokens);
            Assert.False(damaged);
            Assert.Empty(TokenCacheEnvelope.Parse(string.Empty, out damaged).Tokens);
            Assert.False(damaged);
        }

        [Theory]
        [InlineData("not json at all")]
        [InlineData("[]")]
        [InlineData("42")]
        [InlineData("{}")]
        [InlineData("{\"format\":2,\"tokens\":{}}")]
        [InlineData("{\"format\":\"1\"}")]
        [InlineData("{\"format\":1,\"tokens\":[]}")]
        [InlineData("{\"format\":1,\"tokens\":{\"Smtp\":{\"accessToken\":\"x\",\"expiresOn\":\"tomorrow\"}}}")]
        [InlineData("{\"format\":1,\"tokens\":{\"Smtp\":\"x\"}}")]
        [InlineData("{\"format\":1,\"msalCache\":\"***not base64***\"}")]
        [InlineData("{\"format\":1,\"refreshToken\":42}")]
        [InlineData("{\"format\":1,\"tokens\":{")]
        public void ADamagedCacheIsEmptyAndSaidToBeDamaged(string text)
        {
            var envelope = TokenCacheEnvelope.Parse(text, out var damaged);

            Assert.True(damaged);
            Assert.Empty(envelope.Tokens);
            Assert.Null(envelope.MsalCache);
            Assert.Null(envelope.RefreshToken);
        }

        [Fact]
        public void TheDescriptionHoldsNoToken()
        {
            var envelope = new TokenCacheEnvelope { RefreshToken = "secret-refresh" };
            envelope.Tokens["Graph"] = new CachedAccessToken("k", "secret-access", DateTimeOffset.UtcNow, null, null);

            Assert.DoesNotContain("secret", envelope.ToString());
            Assert.DoesNotContain("secret", envelope.Tokens["Graph"].ToString());
        }
    }
}
