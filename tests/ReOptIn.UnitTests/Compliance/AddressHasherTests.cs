using System.Security.Cryptography;
using System.Text;
using ReOptIn.Core.Compliance;

namespace ReOptIn.UnitTests.Compliance;

public sealed class AddressHasherTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void The_hash_is_hmac_sha256_of_the_normalised_address()
    {
        var expected = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("jane@example.com"));
        Assert.Equal(expected, new AddressHasher(Key).TryHash(" Jane@EXAMPLE.com "));
    }

    [Fact]
    public void Another_key_gives_another_hash_and_another_fingerprint()
    {
        var other = Key.Select(b => (byte)(b ^ 0xFF)).ToArray();
        Assert.NotEqual(new AddressHasher(Key).TryHash("jane@example.com"), new AddressHasher(other).TryHash("jane@example.com"));
        Assert.NotEqual(new AddressHasher(Key).Fingerprint(), new AddressHasher(other).Fingerprint());
        Assert.Equal(new AddressHasher(Key).Fingerprint(), new AddressHasher(Key.ToArray()).Fingerprint());
    }

    [Fact]
    public void A_short_key_and_a_non_address_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new AddressHasher(new byte[16]));
        Assert.Null(new AddressHasher(Key).TryHash("not an address"));
    }
}
