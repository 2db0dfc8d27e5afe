using ReOptIn.Core.Security;

namespace ReOptIn.UnitTests.Security;

public sealed class SecretTokenTests
{
    [Fact]
    public void Tokens_are_url_safe_long_and_different()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SecretToken.Create("roi_")).ToList();
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.All(tokens, t =>
        {
            Assert.StartsWith("roi_", t, StringComparison.Ordinal);
            Assert.Equal(4 + 43, t.Length); // 32 random bytes, base64url without padding
            Assert.Matches("^[A-Za-z0-9_-]+$", t);
        });
    }

    [Fact]
    public void Only_the_same_secret_matches_its_hash()
    {
        var secret = SecretToken.Create();
        var hash = SecretToken.Hash(secret);
        Assert.Equal(32, hash.Length);
        Assert.True(SecretToken.Matches(secret, hash));
        Assert.False(SecretToken.Matches(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), hash));
    }
}
