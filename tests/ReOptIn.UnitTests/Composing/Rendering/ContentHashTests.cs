using System.Security.Cryptography;
using System.Text;
using ReOptIn.Core.Composing.Rendering;

namespace ReOptIn.UnitTests.Composing.Rendering;

public sealed class ContentHashTests
{
    [Fact]
    public void The_hash_is_stable_lowercase_sha256_hex()
    {
        var hash = ContentHash.Compute("Subject", "Body", "en");

        Assert.Equal(hash, ContentHash.Compute("Subject", "Body", "en"));
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(""))), ContentHash.Compute());
    }

    [Fact]
    public void Any_change_to_any_part_changes_the_hash()
    {
        var original = ContentHash.Compute("Subject", "Body", "en");

        Assert.NotEqual(original, ContentHash.Compute("Subject!", "Body", "en"));
        Assert.NotEqual(original, ContentHash.Compute("Subject", "body", "en"));
        Assert.NotEqual(original, ContentHash.Compute("Subject", "Body", "fr"));
        Assert.NotEqual(original, ContentHash.Compute("Subject", "Body", "en", ""));
        Assert.NotEqual(original, ContentHash.Compute("Body", "Subject", "en"));
    }

    [Fact]
    public void Parts_are_length_prefixed_and_null_differs_from_empty()
    {
        Assert.NotEqual(ContentHash.Compute("ab", "c"), ContentHash.Compute("a", "bc"));
        Assert.NotEqual(ContentHash.Compute("abc"), ContentHash.Compute("ab", "c"));
        Assert.NotEqual(ContentHash.Compute((string?)null), ContentHash.Compute(""));
        Assert.NotEqual(ContentHash.Compute("é"), ContentHash.Compute("e\u0301"));
    }
}
