using ReOptIn.Core.Importing;

namespace ReOptIn.UnitTests.Importing;

public sealed class SeenAddressesTests
{
    [Fact]
    public void Each_address_is_new_once_and_a_duplicate_after_that_also_across_growing()
    {
        var seen = new SeenAddresses();
        var random = new Random(7);
        var hashes = new List<Hash16>();
        for (var i = 0; i < 200_000; i++) // the table starts at 65,536 slots: it grows twice
        {
            hashes.Add(new Hash16((ulong)random.NextInt64(), (ulong)random.NextInt64()));
            Assert.True(seen.Add(hashes[^1]));
        }
        foreach (var hash in hashes) Assert.False(seen.Add(hash));
        Assert.Equal(200_000, seen.Count);
    }

    [Fact]
    public void Hashes_that_share_their_index_bits_or_one_half_are_still_told_apart()
    {
        var seen = new SeenAddresses();
        // The slot comes from the top bits of A: these three want the same slot.
        Assert.True(seen.Add(new Hash16(0x1234_5678_0000_0001, 1)));
        Assert.True(seen.Add(new Hash16(0x1234_5678_0000_0001, 2)));
        Assert.True(seen.Add(new Hash16(0x1234_5678_0000_0002, 1)));
        Assert.False(seen.Add(new Hash16(0x1234_5678_0000_0001, 2)));
        Assert.False(seen.Add(new Hash16(0x1234_5678_0000_0002, 1)));
        Assert.True(seen.Add(default));
        Assert.False(seen.Add(default));
        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void A_long_run_of_hashes_wanting_the_last_slots_wraps_around_to_the_first()
    {
        var seen = new SeenAddresses();
        for (ulong b = 1; b <= 100; b++) Assert.True(seen.Add(new Hash16(ulong.MaxValue, b)));
        for (ulong b = 1; b <= 100; b++) Assert.False(seen.Add(new Hash16(ulong.MaxValue, b)));
    }
}
