using ReOptIn.Core.Security;

namespace ReOptIn.UnitTests.Security;

public sealed class LinkTokenTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(123_456_789L)]
    [InlineData(long.MaxValue)]
    public void A_token_carries_its_request_id_before_the_secret(long requestId)
    {
        var secret = SecretToken.Create();
        var token = LinkToken.Compose(requestId, secret);

        Assert.Equal(54, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.EndsWith(secret, token, StringComparison.Ordinal);
        Assert.Equal(new LinkToken(requestId, secret), LinkToken.Parse(token));
    }

    [Fact]
    public void An_older_token_is_the_secret_alone()
    {
        var old = SecretToken.Create();
        Assert.Equal(new LinkToken(null, old), LinkToken.Parse(old));
    }

    [Theory]
    [InlineData("AAAAAAAAAAA", 43)] // id 0
    [InlineData("___________", 43)] // id -1
    [InlineData("AAAAAAAAAAB", 44)] // one character too many
    public void A_token_without_a_valid_id_is_looked_up_as_a_whole(string prefix, int secretLength)
    {
        var token = prefix + (SecretToken.Create() + "x")[..secretLength];
        Assert.Equal(new LinkToken(null, token), LinkToken.Parse(token));
    }

    [Fact]
    public void Only_a_saved_request_has_an_id_to_carry() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkToken.Compose(0, SecretToken.Create()));
}
